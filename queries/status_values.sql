-- The distinct status values of the rows read.
SELECT DISTINCT status FROM pass WHERE outcome = 'load' AND status IS NOT NULL;
