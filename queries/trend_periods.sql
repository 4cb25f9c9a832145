-- The trend's periods from $from to $to, {{.Step}} long, cut in the session's zone:
-- each one's nominal start (local), its start and stop (local, the first and last
-- cut short where the period asked for ends inside them), and those as instants.
WITH periods AS (
    SELECT p AS nominal,
           -- greatest and least pass over NULL: a bound not asked for cuts nothing.
           greatest(p, CAST($cut_from AS TIMESTAMP)) AS start,
           least(p + INTERVAL {{.Step}}, CAST($cut_to AS TIMESTAMP)) AS stop
    FROM range(date_trunc('{{.Unit}}', CAST($from AS TIMESTAMP)), CAST($to AS TIMESTAMP), INTERVAL {{.Step}}) r(p)
)
SELECT nominal, start, stop, CAST(start AS TIMESTAMPTZ) AS start_at, CAST(stop AS TIMESTAMPTZ) AS stop_at
FROM periods
ORDER BY nominal;
