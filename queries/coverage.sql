-- The first and last opened date of the calls the filters admit.
SELECT min(opened_at), max(opened_at), count(*) FROM tickets WHERE {{.Where}};
