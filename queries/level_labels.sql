-- The distinct impact and urgency labels of the rows read.
SELECT DISTINCT x FROM (
    SELECT impact AS x FROM pass WHERE outcome = 'load'
    UNION ALL
    SELECT urgency FROM pass WHERE outcome = 'load'
) WHERE x IS NOT NULL ORDER BY x;
