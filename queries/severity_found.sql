-- The severity labels of the file's tickets, what each was read as, and how often.
-- A severity from the impact x urgency matrix shows the pair it came from.
SELECT
    coalesce(severity_label,
             CASE WHEN severity_from = 'matrix' THEN format('impact {}, urgency {}', impact, urgency) END,
             '') AS label,
    severity, severity_from, count(*) AS tickets
FROM latest
GROUP BY ALL
ORDER BY severity NULLS LAST, label;
