-- The rows of the grid a delimited file was read into, title and header rows included.
SELECT count(*) FROM raw;
