-- Time in each state, for the calls {{.Where}} admits that have events: each
-- event's status holds from its time to the next event's, in update order (a
-- call's last state is not measured: nothing ends it). Per status, per phase
-- ("any waiting state": the time in all paused states together), and the time
-- from opening to the first event with a group (first assignment) and to the first
-- event in a work state (phase open); per call, then per state and value of
-- {{.By}} (With: grouped by it too): whether it is a waiting state, the calls, and
-- the median, 90th percentile and
-- total of their hours (in calendar time; {{.Working}}: in working hours too); With,
-- each state's calls of all values too (is_all), after its values.
WITH t AS (
    SELECT source, ticket_id, {{.By}} AS value, opened_at
    FROM tickets
    WHERE {{.Where}}
), seg AS (
    SELECT e.source, e.ticket_id, e.status, e.phase, e.assignment_group, e.event_at AS seg_from,
           lead(e.event_at) OVER w AS seg_to
    FROM events e
    WHERE e.event_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM t WHERE t.source = e.source AND t.ticket_id = e.ticket_id)
    WINDOW w AS (PARTITION BY e.source, e.ticket_id
                 ORDER BY e.update_count ASC NULLS FIRST, e.event_at ASC NULLS FIRST, e.import_id, e.source_row)
), spans AS (
    -- kind: 1 a status, 2 a phase, 3 a milestone; its name; the span.
    -- A status written in two ways (Active, active) is one state, named as it is
    -- most often written.
    SELECT source, ticket_id, 1 AS kind, mode(status) OVER (PARTITION BY lower(regexp_replace(trim(status), '\s+', ' ', 'g'))) AS state,
           coalesce(phase = 'paused', false) AS waiting, seg_from AS span_from, seg_to AS span_to
    FROM seg WHERE status IS NOT NULL AND seg_to > seg_from
    UNION ALL
    SELECT source, ticket_id, 2, 'any waiting state', false, seg_from, seg_to
    FROM seg WHERE phase = 'paused' AND seg_to > seg_from
    UNION ALL
    SELECT s.source, s.ticket_id, 3, 'to first assignment', false, t.opened_at, min(s.seg_from)
    FROM seg s JOIN t USING (source, ticket_id)
    WHERE s.assignment_group IS NOT NULL
    GROUP BY ALL
    UNION ALL
    SELECT s.source, s.ticket_id, 3, 'to first work state', false, t.opened_at, min(s.seg_from)
    FROM seg s JOIN t USING (source, ticket_id)
    WHERE s.phase = 'open'
    GROUP BY ALL
), per AS (
    SELECT source, ticket_id, kind, state, waiting,
           sum(greatest(epoch_us(span_to) - epoch_us(span_from), 0)) / 3600e6 AS hours{{if .Working}},
           sum(CASE WHEN span_to > span_from THEN working_seconds(span_from, span_to) ELSE 0 END) / 3600 AS work_hours{{end}}
    FROM spans
    GROUP BY ALL
)
SELECT kind, state, waiting, value, is_all, calls, q[1], q[2], total{{if .Working}}, wq[1], wq[2], wtotal{{end}}
FROM (
    SELECT p.kind, p.state, bool_or(p.waiting) AS waiting, {{if .With}}CAST(t.value AS VARCHAR){{else}}NULL{{end}} AS value,
           {{if .With}}grouping(t.value) = 1{{else}}false{{end}} AS is_all,
           count(*) AS calls, quantile_cont(p.hours, [0.5, 0.9]) AS q, sum(p.hours) AS total{{if .Working}},
           quantile_cont(p.work_hours, [0.5, 0.9]) AS wq, sum(p.work_hours) AS wtotal{{end}},
           -- the state's total over all values: the largest of its rows'
           max(sum(p.hours)) OVER (PARTITION BY p.kind, p.state) AS state_total
    FROM per p JOIN t USING (source, ticket_id)
    {{if .With}}GROUP BY GROUPING SETS ((p.kind, p.state, t.value), (p.kind, p.state)){{else}}GROUP BY p.kind, p.state{{end}}
)
ORDER BY kind, state_total DESC, state, is_all{{if .With}}, {{.Order}}{{end}};
