-- The canonical model. Applied on every read-write open; every statement is idempotent.
-- schema_version says which model a database file holds: deskstat refuses one it
-- cannot read rather than misreading it.

CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;

-- One row per file imported.
CREATE TABLE IF NOT EXISTS imports (
    import_id       INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    source          VARCHAR NOT NULL,   -- the system the export came from: tickets are keyed by source and id
    source_file     VARCHAR NOT NULL,   -- the path as the user gave it
    sha256          VARCHAR NOT NULL,   -- of the file's bytes as read (compressed if .gz)
    format          VARCHAR NOT NULL,   -- csv, xlsx
    encoding        VARCHAR,            -- CSV: utf-8, utf-16le, windows-1252 ...
    delimiter       VARCHAR,            -- CSV
    sheet           VARCHAR,            -- XLSX sheet read
    header_row      INTEGER NOT NULL,   -- 1-based row of the header in the file
    time_zone       VARCHAR NOT NULL,   -- the zone naive times were read in
    mapping         JSON NOT NULL,      -- canonical column -> export header
    rows_read       INTEGER NOT NULL,   -- data rows under the header
    rows_loaded     INTEGER NOT NULL,   -- rows that could be read (before collapsing updates)
    rows_rejected   INTEGER NOT NULL,
    rows_skipped    INTEGER NOT NULL,   -- blank rows and total rows
    rows_superseded INTEGER NOT NULL,   -- earlier updates of a ticket in the same file (event logs)
    tickets_new     INTEGER NOT NULL,
    tickets_updated INTEGER NOT NULL,   -- replaced an earlier import's version of the ticket
    tickets_kept    INTEGER NOT NULL,   -- not loaded: the database already held a later update
    profile         VARCHAR,            -- profile file used, if any
    profile_sha256  VARCHAR,
    severity_basis  VARCHAR,            -- which severity of an event log's call tickets.severity holds: final (NULL), opening, highest
    imported_at     TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- One row per ticket and source: the latest state loaded. Times are instants;
-- naive times in an export were read in the import's time zone.
CREATE TABLE IF NOT EXISTS tickets (
    source            VARCHAR NOT NULL,
    ticket_id         VARCHAR NOT NULL,
    opened_at         TIMESTAMPTZ NOT NULL,
    resolved_at       TIMESTAMPTZ,
    closed_at         TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ,
    update_count      INTEGER,
    reopen_count      INTEGER,            -- times reopened, when the export says
    reassignment_count INTEGER,           -- times passed to another group, when the export says
    severity          TINYINT CHECK (severity BETWEEN 1 AND 5),  -- NULL when neither label nor impact and urgency tell
    severity_label    VARCHAR,            -- as exported
    impact            VARCHAR,            -- as exported
    urgency           VARCHAR,            -- as exported
    severity_from     VARCHAR,            -- label, matrix (impact x urgency), or NULL
    category          VARCHAR NOT NULL,   -- from the profile's rules, else the exported category, else 'Unclassified'
    category_rule     INTEGER,            -- 1-based profile rule that set category; NULL when not set by a rule
    exported_category VARCHAR,
    subcategory       VARCHAR,
    summary           VARCHAR,
    service           VARCHAR,            -- the business unit that logged the call
    assignment_group  VARCHAR,
    supplier          VARCHAR,
    status            VARCHAR,
    status_phase      VARCHAR,            -- new, open, paused, resolved, closed; NULL when the status is not known
    resolved          BOOLEAN,            -- by its times, else its status; NULL when the export cannot tell
    severity_opened   TINYINT,            -- at the first event (an event log), else the severity
    severity_highest  TINYINT,            -- the highest (lowest number) it had
    made_sla          BOOLEAN,            -- the export's own verdict on the SLA (ServiceNow's made_sla), if it gives one
    caller            VARCHAR,            -- personal data: never reported
    assigned_to       VARCHAR,            -- personal data: never reported
    import_id         INTEGER NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL    -- 1-based row in the file (records for CSV, sheet rows for XLSX)
);

-- An event log's rows: a ticket's updates, for its lifecycle, SLA clock and time
-- in each state. Files that repeat no ticket have none.
CREATE TABLE IF NOT EXISTS events (
    source           VARCHAR NOT NULL,
    ticket_id        VARCHAR NOT NULL,
    import_id        INTEGER NOT NULL,
    source_row       INTEGER NOT NULL,
    event_at         TIMESTAMPTZ,        -- the update's time; NULL when the export gives none (file order then)
    update_count     INTEGER,
    status           VARCHAR,
    phase            VARCHAR,            -- the status's: new, open, paused, resolved, closed
    severity         TINYINT,
    assignment_group VARCHAR,
    opened_at        TIMESTAMPTZ
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

-- Every output published under a disclosure-control policy: what was asked and
-- every count as published, so that the audit of a later output includes them
-- (two answers to overlapping questions must not difference to a small count).
CREATE SEQUENCE IF NOT EXISTS release_id_seq START 1;
CREATE TABLE IF NOT EXISTS releases (
    release_id  INTEGER PRIMARY KEY DEFAULT nextval('release_id_seq'),
    made_at     TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    release     JSON NOT NULL             -- report.Release: the command, the question, the cells as published
);
