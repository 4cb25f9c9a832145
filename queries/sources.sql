-- The files behind the figures, in import order, with the tickets each still
-- supplies (a later export of the same tickets takes them over). The tickets are
-- counted per import first: a join of every ticket to its import costs far more.
SELECT i.source_file, i.sha256, coalesce(t.tickets, 0) AS tickets
FROM imports i
LEFT JOIN (SELECT import_id, count(*) AS tickets FROM tickets GROUP BY import_id) t USING (import_id)
ORDER BY i.import_id;
