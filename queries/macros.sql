-- Per-connection helpers for loading. `cell` turns missing-value markers into NULL;
-- `read_ts` reads ISO 8601, the column's detected layouts, or an Excel date serial.
CREATE OR REPLACE TEMP MACRO cell(x) AS
    CASE WHEN trim(x) IN ('', '?', '-', '--', 'N/A', 'n/a', 'NA', 'NULL', 'null', '#N/A') THEN NULL ELSE trim(x) END;
CREATE OR REPLACE TEMP MACRO read_ts(x, layouts) AS
    coalesce(
        -- DuckDB's own cast reads 03/06/13 as 2003-06-13: keep it to ISO 8601.
        CASE WHEN regexp_matches(x, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN try_cast(x AS TIMESTAMP) END,
        try_strptime(x, layouts),
        -- An Excel serial (days since 1899-12-30), to the millisecond: Excel keeps no more.
        CASE WHEN regexp_full_match(x, '[0-9]{1,7}(\.[0-9]+)?') AND TRY_CAST(x AS DOUBLE) BETWEEN 1 AND 2958465
             THEN TIMESTAMP '1899-12-30' + to_milliseconds(round(TRY_CAST(x AS DOUBLE) * 86400000)::BIGINT) END);
CREATE OR REPLACE TEMP TABLE severity_map (label VARCHAR PRIMARY KEY, severity TINYINT);
