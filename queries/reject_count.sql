SELECT count(*) FROM rejects;
