-- The first and last opened time of all calls held, and the latest event (opened,
-- resolved, closed or updated), as wall-clock times in the session's zone: what
-- the data can answer for; and the latest event as an instant, to which open calls
-- are aged, so that a report on the same data always gives the same answer.
SELECT CAST(min(opened_at) AS TIMESTAMP), CAST(max(opened_at) AS TIMESTAMP),
       CAST(max(greatest(opened_at, resolved_at, closed_at, updated_at)) AS TIMESTAMP),
       max(greatest(opened_at, resolved_at, closed_at, updated_at))
FROM tickets;
