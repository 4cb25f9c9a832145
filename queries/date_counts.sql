-- For one date column of the file: cells with a value, and of those read as dates.
SELECT count({{.Raw}}), count({{.Value}}) FROM normalised WHERE outcome <> 'skip';
