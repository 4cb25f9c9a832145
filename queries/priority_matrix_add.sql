INSERT INTO priority_matrix VALUES (?, ?, ?);
