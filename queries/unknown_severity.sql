-- Calls a severity filter leaves out because their label was not recognised, by label.
SELECT coalesce(severity_label, '') AS label, count(*) AS calls
FROM tickets
WHERE severity IS NULL AND {{.Where}}
GROUP BY 1
ORDER BY label;
