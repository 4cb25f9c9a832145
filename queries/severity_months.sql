-- Calls opened per month and severity, from $from to $to (wall-clock, the session's
-- zone), for the calls {{.Where}} admits whatever their opened date.
SELECT strftime(date_trunc('month', opened_at), '%Y-%m') AS month, severity, count(*) AS calls
FROM tickets
WHERE {{.Where}} AND opened_at >= CAST($from AS TIMESTAMP) AND opened_at < CAST($to AS TIMESTAMP)
GROUP BY ALL
ORDER BY month, severity;
