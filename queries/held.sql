-- The first and last opened time of all calls held, and the latest event (opened,
-- resolved, closed or updated), as wall-clock times in the session's zone: what
-- the data can answer for; and the latest event as an instant, to which open calls
-- are aged, so that a report on the same data always gives the same answer. Then
-- whether any call's severity changed over its history, how many calls measures
-- of resolution leave out (unmeasured.sql), and the severity bases
-- other than the final one that imports used.
SELECT CAST(min(opened_at) AS TIMESTAMP), CAST(max(opened_at) AS TIMESTAMP),
       CAST(max(greatest(opened_at, resolved_at, closed_at, updated_at)) AS TIMESTAMP),
       max(greatest(opened_at, resolved_at, closed_at, updated_at)),
       coalesce(bool_or(severity_opened IS DISTINCT FROM severity_highest), false),
       count(*) FILTER (WHERE resolved IS NULL OR resolved AND coalesce(resolved_at, closed_at) IS NULL),
       (SELECT string_agg(DISTINCT severity_basis, ', ' ORDER BY severity_basis) FROM imports
        WHERE severity_basis IS NOT NULL AND severity_basis <> 'final')
FROM tickets;
