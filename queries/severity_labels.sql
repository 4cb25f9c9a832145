-- The distinct severity labels of the rows read, fallback labels among them.
SELECT DISTINCT label FROM (
    SELECT severity_label AS label FROM pass WHERE outcome = 'load'
    UNION ALL
    SELECT severity_fallback FROM pass WHERE outcome = 'load'
) WHERE label IS NOT NULL ORDER BY label;
