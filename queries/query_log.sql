-- The statements run since the log started, in order, as DuckDB received them
-- (values stay parameters: the manifest records the filters).
SELECT message FROM duckdb_logs
WHERE type = 'QueryLog' AND message NOT LIKE '%duckdb_logs%'
ORDER BY timestamp;
