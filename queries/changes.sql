-- Calls per value of {{.By}} opened in the period ($from to $to) and in the
-- baseline before it ($base to $from), for the calls the other filters admit.
SELECT CAST(value AS VARCHAR), count_period, count_base
FROM (
    SELECT {{.By}} AS value,
           count(*) FILTER (WHERE opened_at >= CAST($from AS TIMESTAMP)) AS count_period,
           count(*) FILTER (WHERE opened_at < CAST($from AS TIMESTAMP)) AS count_base
    FROM tickets
    WHERE {{.Where}} AND opened_at >= CAST($base AS TIMESTAMP) AND opened_at < CAST($to AS TIMESTAMP)
    GROUP BY 1
);
