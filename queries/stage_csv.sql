-- Reads a delimited file as a grid of text, header and title rows included:
-- header detection and type conversion happen afterwards, in SQL, with evidence.
-- {{.Columns}} names as many text columns as the file's longest row has values (and
-- one spare), counted beforehand: DuckDB's own sniffer would guess the count from the
-- first rows only, and drop a later row's values beyond it. Nothing is detected: the
-- delimiter is known, quotes are '"', and a CR, LF or CR LF ends a line.
-- Missing-value markers ($missing: ?, N/A ...) become NULL in the reader itself,
-- far faster than a test on every cell afterwards.
CREATE TEMP TABLE raw AS
SELECT *
FROM read_csv($path,
    auto_detect = false,
    header = false,
    columns = {{.Columns}},
    null_padding = true,
    delim = $delim,
    quote = '"',
    escape = '"',
    strict_mode = false,
    nullstr = CAST($missing AS VARCHAR[]),
    parallel = $parallel,
    max_line_size = 10000000);
