-- Keeps one file's rejected rows, with why, and the row as it was.
INSERT INTO rejects
SELECT $import_id, $source_file, $sheet, source_row, reject_column, reason, raw
FROM normalised
WHERE outcome = 'reject'
ORDER BY source_row;
