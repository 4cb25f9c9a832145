-- Moves one file's tickets into tickets, but for those held in a later update.
-- {{.Overlap}} is false when the database holds none of them: the check is then
-- skipped, which saves a third of the time and memory of a large load.
INSERT INTO tickets (source, ticket_id, opened_at, resolved_at, closed_at, updated_at, update_count,
       reopen_count, reassignment_count, severity, severity_label, impact, urgency, severity_from,
       category, category_rule, exported_category, subcategory, summary, service,
       assignment_group, supplier, status, status_phase, resolved, severity_opened, severity_highest, made_sla,
       caller, assigned_to, import_id, source_file, source_row)
SELECT $source, ticket_id, opened_at, resolved_at, closed_at, updated_at, update_count,
       reopen_count, reassignment_count,
       severity, severity_label, impact, urgency, severity_from,
       category, category_rule, exported_category, subcategory, summary, service,
       assignment_group, supplier, status, status_phase, resolved, severity_opened, severity_highest, made_sla,
       caller, assigned_to,
       $import_id, $source_file, source_row
FROM latest n
{{if .Overlap}}WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.source = $source AND t.ticket_id = n.ticket_id){{end}};
