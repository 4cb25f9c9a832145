-- The calls {{.Where}} admits that measures of resolution leave out: those whose
-- resolution the export cannot tell (no resolved or closed time, and no status, or
-- one whose meaning is not known), and those resolved by their status at a time it
-- does not give.
SELECT count(*) FILTER (WHERE resolved IS NULL AND status IS NULL),
       count(*) FILTER (WHERE resolved IS NULL AND status IS NOT NULL),
       count(*) FILTER (WHERE resolved AND coalesce(resolved_at, closed_at) IS NULL)
FROM tickets
WHERE {{.Where}};
