-- Rejects, for $reason, the rows of reject_more (file rows) the pass read, but for
-- blank and total rows: the reason replaces any the pass gave, and no one column is
-- at fault (the row does not line up with its header).
UPDATE pass SET outcome = 'reject', reason = $reason, reject_column = NULL
WHERE outcome <> 'skip'
  AND rowid IN (SELECT n.pass_row FROM normalised n JOIN reject_more m USING (source_row));
