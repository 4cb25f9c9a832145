-- The first rows of a staged file, where its header is looked for.
SELECT * FROM raw ORDER BY rowid LIMIT ?;
