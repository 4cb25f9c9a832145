-- latest: one row per ticket of the file, its latest update, with its severity
-- (the severity label, else the fallback label, a Priority beside a blank
-- Severity; with Fallback; else impact x urgency), its status's phase, and its
-- lifecycle.
--
-- An event log (Collapse) holds a row per update: the rows are kept in history,
-- numbered per ticket in update order (the update counter, then the event time,
-- then file order), with the events the database holds of the same tickets from
-- earlier imports (Held). A ticket's lifecycle comes from all of them: opened is
-- its earliest opened time; resolved (closed) is its latest update's resolved
-- (closed) time, else when it last entered a resolved (closed) status and stayed
-- there; reopens
-- are returns from resolved or closed to new, open or paused, reassignments changes of
-- group, where the export does not count them; severity at opening (the first
-- event's) and the highest, and as its severity the final one, else the one Basis
-- (the profile's severity_basis) names: opening or highest. The event time is the updated time (Updated), else,
-- where a ticket's opened times differ from row to row (a log whose one time
-- column is each event's own), the opened time.
--
-- A changelog (Changelog: a row per change of one field, its From and To) is read
-- as an event log whose status rows say what the status became, and whose first
-- status, the one the first change of status was from, held from opening.
--
-- A file that repeats no ticket has no history: each row is the ticket, and a
-- resolved status gives no resolution time. Resolved is whether the ticket is
-- resolved: by its times, else its status; where neither the export's columns
-- nor its status can tell (Known false), not known (NULL).
{{define "row"}}
    n.* EXCLUDE (pass_row, outcome, reason, reject_column, has_opened, has_resolved, has_closed, has_updated, spare, severity_label, severity_fallback),
    coalesce(s.severity, {{if .Fallback}}f.severity{{else}}NULL{{end}}, m.severity) AS severity,
    CASE WHEN s.severity IS NOT NULL {{if .Fallback}}OR f.severity IS NOT NULL {{end}}THEN 'label' WHEN m.severity IS NOT NULL THEN 'matrix' END AS severity_from,
    CASE WHEN s.severity IS NULL {{if .Fallback}}AND f.severity IS NOT NULL {{else}}AND false {{end}}THEN n.severity_fallback
         ELSE coalesce(n.severity_label, n.severity_fallback) END AS severity_label,
    st.phase AS status_phase
FROM normalised n
LEFT JOIN severity_map s ON s.label = n.severity_label
{{if .Fallback}}LEFT JOIN severity_map f ON f.label = n.severity_fallback{{end}}
LEFT JOIN level_map i ON i.label = n.impact
LEFT JOIN level_map u ON u.label = n.urgency
LEFT JOIN priority_matrix m ON m.impact = i.level AND m.urgency = u.level
LEFT JOIN status_map st ON st.label = n.status
WHERE n.outcome = 'load'
{{end}}
{{define "resolved"}}
    CASE WHEN coalesce(resolved_at, closed_at) IS NOT NULL THEN true
         WHEN status_phase IN ('resolved', 'closed') THEN true
         WHEN status_phase IN ('new', 'open', 'paused') THEN false
         {{if .Known}}ELSE false{{end}} END AS resolved
{{end}}
{{if .Collapse}}
CREATE TEMP TABLE history AS
WITH r AS (
    SELECT h.*,
           {{if .Updated}}h.updated_at{{else}}CASE WHEN min(h.opened_at) OVER t <> max(h.opened_at) OVER t THEN h.opened_at END{{end}} AS event_at
    FROM (SELECT {{template "row" .}}) h
    {{if not .Updated}}WINDOW t AS (PARTITION BY h.ticket_id){{end}}
){{if .Changelog}}, c AS (
    -- A changelog's rows are changes: the status a ticket's first change of status
    -- changed from held from its opening, an event of its own.
    SELECT * FROM r
    UNION ALL BY NAME
    -- (row 0: before the file's rows, so first however the times tie)
    SELECT * REPLACE (opened_at AS event_at, change_from AS status, NULL::INTEGER AS update_count, 0 AS source_row)
    FROM r
    WHERE lower(change_field) = 'status'
    QUALIFY row_number() OVER (PARTITION BY ticket_id ORDER BY update_count ASC NULLS FIRST, event_at ASC NULLS FIRST, source_row) = 1
){{end}}, f AS (
    -- A row that does not say the status (a changelog's change of another field)
    -- is in the status of the row before it.
    SELECT x.* REPLACE (coalesce(x.status, last_value(x.status IGNORE NULLS) OVER w) AS status)
    FROM {{if .Changelog}}c{{else}}r{{end}} x
    WINDOW w AS (PARTITION BY x.ticket_id ORDER BY x.update_count ASC NULLS FIRST, x.event_at ASC NULLS FIRST, x.source_row
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT f.* REPLACE (st.phase AS status_phase)
FROM f LEFT JOIN status_map st ON st.label = f.status;

CREATE TEMP TABLE collapsed AS
WITH steps AS (
    SELECT ticket_id, update_count, event_at, 2147483647 AS import_id, source_row, status_phase AS phase,
           severity, assignment_group, opened_at
    FROM history
    {{if .Held}}UNION ALL
    -- The same tickets' events from earlier imports, but for those this file holds too.
    SELECT e.ticket_id, e.update_count, e.event_at, e.import_id, e.source_row, e.phase,
           e.severity, e.assignment_group, e.opened_at
    FROM events e
    WHERE e.source = (SELECT source FROM load_source) AND e.ticket_id IN (SELECT ticket_id FROM history)
      AND NOT EXISTS (SELECT 1 FROM history h
                      WHERE h.ticket_id = e.ticket_id AND h.update_count IS NOT DISTINCT FROM e.update_count
                        AND h.event_at IS NOT DISTINCT FROM e.event_at AND h.status IS NOT DISTINCT FROM e.status){{end}}
), ordered AS (
    SELECT *,
           row_number() OVER w AS step,
           lag(phase) OVER w AS prev_phase,
           -- a group written in two ways (Team A, team  a) is one group
           lag(lower(regexp_replace(assignment_group, '\s+', ' ', 'g')) IGNORE NULLS) OVER w AS prev_group
    FROM steps
    WINDOW w AS (PARTITION BY ticket_id ORDER BY update_count ASC NULLS FIRST, event_at ASC NULLS FIRST, import_id, source_row)
), runs AS (
    SELECT ticket_id, step, event_at, phase, prev_phase, assignment_group, prev_group, severity, opened_at,
           max(step) FILTER (WHERE phase IS NULL OR phase IN ('new', 'open', 'paused')) OVER (PARTITION BY ticket_id) AS last_unresolved,
           max(step) FILTER (WHERE phase IS DISTINCT FROM 'closed') OVER (PARTITION BY ticket_id) AS last_unclosed
    FROM ordered
), life AS (
    SELECT ticket_id,
           min(opened_at) AS first_opened,
           arg_min(severity, step) FILTER (WHERE severity IS NOT NULL) AS severity_opened,
           min(severity) AS severity_highest,
           min(event_at) FILTER (WHERE step > coalesce(last_unresolved, 0)) AS resolved_by_status,
           min(event_at) FILTER (WHERE step > coalesce(last_unclosed, 0)) AS closed_by_status,
           count(*) FILTER (WHERE phase IN ('new', 'open', 'paused') AND prev_phase IN ('resolved', 'closed')) AS reopens,
           count(*) FILTER (WHERE lower(regexp_replace(assignment_group, '\s+', ' ', 'g')) <> prev_group) AS group_changes
    FROM runs
    GROUP BY ticket_id
), last AS (
    SELECT * FROM history
    QUALIFY row_number() OVER (PARTITION BY ticket_id
        ORDER BY update_count DESC NULLS LAST, event_at DESC NULLS LAST, source_row DESC) = 1
), t AS (
    SELECT l.* REPLACE (
               f.first_opened AS opened_at,
               coalesce(l.resolved_at, f.resolved_by_status) AS resolved_at,
               coalesce(l.closed_at, f.closed_by_status) AS closed_at,
               {{if .ReopenColumn}}l.reopen_count{{else if .Status}}CAST(f.reopens AS INTEGER){{else}}l.reopen_count{{end}} AS reopen_count,
               {{if .ReassignColumn}}l.reassignment_count{{else if .Group}}CAST(f.group_changes AS INTEGER){{else}}l.reassignment_count{{end}} AS reassignment_count,
               {{if eq .Basis "opening"}}f.severity_opened{{else if eq .Basis "highest"}}f.severity_highest{{else}}l.severity{{end}} AS severity),
           f.severity_opened, f.severity_highest
    FROM last l JOIN life f USING (ticket_id)
)
SELECT t.*, {{template "resolved" .}} FROM t;
CREATE TEMP VIEW latest AS SELECT * FROM collapsed;
{{else}}
CREATE TEMP VIEW latest AS
SELECT r.*, r.severity AS severity_opened, r.severity AS severity_highest, {{template "resolved" .}}
FROM (SELECT {{template "row" .}}) r;
{{end}}
