-- Whether a working-time calendar was registered (working_seconds exists).
SELECT count(*) > 0 FROM duckdb_functions() WHERE function_name = 'working_seconds';
