-- The file rows the pass rejected, in order.
SELECT source_row FROM normalised WHERE outcome = 'reject' ORDER BY source_row;
