-- Every import, oldest first, as text for a listing; when, in UTC (RFC 3339).
SELECT
    import_id::VARCHAR, strftime(timezone('UTC', imported_at), '%Y-%m-%dT%H:%M:%SZ'), source, source_file,
    coalesce(sheet, ''), coalesce(encoding, ''), sha256, time_zone,
    rows_read::VARCHAR, rows_loaded::VARCHAR, rows_rejected::VARCHAR, rows_skipped::VARCHAR,
    rows_superseded::VARCHAR, tickets_new::VARCHAR, tickets_updated::VARCHAR, tickets_kept::VARCHAR
FROM imports
ORDER BY import_id;
