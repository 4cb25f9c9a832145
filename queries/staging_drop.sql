-- Clears one connection's staging tables, before and after each file.
DROP VIEW IF EXISTS latest;
DROP TABLE IF EXISTS collapsed;
DROP VIEW IF EXISTS normalised;
DROP TABLE IF EXISTS pass;
DROP TABLE IF EXISTS gaps;
DROP TABLE IF EXISTS witness;
DROP TABLE IF EXISTS reject_more;
DROP TABLE IF EXISTS reject_cells;
DROP TABLE IF EXISTS date_sample;
DROP TABLE IF EXISTS raw;
DROP TABLE IF EXISTS severity_map;
DROP TABLE IF EXISTS level_map;
DROP TABLE IF EXISTS status_map;
DROP TABLE IF EXISTS history;
DROP TABLE IF EXISTS load_source;
DROP TABLE IF EXISTS priority_matrix;
