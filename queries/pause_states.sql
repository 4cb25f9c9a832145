-- The status values of the events held that pause an SLA clock, most frequent
-- first, one spelling of each (Wait - User, WAIT - USER: the first in byte order).
SELECT min(status) FROM events WHERE phase = 'paused'
GROUP BY lower(regexp_replace(status, '\s+', ' ', 'g'))
ORDER BY count(*) DESC, 1;
