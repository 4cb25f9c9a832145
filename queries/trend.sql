-- Calls created and resolved in each period from $from to $to, and the backlog (calls
-- opened and not yet resolved) at each period's end, for the calls {{.Where}} admits
-- whatever their opened date. Periods are {{.Step}} long, cut in the session's zone;
-- the first and last are cut short where the period asked for ends inside them.
-- A call resolved before it was opened counts as resolved when it was opened, so that
-- each backlog is the last one plus created less resolved.
--
-- One pass over the calls for each count: the periods' bounds are instants (cast
-- once, not per call), a call is matched to its period by a range join, and each
-- backlog is the calls open at the first period's start plus created less resolved
-- since (the periods follow one another).
WITH calls AS (
    SELECT opened_at,
           -- greatest passes over NULL: a call still open stays so
           CASE WHEN coalesce(resolved_at, closed_at) IS NOT NULL
                THEN greatest(opened_at, coalesce(resolved_at, closed_at)) END AS done_at
    FROM tickets
    WHERE {{.Where}}
), periods AS (
    SELECT p AS nominal,
           -- greatest and least pass over NULL: a bound not asked for cuts nothing.
           greatest(p, CAST($cut_from AS TIMESTAMP)) AS start,
           least(p + INTERVAL {{.Step}}, CAST($cut_to AS TIMESTAMP)) AS stop
    FROM range(date_trunc('{{.Unit}}', CAST($from AS TIMESTAMP)), CAST($to AS TIMESTAMP), INTERVAL {{.Step}}) r(p)
), bounds AS (
    SELECT nominal, start, stop, CAST(start AS TIMESTAMPTZ) AS start_at, CAST(stop AS TIMESTAMPTZ) AS stop_at
    FROM periods
), created AS (
    SELECT b.nominal, count(*) AS n
    FROM bounds b JOIN calls c ON c.opened_at >= b.start_at AND c.opened_at < b.stop_at
    GROUP BY b.nominal
), resolved AS (
    SELECT b.nominal, count(*) AS n
    FROM bounds b JOIN calls c ON c.done_at >= b.start_at AND c.done_at < b.stop_at
    GROUP BY b.nominal
), open_before AS (
    SELECT count(*) FILTER (WHERE c.opened_at < f.first) - count(*) FILTER (WHERE c.done_at < f.first) AS n
    FROM calls c, (SELECT min(start_at) AS first FROM bounds) f
)
SELECT
    b.nominal, b.start, b.stop,
    coalesce(cr.n, 0) AS created,
    coalesce(rs.n, 0) AS resolved,
    CAST((SELECT n FROM open_before) + sum(coalesce(cr.n, 0) - coalesce(rs.n, 0)) OVER (ORDER BY b.nominal) AS BIGINT) AS backlog
FROM bounds b
LEFT JOIN created cr ON cr.nominal = b.nominal
LEFT JOIN resolved rs ON rs.nominal = b.nominal
ORDER BY b.nominal;
