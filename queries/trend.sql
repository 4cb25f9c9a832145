-- Calls whose resolution the export cannot tell, or resolved at a time it does not
-- give, are left out (unmeasured.sql counts them for the notes).
-- Calls created and resolved in each of the trend's periods (trend_periods), and the
-- calls open at the first period's start, for the calls {{.Where}} admits whatever
-- their opened date. A call resolved before it was opened counts as resolved when it
-- was opened, so that each backlog is the last one plus created less resolved.
--
-- One pass over the calls: each call's period is found by a search of the periods'
-- stops (Created and Resolved: CASE expressions over the parameters $first, the
-- first period's start, and $stop_0 ..., the periods' stops, which follow one
-- another), far cheaper than a join of calls to periods or a time-zone conversion
-- of every call.
WITH calls AS (
    SELECT opened_at,
           -- greatest passes over NULL: a call still open stays so
           CASE WHEN coalesce(resolved_at, closed_at) IS NOT NULL
                THEN greatest(opened_at, coalesce(resolved_at, closed_at)) END AS done_at
    FROM tickets
    WHERE {{.Where}} AND (resolved = false OR coalesce(resolved_at, closed_at) IS NOT NULL)
), periods AS (
    SELECT {{.Created}} AS created_in, {{.Resolved}} AS resolved_in,
           opened_at < $first AS opened_before, done_at < $first AS done_before
    FROM calls
)
-- One scan feeds the three counts: per period opened, per period resolved, and the
-- calls open at the first period's start.
SELECT grouping(created_in) = 0 AS created, grouping(resolved_in) = 0 AS resolved,
       coalesce(created_in, resolved_in) AS period, count(*) AS n,
       count(*) FILTER (WHERE opened_before) - count(*) FILTER (WHERE done_before) AS open_before
FROM periods
GROUP BY GROUPING SETS ((created_in), (resolved_in), ());
