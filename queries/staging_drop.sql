-- Clears one connection's staging tables, before and after each file.
DROP VIEW IF EXISTS staged;
DROP TABLE IF EXISTS normalised;
DROP TABLE IF EXISTS raw;
DROP TABLE IF EXISTS severity_map;
