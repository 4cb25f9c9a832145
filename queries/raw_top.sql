-- The first rows of a staged file, where its header is looked for.
SELECT * FROM raw WHERE rowid < ? ORDER BY rowid;
