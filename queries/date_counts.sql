-- For one date column of the file: cells with a value, and of those read as dates.
SELECT count(*) FILTER (WHERE {{.Has}}), count({{.Value}}) FROM pass WHERE outcome <> 'skip';
