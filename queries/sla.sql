-- SLA per value of {{.By}} and for all calls with a target: a call met its target
-- when resolved (else closed) within its severity's target hours ($target_1 ... $target_5);
-- a call still open at $as_of is already breached when older than its target.
WITH t AS (
    SELECT CAST({{.By}} AS VARCHAR) AS value, opened_at, coalesce(resolved_at, closed_at) AS done_at,
           CAST(CASE severity WHEN 1 THEN $target_1 WHEN 2 THEN $target_2 WHEN 3 THEN $target_3
                              WHEN 4 THEN $target_4 WHEN 5 THEN $target_5 END AS DOUBLE) AS target_hours
    FROM tickets
    WHERE {{.Where}} AND severity IS NOT NULL
), h AS (
    SELECT value, target_hours, done_at,
           CASE WHEN done_at >= opened_at THEN (epoch(done_at) - epoch(opened_at)) / 3600 END AS hours,
           (epoch(CAST($as_of AS TIMESTAMPTZ)) - epoch(opened_at)) / 3600 AS age_hours
    FROM t
    WHERE target_hours IS NOT NULL
)
SELECT
    grouping(value) = 1                                                  AS is_total,
    value,
    count(*)                                                             AS calls,
    count(*) FILTER (WHERE hours <= target_hours)                        AS met,
    count(*) FILTER (WHERE hours > target_hours)                         AS breached,
    count(*) FILTER (WHERE done_at IS NULL AND age_hours > target_hours)  AS open_breached,
    count(*) FILTER (WHERE done_at IS NULL AND age_hours <= target_hours) AS open_within,
    100.0 * count(*) FILTER (WHERE hours <= target_hours)
          / nullif(count(*) FILTER (WHERE hours IS NOT NULL), 0)         AS met_percent
FROM h
GROUP BY GROUPING SETS ((value), ())
ORDER BY is_total, {{.Order}};
