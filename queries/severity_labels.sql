-- The distinct severity labels of the rows being loaded.
SELECT DISTINCT cell(severity_label) AS label FROM staged WHERE cell(severity_label) IS NOT NULL ORDER BY label;
