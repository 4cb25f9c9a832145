-- Sampled rows (witness: a file row and the ticket id written in it) whose number
-- the pass gives another ticket id, or none.
SELECT count(*)
FROM witness w LEFT JOIN normalised n USING (source_row)
WHERE n.ticket_id IS DISTINCT FROM w.ticket_id;
