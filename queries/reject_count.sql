-- Rows rejected at import. The same row rejected from two exports of the same system
-- (a later export, or the same one as .csv and .csv.gz) is one row left out.
SELECT count(*) FROM (
    SELECT DISTINCT i.source, r.reason, r.raw::VARCHAR
    FROM rejects r JOIN imports i USING (import_id)
);
