-- Rejects, for $reason, the rows of reject_more (file rows) the pass would load.
UPDATE pass SET outcome = 'reject', reason = $reason, reject_column = NULL
WHERE outcome = 'load'
  AND rowid IN (SELECT n.pass_row FROM normalised n JOIN reject_more m USING (source_row));
