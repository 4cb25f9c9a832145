-- An earlier import of the same bytes, if any.
SELECT import_id, source_file, imported_at FROM imports WHERE sha256 = ? ORDER BY import_id LIMIT 1;
