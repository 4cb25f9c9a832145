-- Every output published under a policy, oldest first; none in a database made
-- before releases were recorded.
SELECT release_id, made_at, release::VARCHAR
FROM releases
ORDER BY release_id;
