-- The first and last opened time of the calls the filters admit, as wall-clock
-- times in the session's zone.
SELECT CAST(min(opened_at) AS TIMESTAMP), CAST(max(opened_at) AS TIMESTAMP), count(*) FROM tickets WHERE {{.Where}};
