-- The files behind the figures, in import order, with the tickets each still
-- supplies (a later export of the same tickets takes them over).
SELECT i.source_file, i.sha256, count(t.import_id) AS tickets
FROM imports i LEFT JOIN tickets t ON t.import_id = i.import_id
GROUP BY i.import_id, i.source_file, i.sha256
ORDER BY i.import_id;
