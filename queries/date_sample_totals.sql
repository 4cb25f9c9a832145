-- Total rows hold no dates to learn from; the sample's cells are trimmed as the
-- pass trims them.
DELETE FROM date_sample WHERE total_row(cell(ticket_id), first_cell);
UPDATE date_sample SET opened_at = cell(opened_at), resolved_at = cell(resolved_at),
    closed_at = cell(closed_at), updated_at = cell(updated_at);
