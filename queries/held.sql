-- The first and last opened time of all calls held, and the latest event (opened,
-- resolved, closed or updated), as wall-clock times in the session's zone: what
-- the data can answer for.
SELECT CAST(min(opened_at) AS TIMESTAMP), CAST(max(opened_at) AS TIMESTAMP),
       CAST(max(greatest(opened_at, resolved_at, closed_at, updated_at)) AS TIMESTAMP)
FROM tickets;
