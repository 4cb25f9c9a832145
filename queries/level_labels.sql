-- The distinct impact and urgency labels of the rows being loaded.
SELECT DISTINCT x FROM (SELECT cell(impact) AS x FROM staged UNION ALL SELECT cell(urgency) FROM staged)
WHERE x IS NOT NULL ORDER BY x;
