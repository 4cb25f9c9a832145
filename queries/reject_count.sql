-- Calls rejected at import and still left out, and the rows they make: a row with
-- a ticket reference is that call's (an event log's updates of one ticket are one
-- call), one without is a call of its own. The same row rejected from two exports
-- of the same system (a later export, or the same one as .csv and .csv.gz) is one
-- row left out, and a call a later import loaded is not left out any more.
-- In memory (reports straight from files) nothing is kept to list them. Last:
-- whether rows were rejected of calls that are held all the same (an event log's
-- update whose ticket other rows loaded).
SELECT count(DISTINCT (source, coalesce(ref, raw))) FILTER (WHERE NOT held),
       count(*) FILTER (WHERE NOT held),
       (SELECT path IS NULL FROM duckdb_databases() WHERE database_name = current_database()),
       count(*) FILTER (WHERE held) > 0
FROM (
    SELECT DISTINCT i.source, r.reason, r.raw::VARCHAR AS raw,
           nullif(trim(r.raw ->> (i.mapping ->> 'ticket_id')), '') AS ref,
           EXISTS (
               SELECT 1 FROM tickets t
               WHERE t.source = i.source
                 AND t.ticket_id = trim(r.raw ->> (i.mapping ->> 'ticket_id'))
           ) AS held
    FROM rejects r JOIN imports i USING (import_id)
);
