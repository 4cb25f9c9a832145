-- Whether the database records releases (one opened read-only may predate them).
SELECT EXISTS (SELECT 1 FROM information_schema.tables
               WHERE table_name = 'releases' AND table_schema = 'main');
