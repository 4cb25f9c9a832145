-- Starts DuckDB's log of the statements run, for a manifest.
CALL enable_logging('QueryLog');
