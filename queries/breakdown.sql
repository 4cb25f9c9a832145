-- Calls per value of one column ({{.By}}, checked against the schema), for the calls
-- the filters admit. {{.Where}} holds only column names from the schema and parameters.
-- Grouped by the column's own values, which are cast to text only once counted: a
-- cast of every call's costs more than the count.
SELECT CAST(value AS VARCHAR) AS value, calls
FROM (SELECT {{.By}} AS value, count(*) AS calls FROM tickets WHERE {{.Where}} GROUP BY 1)
ORDER BY {{.Order}};
