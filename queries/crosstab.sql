-- Calls per value of {{.By}} and of {{.Across}} (a column, or the month, week or
-- quarter opened, as text that sorts in time) together, for the calls the filters
-- admit. Values are cast to text once counted.
SELECT CAST(value AS VARCHAR), CAST(across AS VARCHAR), calls
FROM (SELECT {{.By}} AS value, {{.Across}} AS across, count(*) AS calls FROM tickets WHERE {{.Where}} GROUP BY ALL);
