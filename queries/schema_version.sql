-- Which model a database file holds: whether it records a version (databases from
-- before versions were recorded do not) and whether its tickets table has the source
-- column. The version itself is read by schema_version_number.
SELECT EXISTS (SELECT 1 FROM information_schema.tables
               WHERE table_name = 'schema_version' AND table_schema = 'main'),
       EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_name = 'tickets' AND column_name = 'source' AND table_schema = 'main');
