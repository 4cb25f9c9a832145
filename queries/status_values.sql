-- The distinct status values of the rows read: a changelog's statuses changed from too.
SELECT DISTINCT status FROM pass WHERE outcome = 'load' AND status IS NOT NULL
UNION
SELECT DISTINCT change_from FROM pass
WHERE outcome = 'load' AND lower(change_field) = 'status' AND change_from IS NOT NULL;
