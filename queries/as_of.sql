-- The time of the latest event the data holds: open calls are aged to it, so that a
-- report on the same data always gives the same answer.
SELECT max(greatest(opened_at, resolved_at, closed_at, updated_at)) FROM tickets;
