-- The SLA recomputed (sla_clock.sql) against the export's own verdict (made_sla),
-- per value of {{.By}} and for all, over the calls with both: a call resolved
-- within its target, or open and not yet past it, agrees with an exported true;
-- one resolved after it, or open and past it, with false. Calls resolved before
-- they were opened are not judged here either.
WITH {{template "clock" .}}
, v AS (
    SELECT value, made_sla,
           coalesce(hours <= target_hours, CASE WHEN done_at IS NULL THEN age_hours <= target_hours END) AS met
    FROM h
    WHERE made_sla IS NOT NULL
), g AS (
    SELECT value,
           count(*)                                           AS calls,
           count(*) FILTER (WHERE met = made_sla)             AS agree,
           count(*) FILTER (WHERE met AND NOT made_sla)       AS met_here,
           count(*) FILTER (WHERE NOT met AND made_sla)       AS breached_here
    FROM v
    WHERE met IS NOT NULL
    GROUP BY value
)
SELECT is_total, CAST(value AS VARCHAR) AS value, calls, agree, met_here + breached_here AS disagree,
       met_here, breached_here, 100.0 * agree / nullif(calls, 0) AS agree_percent
FROM (
    SELECT false AS is_total, * FROM g
    UNION ALL
    SELECT true, NULL, coalesce(sum(calls), 0)::BIGINT, coalesce(sum(agree), 0)::BIGINT,
           coalesce(sum(met_here), 0)::BIGINT, coalesce(sum(breached_here), 0)::BIGINT
    FROM g
)
ORDER BY is_total, {{.Order}};
