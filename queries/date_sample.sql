-- A sample of one date column's values, to rank the layouts tried on the whole column.
CREATE OR REPLACE TEMP TABLE date_sample AS
SELECT x FROM (SELECT cell({{.Column}}) AS x FROM staged) WHERE x IS NOT NULL
USING SAMPLE reservoir({{.N}} ROWS) REPEATABLE (1);
