-- latest: one row per ticket of the file, its latest update, with its severity:
-- the severity label, else the fallback label (a Priority beside a blank
-- Severity; with Fallback), else impact x urgency. An event log holds a row
-- per update; the update counter orders them, then the updated-at time, then file
-- order. Collapse is false when no ticket repeats, which spares the sort and
-- a copy.
{{if .Collapse}}CREATE TEMP TABLE collapsed{{else}}CREATE TEMP VIEW latest{{end}} AS
SELECT
    n.* EXCLUDE (pass_row, outcome, reason, reject_column, has_opened, has_resolved, has_closed, has_updated, spare, severity_label, severity_fallback),
    coalesce(s.severity, {{if .Fallback}}f.severity{{else}}NULL{{end}}, m.severity) AS severity,
    CASE WHEN s.severity IS NOT NULL {{if .Fallback}}OR f.severity IS NOT NULL {{end}}THEN 'label' WHEN m.severity IS NOT NULL THEN 'matrix' END AS severity_from,
    CASE WHEN s.severity IS NULL {{if .Fallback}}AND f.severity IS NOT NULL {{else}}AND false {{end}}THEN n.severity_fallback
         ELSE coalesce(n.severity_label, n.severity_fallback) END AS severity_label
FROM normalised n
LEFT JOIN severity_map s ON s.label = n.severity_label
{{if .Fallback}}LEFT JOIN severity_map f ON f.label = n.severity_fallback{{end}}
LEFT JOIN level_map i ON i.label = n.impact
LEFT JOIN level_map u ON u.label = n.urgency
LEFT JOIN priority_matrix m ON m.impact = i.level AND m.urgency = u.level
WHERE n.outcome = 'load'
{{if .Collapse}}QUALIFY row_number() OVER (PARTITION BY n.ticket_id
    ORDER BY n.update_count DESC NULLS LAST, n.updated_at DESC NULLS LAST, n.source_row DESC) = 1;
CREATE TEMP VIEW latest AS SELECT * FROM collapsed;{{else}};{{end}}
