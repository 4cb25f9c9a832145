-- Calls per value of one column ({{.By}}, checked against the schema), for the calls
-- the filters admit. {{.Where}} holds only column names from the schema and parameters.
SELECT CAST({{.By}} AS VARCHAR) AS value, count(*) AS calls
FROM tickets
WHERE {{.Where}}
GROUP BY 1
ORDER BY {{.Order}};
