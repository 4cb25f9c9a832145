-- Reads a delimited file as a grid of text, header and title rows included:
-- header detection and type conversion happen afterwards, in SQL, with evidence.
-- Missing-value markers ($missing: ?, N/A ...) become NULL in the reader itself,
-- far faster than a test on every cell afterwards.
CREATE TEMP TABLE raw AS
SELECT *
FROM read_csv($path,
    header = false,
    all_varchar = true,
    null_padding = true,
    delim = $delim,
    quote = '"',
    escape = '"',
    strict_mode = false,
    nullstr = CAST($missing AS VARCHAR[]),
    parallel = $parallel,
    max_line_size = 10000000);
