-- Calls whose resolution the export cannot tell, or resolved at a time it does not
-- give, are left out (unmeasured.sql counts them for the notes).
-- Calls open at $at (an instant, RFC 3339) by how long they had been open, in whole
-- days, per value of {{.By}} and for all: the open backlog's ageing bands.
WITH t AS (
    SELECT {{.By}} AS value,
           floor((epoch_us(CAST($at AS TIMESTAMPTZ)) - epoch_us(opened_at)) / 86400e6) AS days
    FROM tickets
    WHERE {{.Where}} AND (resolved = false OR coalesce(resolved_at, closed_at) IS NOT NULL)
      AND opened_at < CAST($at AS TIMESTAMPTZ)
      AND (coalesce(resolved_at, closed_at) IS NULL OR coalesce(resolved_at, closed_at) >= CAST($at AS TIMESTAMPTZ))
)
SELECT
    grouping(value) = 1                         AS is_total,
    CAST(value AS VARCHAR)                      AS value,
    count(*)                                    AS calls,
    count(*) FILTER (WHERE days <= 1)           AS d0_1,
    count(*) FILTER (WHERE days BETWEEN 2 AND 5)  AS d2_5,
    count(*) FILTER (WHERE days BETWEEN 6 AND 10) AS d6_10,
    count(*) FILTER (WHERE days BETWEEN 11 AND 30) AS d11_30,
    count(*) FILTER (WHERE days > 30)           AS d31
FROM t
GROUP BY GROUPING SETS ((value), ())
ORDER BY is_total, {{.Order}};
