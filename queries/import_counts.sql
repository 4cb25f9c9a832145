-- Rows of one file by outcome.
SELECT
    count(*)                                  AS rows_read,
    count(*) FILTER (WHERE outcome = 'load')   AS rows_loaded,
    count(*) FILTER (WHERE outcome = 'reject') AS rows_rejected,
    count(*) FILTER (WHERE outcome = 'skip')   AS rows_skipped
FROM normalised;
