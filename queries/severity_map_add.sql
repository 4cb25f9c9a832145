INSERT INTO severity_map VALUES (?, ?);
