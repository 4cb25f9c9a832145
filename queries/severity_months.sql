-- Calls opened per month and severity, for the calls {{.Where}} admits whatever their
-- opened date: Month is the number of each call's month among the months asked for
-- (periodOf), NULL outside them.
SELECT period, severity, count(*) AS calls
FROM (SELECT {{.Month}} AS period, severity FROM tickets WHERE {{.Where}})
WHERE period IS NOT NULL
GROUP BY ALL
ORDER BY period, severity;
