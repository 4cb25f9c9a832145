-- Whether the database holds tickets of this source: most imports are of a source
-- it does not hold yet, whose tickets then need no comparing with held ones.
SELECT EXISTS (SELECT 1 FROM tickets WHERE source = $source);
