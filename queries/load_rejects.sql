-- Keeps one file's rejected rows, with why, and the row as it was (export header ->
-- value). {{.Row}} builds that object from raw's columns and the names in parameters.
INSERT INTO rejects
SELECT $import_id, $source_file, $sheet, n.source_row, n.reject_column, n.reason, {{.Row}}
FROM normalised n JOIN raw r ON r.rowid + 1 = n.source_row
WHERE n.outcome = 'reject'
ORDER BY n.source_row;
