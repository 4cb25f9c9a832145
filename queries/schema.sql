-- The canonical model. Applied on every open; every statement is idempotent.

CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;

-- One row per file imported.
CREATE TABLE IF NOT EXISTS imports (
    import_id      INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    source_file    VARCHAR NOT NULL,   -- the path as the user gave it
    sha256         VARCHAR NOT NULL,   -- of the file's bytes as read (compressed if .gz)
    format         VARCHAR NOT NULL,   -- csv, xlsx
    sheet          VARCHAR,            -- XLSX sheet read
    header_row     INTEGER NOT NULL,   -- 1-based row of the header in the file
    rows_read      INTEGER NOT NULL,   -- data rows under the header
    rows_loaded    INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    rows_skipped   INTEGER NOT NULL,   -- blank rows and total rows
    profile        VARCHAR,            -- profile file used, if any
    profile_sha256 VARCHAR,
    imported_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- One row per call. Dates are wall-clock times as the help desk recorded them.
CREATE TABLE IF NOT EXISTS tickets (
    ticket_id         VARCHAR NOT NULL,
    opened_at         TIMESTAMP NOT NULL,
    resolved_at       TIMESTAMP,
    closed_at         TIMESTAMP,
    severity          TINYINT CHECK (severity BETWEEN 1 AND 5),  -- NULL when the label is not recognised
    severity_label    VARCHAR,            -- as exported
    category          VARCHAR NOT NULL,   -- from the profile's rules, else the exported category, else 'Unclassified'
    category_rule     INTEGER,            -- 1-based profile rule that set category; NULL when not set by a rule
    exported_category VARCHAR,
    subcategory       VARCHAR,
    summary           VARCHAR,
    service           VARCHAR,            -- the business unit that logged the call
    assignment_group  VARCHAR,
    supplier          VARCHAR,
    status            VARCHAR,
    caller            VARCHAR,            -- personal data: never reported
    assigned_to       VARCHAR,            -- personal data: never reported
    import_id         INTEGER NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL    -- 1-based row in the file (records for CSV, sheet rows for XLSX)
);

-- Rows that could not be loaded, with why and the row as it was.
CREATE TABLE IF NOT EXISTS rejects (
    import_id   INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    sheet       VARCHAR,
    source_row  INTEGER NOT NULL,
    "column"    VARCHAR,                  -- the export's header of the offending cell
    reason      VARCHAR NOT NULL,
    raw         JSON NOT NULL             -- the whole row, export header -> value
);
