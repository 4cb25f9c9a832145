-- Rows rejected at import and still left out. The same row rejected from two exports
-- of the same system (a later export, or the same one as .csv and .csv.gz) is one row
-- left out, and a row whose ticket a later import loaded is not left out any more.
SELECT count(*) FROM (
    SELECT DISTINCT i.source, r.reason, r.raw::VARCHAR
    FROM rejects r JOIN imports i USING (import_id)
    WHERE NOT EXISTS (
        SELECT 1 FROM tickets t
        WHERE t.source = i.source
          AND t.ticket_id = trim(r.raw ->> (i.mapping ->> 'ticket_id'))
    )
);
