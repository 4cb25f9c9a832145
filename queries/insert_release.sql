-- Record one published output.
INSERT INTO releases (release) VALUES ($1) RETURNING release_id, made_at;
