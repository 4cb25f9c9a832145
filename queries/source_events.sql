-- Whether the database holds events of this source: an event log's tickets may
-- have begun in an earlier import's.
SELECT EXISTS (SELECT 1 FROM events WHERE source = $source);
