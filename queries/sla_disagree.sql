-- The calls whose recomputed SLA (sla_clock.sql) disagrees with the export's own
-- verdict (made_sla): ids, severity ({{.By}} is severity here), the clock's hours,
-- the target, and each verdict.
WITH {{template "clock" .}}
, v AS (
    SELECT ticket_id, value, made_sla, run_hours, paused_hours, target_hours,
           coalesce(hours <= target_hours, CASE WHEN done_at IS NULL THEN age_hours <= target_hours END) AS met
    FROM h
    WHERE made_sla IS NOT NULL
)
SELECT ticket_id, CAST(value AS VARCHAR), run_hours, paused_hours, target_hours, met, made_sla
FROM v
WHERE met IS NOT NULL AND met <> made_sla
ORDER BY value, ticket_id;
