-- How many sampled date values are ISO 8601 and how many Excel serials (as read_ts reads them).
SELECT
    count(*) FILTER (WHERE regexp_matches(x, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') AND TRY_CAST(x AS TIMESTAMPTZ) IS NOT NULL),
    count(*) FILTER (WHERE regexp_full_match(x, '[0-9]{1,7}(\.[0-9]+)?'))
FROM date_sample;
