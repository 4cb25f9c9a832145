-- Rows that could not be loaded, in import and file order, as text.
SELECT source_file, coalesce(sheet, ''), source_row::VARCHAR, coalesce("column", ''), reason, raw::VARCHAR
FROM rejects
ORDER BY import_id, source_row;
