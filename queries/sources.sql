-- The files behind the figures, in import order.
SELECT source_file, sha256, rows_loaded FROM imports ORDER BY import_id;
