-- Rows that could not be loaded, in import and file order, as text, with the
-- import's mapping (canonical column -> export header): the headers mapped to
-- personal columns are withheld from the row as listed.
SELECT r.source_file, coalesce(r.sheet, ''), r.source_row::VARCHAR, coalesce(r."column", ''), r.reason, r.raw::VARCHAR,
       coalesce(i.mapping::VARCHAR, '{}')
FROM rejects r LEFT JOIN imports i USING (import_id)
ORDER BY r.import_id, r.source_row;
