-- latest: one row per ticket of the file, its latest update. An event log holds a
-- row per update; the update counter orders them, then the updated-at time, then
-- file order. {{.Collapse}} is false when no ticket repeats, which spares the sort
-- and a copy.
{{if .Collapse}}
CREATE TEMP TABLE collapsed AS
SELECT * EXCLUDE (outcome, reason, reject_column, has_opened, has_resolved, has_closed, has_updated) FROM normalised
WHERE outcome = 'load'
QUALIFY row_number() OVER (PARTITION BY ticket_id
    ORDER BY update_count DESC NULLS LAST, updated_at DESC NULLS LAST, source_row DESC) = 1;
CREATE TEMP VIEW latest AS SELECT * FROM collapsed;
{{else}}
CREATE TEMP VIEW latest AS
SELECT * EXCLUDE (outcome, reason, reject_column, has_opened, has_resolved, has_closed, has_updated) FROM normalised WHERE outcome = 'load';
{{end}}
