-- The pass's rows with their file row numbers: the pass keeps file order, so a
-- row's number is its place plus First, the first row's number, plus, with Gaps,
-- the rows before it the pass did not see (empty lines: gaps holds, from each pass
-- row on, how many there were).
CREATE OR REPLACE TEMP VIEW normalised AS
SELECT p.rowid + {{.First}}{{if .Gaps}} + coalesce(g.shift, 0){{end}} AS source_row, p.rowid AS pass_row, p.*
FROM pass p{{if .Gaps}} ASOF LEFT JOIN gaps g ON p.rowid >= g.from_row{{end}};
