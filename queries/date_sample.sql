-- Rows sampled over the whole file (so that a file sorted by date shows all its
-- days): the day/month evidence and the ranking of date layouts come from them.
CREATE OR REPLACE TEMP TABLE date_sample (
    opened_at VARCHAR, resolved_at VARCHAR, closed_at VARCHAR, updated_at VARCHAR,
    ticket_id VARCHAR, first_cell VARCHAR);
