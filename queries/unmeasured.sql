-- The calls {{.Where}} admits that measures of resolution leave out: those whose
-- resolution the export cannot tell (no resolved or closed time, no status), and
-- those resolved by their status at a time the export does not give.
SELECT count(*) FILTER (WHERE resolved IS NULL),
       count(*) FILTER (WHERE resolved AND coalesce(resolved_at, closed_at) IS NULL)
FROM tickets
WHERE {{.Where}};
