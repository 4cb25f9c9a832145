-- Calls whose resolution the export cannot tell, or resolved at a time it does not
-- give, are left out (unmeasured.sql counts them for the notes).
-- SLA per value of {{.By}} and for all calls with a target: a call met its target
-- when its clock, at resolution (else closing), had run no longer than its
-- severity's target hours ($target_1 ... $target_5); a call still open at $as_of is
-- already breached when its clock has run longer.
--
-- The clock (sla_clock.sql) runs from opening ({{.Restart}}: from the last reopening)
-- to resolution, in calendar time ({{.Working}}: working time), and with {{.Pause}}
-- stops while the call's status is a paused one, or resolved before a reopening.
WITH {{template "clock" .}}
, g AS (
    -- Per value first; the counts add up to the total, which is then no second
    -- pass over the calls.
    SELECT
        value,
        count(*)                                                             AS calls,
        count(*) FILTER (WHERE hours <= target_hours)                        AS met,
        count(*) FILTER (WHERE hours > target_hours)                         AS breached,
        count(*) FILTER (WHERE done_at IS NULL AND age_hours > target_hours)  AS open_breached,
        count(*) FILTER (WHERE done_at IS NULL AND age_hours <= target_hours) AS open_within,
        count(hours)                                                         AS timed
    FROM h
    GROUP BY value
)
SELECT is_total, CAST(value AS VARCHAR) AS value, calls, met, breached, open_breached, open_within,
       100.0 * met / nullif(timed, 0) AS met_percent
FROM (
    SELECT false AS is_total, * FROM g
    UNION ALL
    SELECT true, NULL, coalesce(sum(calls), 0)::BIGINT, coalesce(sum(met), 0)::BIGINT, coalesce(sum(breached), 0)::BIGINT,
           coalesce(sum(open_breached), 0)::BIGINT, coalesce(sum(open_within), 0)::BIGINT, coalesce(sum(timed), 0)::BIGINT
    FROM g
)
ORDER BY is_total, {{.Order}};
