-- Schema 2 to 3: tickets gain their status's phase, whether they are resolved, and
-- their severity at opening and highest; events come (schema.sql). A schema 2
-- database read a call as open when it had no resolved or closed time, and kept
-- no history: the new columns say the same.
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS status_phase VARCHAR;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS resolved BOOLEAN;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS severity_opened TINYINT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS severity_highest TINYINT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS made_sla BOOLEAN;
ALTER TABLE imports ADD COLUMN IF NOT EXISTS severity_basis VARCHAR;
UPDATE tickets SET resolved = coalesce(resolved_at, closed_at) IS NOT NULL,
                   severity_opened = severity, severity_highest = severity;
INSERT INTO schema_version VALUES (3);
