-- The status values of the events held that pause an SLA clock, most frequent first.
SELECT status FROM events WHERE phase = 'paused' GROUP BY status ORDER BY count(*) DESC, status;
