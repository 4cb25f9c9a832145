-- Removes the held versions of tickets the file updates: a ticket is its source and
-- id, and a newer export replaces it unless the held one is the later update.
DELETE FROM tickets t USING latest n
WHERE t.source = $source AND t.ticket_id = n.ticket_id
  AND NOT held_later(t.update_count, n.update_count, t.updated_at, n.updated_at);
