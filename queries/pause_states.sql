-- The status values that paused an SLA clock in the history of the calls {{.Where}}
-- admits, most frequent first, one spelling of each (Wait - User, WAIT - USER: as
-- most often written); then a row of no status that says whether those calls
-- hold any history at all.
WITH e AS (
    SELECT e.status, e.phase
    FROM events e
    WHERE EXISTS (SELECT 1 FROM tickets WHERE source = e.source AND ticket_id = e.ticket_id AND {{.Where}})
)
SELECT status, history FROM (
    SELECT mode(status) AS status, count(*) AS n, false AS history FROM e WHERE phase = 'paused'
    GROUP BY lower(regexp_replace(trim(status), '\s+', ' ', 'g'))
    UNION ALL
    SELECT NULL, -1, EXISTS (SELECT 1 FROM e)
)
ORDER BY n DESC, status;
