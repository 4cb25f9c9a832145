{{/* The SLA clock of each call {{.Where}} admits that has a target: the common
table expressions t (the calls), c0 (those with a target, and when each clock
stops), seg (their events, each a state held from its
time to the next event's), c (where each clock starts and stops), p (the time
paused) and h (the clock's hours at resolution, hours, or at $as_of, age_hours,
with value, {{.By}}, done_at and target_hours; with Both, in calendar and working
time each: calendar_run, calendar_paused, working_run, working_paused). Target is the target of a call's
severity ($target_1 ... $target_5), or of its group's where the profile sets one. Parsed with sla.sql,
sla_check.sql and sla_timeline.sql, which begin WITH it. History: the events
matter (some are held, and the clock pauses or restarts), else seg is empty and p
left out, and the calls need no ids (IDs: they do, for a listing). */}}{{define "clock"}}
t AS (
    SELECT {{if or .History .IDs}}source, ticket_id, {{end}}{{.By}} AS value, opened_at,
           -- As at $as_of when AsAt: a call resolved later is open then, its clock stopped there.
           {{if .AsAt}}CASE WHEN coalesce(resolved_at, closed_at) < CAST($as_of AS TIMESTAMPTZ) THEN coalesce(resolved_at, closed_at) END{{else}}coalesce(resolved_at, closed_at){{end}} AS done_at, made_sla,
           CAST({{.Target}} AS DOUBLE) AS target_hours
    FROM tickets
    WHERE {{.Where}} AND severity IS NOT NULL
      AND (resolved = false OR coalesce(resolved_at, closed_at) IS NOT NULL)
), c0 AS (
    SELECT t.*, coalesce(done_at, CAST($as_of AS TIMESTAMPTZ)) AS stop_at
    FROM t
    WHERE target_hours IS NOT NULL
), seg AS (
    SELECT e.source, e.ticket_id, e.status, e.phase, e.event_at AS seg_from,
           lead(e.event_at) OVER w AS seg_to, lag(e.phase) OVER w AS prev_phase, row_number() OVER w AS step
    FROM events e
    WHERE {{if .History}}e.event_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM c0 WHERE c0.source = e.source AND c0.ticket_id = e.ticket_id){{else}}false{{end}}
    WINDOW w AS (PARTITION BY e.source, e.ticket_id
                 ORDER BY e.update_count ASC NULLS FIRST, e.event_at ASC NULLS FIRST, e.import_id, e.source_row)
), c AS (
    SELECT c0.*,
           {{if and .Restart .History}}coalesce(r.reopened_at, c0.opened_at){{else}}c0.opened_at{{end}} AS clock_from
    FROM c0
    {{if and .Restart .History}}LEFT JOIN (
        SELECT s.source, s.ticket_id, max(s.seg_from) AS reopened_at
        FROM seg s JOIN c0 USING (source, ticket_id)
        WHERE s.phase IN ('new', 'open', 'paused') AND s.prev_phase IN ('resolved', 'closed') AND s.seg_from < c0.stop_at
        GROUP BY ALL
    ) r USING (source, ticket_id){{end}}
){{if .History}}, p AS (
    -- Paused: a waiting state, or resolved or closed before the call was reopened,
    -- within the clock's run.
    SELECT source, ticket_id,
           sum(epoch_us(pause_to) - epoch_us(pause_from)) AS paused_us{{if or .Working .Both}},
           sum(working_seconds(pause_from, pause_to)) AS paused_ws{{end}}
    FROM (
        SELECT s.source, s.ticket_id, greatest(s.seg_from, c.clock_from) AS pause_from,
               least(coalesce(s.seg_to, c.stop_at), c.stop_at) AS pause_to
        FROM seg s JOIN c USING (source, ticket_id)
        WHERE {{if .Pause}}s.phase IN ('paused', 'resolved', 'closed'){{else}}false{{end}}
    )
    WHERE pause_to > pause_from
    GROUP BY ALL
){{end}}, h AS (
    SELECT {{if or .History .IDs}}c.source, c.ticket_id, {{end}}c.value, c.target_hours, c.opened_at, c.done_at, c.made_sla, c.clock_from, c.stop_at,
           {{if .Working}}{{template "ws" .}} / 3600{{else}}{{template "us" .}} / 3600e6{{end}} AS paused_hours,
           {{if .Working}}(working_seconds(c.clock_from, c.stop_at) - {{template "ws" .}}) / 3600{{else}}(epoch_us(c.stop_at) - epoch_us(c.clock_from) - {{template "us" .}}) / 3600e6{{end}} AS run_hours,
           CASE WHEN c.done_at >= c.opened_at THEN run_hours END AS hours,
           CASE WHEN c.done_at IS NULL THEN run_hours END AS age_hours{{if .Both}},
           -- Both: the clock in calendar and in working time, whichever judges it.
           (epoch_us(c.stop_at) - epoch_us(c.clock_from) - {{template "us" .}}) / 3600e6 AS calendar_run,
           {{template "us" .}} / 3600e6 AS calendar_paused,
           (working_seconds(c.clock_from, c.stop_at) - {{template "ws" .}}) / 3600 AS working_run,
           {{template "ws" .}} / 3600 AS working_paused{{end}}
    FROM c{{if .History}} LEFT JOIN p USING (source, ticket_id){{end}}
)
{{end}}{{define "us"}}{{if .History}}coalesce(p.paused_us, 0){{else}}0{{end}}{{end}}{{define "ws"}}{{if .History}}coalesce(p.paused_ws, 0){{else}}0{{end}}{{end}}
