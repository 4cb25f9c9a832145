-- Keeps an event log's rows as the tickets' events, but for those the database
-- holds already (an export that overlaps an earlier one): a ticket's lifecycle
-- is read from its events (latest.sql).
INSERT INTO events
SELECT $source, h.ticket_id, $import_id, h.source_row, h.event_at, h.update_count,
       h.status, h.status_phase, h.severity, h.assignment_group, h.opened_at
FROM history h
WHERE NOT EXISTS (SELECT 1 FROM events e
                  WHERE e.source = $source AND e.ticket_id = h.ticket_id
                    AND e.update_count IS NOT DISTINCT FROM h.update_count
                    AND e.event_at IS NOT DISTINCT FROM h.event_at
                    AND e.status IS NOT DISTINCT FROM h.status);
