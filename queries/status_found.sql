-- The status values of the file's rows, the phase each was read as, how many rows
-- hold it and how many tickets end in it.
WITH r AS (
    SELECT n.status, count(*) AS rows_
    FROM normalised n
    WHERE n.outcome = 'load' AND n.status IS NOT NULL
    GROUP BY n.status
), t AS (
    SELECT status, count(*) AS tickets FROM latest WHERE status IS NOT NULL GROUP BY status
)
SELECT r.status, st.phase, r.rows_, coalesce(t.tickets, 0)
FROM r
LEFT JOIN status_map st ON st.label = r.status
LEFT JOIN t ON t.status = r.status
ORDER BY r.rows_ DESC, r.status;
