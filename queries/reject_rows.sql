-- The rejected rows as they were in the file (export header -> value), kept so that
-- the grid can be dropped (drop_raw) before the tickets are stored: it is the largest thing
-- in memory. {{.Row}} builds the object from raw's columns and the names in parameters.
CREATE TEMP TABLE reject_rows AS
SELECT n.source_row, {{.Row}} AS raw
FROM normalised n JOIN raw r ON r.rowid + 1 = n.source_row
WHERE n.outcome = 'reject';
