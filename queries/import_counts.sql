-- Rows of one file by outcome, and the tickets its loadable rows hold (fewer than
-- the rows when an event log repeats a ticket once per update).
SELECT
    count(*)                                   AS rows_read,
    count(*) FILTER (WHERE outcome = 'load')   AS rows_loaded,
    count(*) FILTER (WHERE outcome = 'reject') AS rows_rejected,
    count(*) FILTER (WHERE outcome = 'skip')   AS rows_skipped,
    count(DISTINCT ticket_id) FILTER (WHERE outcome = 'load') AS tickets
FROM pass;
