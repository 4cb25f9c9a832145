-- Evidence for the order of day and month in one date column: how many values look
-- like n/n/yyyy, and how many of those can only be day-first or only month-first.
WITH v AS (
    SELECT regexp_extract(x, '^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}', ['a', 'b']) AS p
    FROM (SELECT cell({{.Column}}) AS x FROM staged)
    WHERE x IS NOT NULL
)
SELECT
    count(*) FILTER (WHERE p.a <> '')                                     AS numeric_dates,
    count(*) FILTER (WHERE TRY_CAST(p.a AS INT) > 12 AND TRY_CAST(p.b AS INT) <= 12) AS day_first,
    count(*) FILTER (WHERE TRY_CAST(p.b AS INT) > 12 AND TRY_CAST(p.a AS INT) <= 12) AS month_first
FROM v;
