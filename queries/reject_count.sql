-- Calls rejected at import and still left out, and the rows they make: a row with
-- a ticket reference is that call's (an event log's updates of one ticket are one
-- call), one without is a call of its own. The same row rejected from two exports
-- of the same system (a later export, or the same one as .csv and .csv.gz) is one
-- row left out: rows alike are counted as often as the one import that has most
-- of them holds them (two alike in one file are two). A call a later import loaded
-- is not left out any more. In memory (reports straight from files) nothing is
-- kept to list them. Last: whether rows were rejected of calls that are held all
-- the same (an event log's update whose ticket other rows loaded).
SELECT (count(DISTINCT (source, ref)) FILTER (WHERE NOT held AND ref IS NOT NULL))
         + coalesce(sum(alike) FILTER (WHERE NOT held AND ref IS NULL), 0),
       coalesce(sum(alike) FILTER (WHERE NOT held), 0),
       (SELECT path IS NULL FROM duckdb_databases() WHERE database_name = current_database()),
       count(*) FILTER (WHERE held) > 0
FROM (
    SELECT source, reason, raw, ref, held, max(n) AS alike
    FROM (
        SELECT i.source, r.import_id, r.reason, r.raw::VARCHAR AS raw,
               nullif(trim(r.raw ->> (i.mapping ->> 'ticket_id')), '') AS ref,
               EXISTS (
                   SELECT 1 FROM tickets t
                   WHERE t.source = i.source
                     AND t.ticket_id = trim(r.raw ->> (i.mapping ->> 'ticket_id'))
               ) AS held,
               count(*) AS n
        FROM rejects r JOIN imports i USING (import_id)
        GROUP BY ALL
    )
    GROUP BY source, reason, raw, ref, held
);
