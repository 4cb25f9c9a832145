-- Calls whose resolution the export cannot tell, or resolved at a time it does not
-- give, are left out (unmeasured.sql counts them for the notes).
-- Time to resolve per value of {{.By}} and for all calls: the resolved time (else the
-- closed time) minus the opened time, in hours. Calls resolved before they were
-- opened are counted apart and left out of the times. {{.Where}} holds only schema
-- columns and parameters. With {{.Working}}, the same in working hours too
-- (working_seconds, registered with the profile's calendar). With {{.AsAt}}, calls
-- are judged at $as_at: one resolved later is still open.
WITH t AS (
    SELECT {{.By}} AS value, opened_at,
           {{if .AsAt}}CASE WHEN coalesce(resolved_at, closed_at) < CAST($as_at AS TIMESTAMPTZ) THEN coalesce(resolved_at, closed_at) END{{else}}coalesce(resolved_at, closed_at){{end}} AS done_at,
           reopen_count, reassignment_count
    FROM tickets
    WHERE {{.Where}} AND (resolved = false OR coalesce(resolved_at, closed_at) IS NOT NULL)
), h AS (
    SELECT value, done_at, reopen_count, reassignment_count,
           CASE WHEN done_at >= opened_at THEN (epoch_us(done_at) - epoch_us(opened_at)) / 3600e6 END AS hours{{if .Working}},
           CASE WHEN done_at >= opened_at THEN working_seconds(opened_at, done_at) / 3600 END AS work_hours{{end}}
    FROM t
)
SELECT is_total, CAST(value AS VARCHAR) AS value, calls, resolved, still_open, resolved_before_opened, timed,
       hours_q[1] AS median_hours, hours_q[2] AS p90_hours, mean_hours,
       reopened_percent, mean_reassignments, reopen_known, reassignment_known{{if .Working}},
       work_hours_q[1] AS median_work_hours, work_hours_q[2] AS p90_work_hours, mean_work_hours{{end}}
FROM (
SELECT
    grouping(value) = 1                AS is_total,
    value,
    count(*)                           AS calls,
    count(done_at)                     AS resolved,
    count(*) - count(done_at)          AS still_open,
    count(done_at) - count(hours)      AS resolved_before_opened,
    count(hours)                       AS timed,
    -- The median and the 90th percentile in one sort, not two.
    quantile_cont(hours, [0.5, 0.9])   AS hours_q,
    avg(hours)                         AS mean_hours,
    -- Where the export counts them: the share of calls reopened at least once, and
    -- the mean number of times a call went to another group.
    100.0 * count(*) FILTER (WHERE reopen_count > 0) / nullif(count(reopen_count), 0) AS reopened_percent,
    avg(reassignment_count)            AS mean_reassignments,
    count(reopen_count)                AS reopen_known,
    count(reassignment_count)          AS reassignment_known{{if .Working}},
    quantile_cont(work_hours, [0.5, 0.9]) AS work_hours_q,
    avg(work_hours)                    AS mean_work_hours{{end}}
FROM h
GROUP BY GROUPING SETS ((value), ())
)
ORDER BY is_total, {{.Order}};
