-- What loading the file's tickets will do to those of the same source already held:
-- new tickets, updates that replace the held version, and tickets not loaded because
-- the database holds a later update of them.
SELECT
    count(*) FILTER (WHERE t.ticket_id IS NULL)                                  AS new,
    count(*) FILTER (WHERE t.ticket_id IS NOT NULL AND NOT coalesce(t.updated_at > n.updated_at, false)) AS updated,
    count(*) FILTER (WHERE coalesce(t.updated_at > n.updated_at, false))         AS kept
FROM latest n
LEFT JOIN tickets t ON t.source = $source AND t.ticket_id = n.ticket_id;
