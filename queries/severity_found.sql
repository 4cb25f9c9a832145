-- The severity labels of the file's tickets, what each was read as, and how often.
SELECT coalesce(severity_label, '') AS label, severity, severity_from, count(*) AS tickets
FROM latest
GROUP BY ALL
ORDER BY severity NULLS LAST, label;
