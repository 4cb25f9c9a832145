-- How many of one date column's first sampled values are ISO 8601, how many Excel
-- serials (as read_ts reads them), how many yes/no flags ("Resolved: Yes" in a
-- hand-kept log), and how many there are in all.
SELECT
    count(*) FILTER (WHERE regexp_matches(x, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')),
    count(*) FILTER (WHERE regexp_full_match(x, '[0-9]{1,7}(\.[0-9]+)?')),
    count(*) FILTER (WHERE lower(x) IN ('yes', 'no', 'y', 'n', 'true', 'false')),
    count(*)
FROM (SELECT {{.Column}} AS x FROM date_sample WHERE {{.Column}} IS NOT NULL LIMIT {{.N}});
