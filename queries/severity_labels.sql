-- The distinct severity labels of the rows being loaded, fallback labels among them.
SELECT DISTINCT label FROM (
    SELECT cell(severity_label) AS label FROM staged
    UNION ALL
    SELECT cell(severity_fallback) FROM staged
) WHERE label IS NOT NULL ORDER BY label;
