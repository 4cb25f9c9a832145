-- The first and last opened time of all calls held, as wall-clock times in the
-- session's zone: what the data can answer for.
SELECT CAST(min(opened_at) AS TIMESTAMP), CAST(max(opened_at) AS TIMESTAMP) FROM tickets;
