-- Evidence for one date column, from the sample: how many values look like n/n/y,
-- how many of those can only be day-first or only month-first, and how many have a
-- two-digit and a four-digit year (n/n/y, or with a month name: 12/Mar/24).
WITH v AS (
    SELECT
        regexp_extract(x, '^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]+)', ['a', 'b', 'y']) AS p,
        regexp_extract(x, '^[0-9]{1,2}[/. -][A-Za-z]{3,9}[/. -]([0-9]+)', 1) AS named_year
    FROM (SELECT {{.Column}} AS x FROM date_sample)
    WHERE x IS NOT NULL
)
SELECT
    count(*) FILTER (WHERE p.a <> '')                                                AS numeric_dates,
    count(*) FILTER (WHERE TRY_CAST(p.a AS INT) > 12 AND TRY_CAST(p.b AS INT) <= 12) AS day_first,
    count(*) FILTER (WHERE TRY_CAST(p.b AS INT) > 12 AND TRY_CAST(p.a AS INT) <= 12) AS month_first,
    count(*) FILTER (WHERE length(p.y) = 2 OR length(named_year) = 2)                AS short_year,
    count(*) FILTER (WHERE length(p.y) = 4 OR length(named_year) = 4)                AS long_year,
    count(*)                                                                         AS sampled
FROM v;
