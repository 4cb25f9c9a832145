INSERT INTO level_map VALUES (?, ?);
