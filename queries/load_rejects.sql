-- Keeps one file's rejected rows, with why, and the row as it was.
INSERT INTO rejects
SELECT $import_id, $source_file, $sheet, source_row, reject_column, reason, raw_json
FROM normalised WHERE outcome = 'reject' ORDER BY source_row;
