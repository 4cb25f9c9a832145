-- One call's SLA clock (sla_clock.sql; {{.Where}} names the call): each state it
-- held, from its event's time to the next event's, and, where its first update
-- with a time came after the clock started, the time before it (no state: step
-- 0); with the hours of each within the clock's run (calendar; Both: working too);
-- then, on every row, the clock as a whole. A call with no events held has one
-- row, of no state.
WITH {{template "clock" .}}
, steps AS (
    SELECT source, ticket_id, status, phase, step, seg_from, seg_to FROM seg
    UNION ALL
    SELECT s.source, s.ticket_id, NULL, NULL, 0, h.clock_from, min(s.seg_from)
    FROM seg s JOIN h USING (source, ticket_id)
    GROUP BY ALL
    HAVING min(s.seg_from) > h.clock_from
), r AS (
    SELECT h.*, s.status, s.phase, s.step, s.seg_from, s.seg_to,
           greatest(s.seg_from, h.clock_from) AS in_from,
           least(coalesce(s.seg_to, h.stop_at), h.stop_at) AS in_to
    FROM h LEFT JOIN steps s USING (source, ticket_id)
)
SELECT source, ticket_id, status, phase, seg_from, seg_to, step,
       CASE WHEN in_to > in_from THEN (epoch_us(in_to) - epoch_us(in_from)) / 3600e6 ELSE 0 END AS in_hours,
       {{if .Both}}CASE WHEN in_to > in_from THEN working_seconds(in_from, in_to) / 3600 ELSE 0 END{{else}}NULL::DOUBLE{{end}} AS in_working,
       opened_at, clock_from, stop_at, done_at, run_hours, paused_hours, target_hours, hours, age_hours,
       {{if .Both}}calendar_run, calendar_paused, working_run, working_paused{{else}}NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE{{end}}
FROM r
ORDER BY source, step NULLS FIRST;
