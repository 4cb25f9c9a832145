-- A workbook's rejected rows as they were in the sheet (export header -> value),
-- from its grid: Row builds the object from the grid's columns r.column0 ...
CREATE OR REPLACE TEMP TABLE reject_cells AS
SELECT n.source_row, {{.Row}} AS raw
FROM normalised n JOIN raw r ON r.rowid + 1 = n.source_row
WHERE n.outcome = 'reject';
