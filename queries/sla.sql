-- Calls whose resolution the export cannot tell, or resolved at a time it does not
-- give, are left out (unmeasured.sql counts them for the notes).
-- SLA per value of {{.By}} and for all calls with a target: a call met its target
-- when resolved (else closed) within its severity's target hours ($target_1 ... $target_5);
-- a call still open at $as_of is already breached when older than its target.
WITH t AS (
    SELECT {{.By}} AS value, opened_at, coalesce(resolved_at, closed_at) AS done_at,
           CAST(CASE severity WHEN 1 THEN $target_1 WHEN 2 THEN $target_2 WHEN 3 THEN $target_3
                              WHEN 4 THEN $target_4 WHEN 5 THEN $target_5 END AS DOUBLE) AS target_hours
    FROM tickets
    WHERE {{.Where}} AND severity IS NOT NULL AND (resolved = false OR coalesce(resolved_at, closed_at) IS NOT NULL)
), h AS (
    SELECT value, target_hours, done_at,
           CASE WHEN done_at >= opened_at THEN (epoch_us(done_at) - epoch_us(opened_at)) / 3600e6 END AS hours,
           (epoch_us(CAST($as_of AS TIMESTAMPTZ)) - epoch_us(opened_at)) / 3600e6 AS age_hours
    FROM t
    WHERE target_hours IS NOT NULL
), g AS (
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
