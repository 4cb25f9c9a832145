-- Keeps one file's rejected rows, with why, and the row as it was.
INSERT INTO rejects
SELECT $import_id, $source_file, $sheet, n.source_row, n.reject_column, n.reason, j.raw
FROM normalised n JOIN reject_rows j USING (source_row)
WHERE n.outcome = 'reject'
ORDER BY n.source_row;
