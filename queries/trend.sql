-- Calls created and resolved in each period from $from to $to, and the backlog (calls
-- opened and not yet resolved) at each period's end, for the calls {{.Where}} admits
-- whatever their opened date. Periods are {{.Step}} long, cut in the session's zone;
-- the first and last are cut short where the period asked for ends inside them.
-- A call resolved before it was opened counts as resolved when it was opened, so that
-- each backlog is the last one plus created less resolved.
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
)
SELECT
    nominal, start, stop,
    count(c.opened_at) FILTER (WHERE c.opened_at >= start AND c.opened_at < stop) AS created,
    count(c.done_at) FILTER (WHERE c.done_at >= start AND c.done_at < stop)       AS resolved,
    count(c.opened_at) FILTER (WHERE c.opened_at < stop AND (c.done_at IS NULL OR c.done_at >= stop)) AS backlog
FROM periods LEFT JOIN calls c ON c.opened_at < stop
GROUP BY nominal, start, stop
ORDER BY nominal;
