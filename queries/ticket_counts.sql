-- What loading the file's tickets will do to those of the same source already held:
-- new tickets, updates that replace the held version, and tickets not loaded because
-- the database holds a later update of them. Held is false when it holds none of
-- the source's: then all are new.
{{if .Held}}SELECT
    count(*) FILTER (WHERE t.ticket_id IS NULL) AS new,
    count(*) FILTER (WHERE t.ticket_id IS NOT NULL AND NOT held_later(t.update_count, n.update_count, t.updated_at, n.updated_at)) AS updated,
    count(*) FILTER (WHERE held_later(t.update_count, n.update_count, t.updated_at, n.updated_at)) AS kept
FROM latest n
LEFT JOIN tickets t ON t.source = $source AND t.ticket_id = n.ticket_id;
{{else}}SELECT count(*), 0, 0 FROM latest WHERE $source IS NOT NULL;{{end}}
