-- Moves one file's loadable rows into tickets.
INSERT INTO tickets
SELECT ticket_id, opened_at, resolved_at, closed_at, severity, severity_label,
       category, category_rule, exported_category, subcategory, summary, service,
       assignment_group, supplier, status, caller, assigned_to,
       $import_id, $source_file, source_row
FROM normalised WHERE outcome = 'load' ORDER BY source_row;
