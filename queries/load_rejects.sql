-- Keeps one file's rejected rows, with why, and the row as it was (reject_cells).
INSERT INTO rejects
SELECT $import_id, $source_file, $sheet, n.source_row, n.reject_column, n.reason, CAST(c.raw AS JSON)
FROM normalised n JOIN reject_cells c USING (source_row)
WHERE n.outcome = 'reject'
ORDER BY n.source_row;
