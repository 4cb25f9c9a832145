-- The first few rejected rows of the file being loaded, for the user's error message.
SELECT source_row, reject_column, reason FROM normalised WHERE outcome = 'reject' ORDER BY source_row LIMIT $n;
