-- A sample of the date columns, every {{.Step}}th row, spread over the whole file so
-- that a file sorted by date shows all its days: the day/month evidence and the
-- ranking of layouts come from it. Total rows hold no dates to learn from.
CREATE OR REPLACE TEMP TABLE date_sample AS
SELECT cell(opened_at) AS opened_at, cell(resolved_at) AS resolved_at,
       cell(closed_at) AS closed_at, cell(updated_at) AS updated_at,
       total_row(cell(ticket_id), first_cell) AS total
FROM staged
WHERE source_row % {{.Step}} = 0;
-- Tested on the sample only: a filter beside the one above would be run on every row.
DELETE FROM date_sample WHERE total;
