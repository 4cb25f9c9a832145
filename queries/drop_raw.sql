-- Frees the grid once the rejected rows are kept: the tickets are stored without it.
DROP VIEW staged;
DROP TABLE raw;
