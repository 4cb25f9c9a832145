-- The time zone the database's imports were read in, when they all agree.
SELECT CASE WHEN count(DISTINCT time_zone) = 1 THEN any_value(time_zone) END FROM imports;
