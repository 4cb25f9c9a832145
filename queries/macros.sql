-- Per-connection helpers for loading. `cell` trims a value of spaces and makes an
-- empty one NULL (the readers have already made missing-value markers NULL). trim
-- copies every value it is given, and takes a fifth of a load: it is given only a
-- value that starts with a space or a character beyond ASCII, or ends with a space,
-- a no-break space or an ideographic space (the Unicode spaces exports hold; a
-- value ending in another, such as a thin space, keeps it). `is_marker` says
-- whether a value is a missing-value marker all the same (" N/A " padded with
-- spaces, which the readers miss);
-- `read_ts` reads ISO 8601 (with an offset or Z: an instant; without: a time in the
-- session's zone), the column's layouts, or, where serials is true, an Excel date
-- serial (an XLSX date cell, or a CSV column written as serials).
CREATE OR REPLACE TEMP MACRO cell(x) AS
    CASE WHEN ascii(x) NOT BETWEEN 33 AND 127 OR suffix(x, ' ') OR suffix(x, chr(160)) OR suffix(x, chr(12288))
         THEN nullif(trim(x), '') ELSE x END;
CREATE OR REPLACE TEMP MACRO is_marker(x) AS list_contains([{{.Markers}}], x);
CREATE OR REPLACE TEMP MACRO read_ts(x, layouts, serials) AS
    coalesce(
        -- DuckDB's own cast reads 03/06/13 as 2003-06-13: keep it to ISO 8601. A time
        -- without seconds before an offset (09:00+01:00) gets them, as the cast needs.
        -- The fifth character tested first: a pattern on every value costs more.
        CASE WHEN substr(x, 5, 1) = '-' AND regexp_matches(x, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN try_cast(
            regexp_replace(regexp_replace(regexp_replace(x, '\s*(Z|UTC)$', '+00:00'), '\s+([+-][0-9]{2}:?[0-9]{2})$', '\1'),
                           '^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{2})([+-])', '\1:00\2') AS TIMESTAMPTZ) END,
        -- An Excel serial (days since 1899-12-30), to the millisecond: Excel keeps no
        -- more. Tested before the layouts, which would all fail on it, slowly.
        CASE WHEN serials AND regexp_full_match(x, '[0-9]{1,7}(\.[0-9]+)?') AND TRY_CAST(x AS DOUBLE) BETWEEN 1 AND 2958465
             THEN (TIMESTAMP '1899-12-30' + to_milliseconds(round(TRY_CAST(x AS DOUBLE) * 86400000)::BIGINT))::TIMESTAMPTZ END,
        try_strptime(x, layouts)::TIMESTAMPTZ,
        -- Java 17+ in a UK locale writes September "Sept" (2/Sept/24): %b wants "Sep".
        -- Last, so that only the values nothing else read pay for the test.
        CASE WHEN contains(x, 'Sept') THEN try_strptime(regexp_replace(x, 'Sept\b', 'Sep'), layouts)::TIMESTAMPTZ END);
-- `read_time` reads a time of day in a column of its own (09:15, 9.15, 09:15:30,
-- 9:15 pm, or an Excel time serial, 0.385...) as an interval from midnight; NULL
-- when it is none of these. In a workbook (serials) a number is a serial. `with_time` sets such a time (read once) on a date read without one (at
-- midnight, wall-clock in the session's zone); a date with its own time keeps it.
CREATE OR REPLACE TEMP MACRO time_part(x, i) AS
    TRY_CAST(nullif(regexp_extract(x, '^([0-9]{1,2})[:.]([0-9]{2})(?:[:.]([0-9]{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?$', i), '') AS INTEGER);
CREATE OR REPLACE TEMP MACRO read_time(x, serials) AS
    CASE
        -- An Excel serial: under a day (0.375 is 09:00), or a date and time (41799.5,
        -- or 1.25 written with more places), of which the time is the fraction. A
        -- number of two places under 24 is a dotted time (9.15, 1.25).
        WHEN regexp_full_match(x, '[0-9]*\.?[0-9]+')
             AND (serials OR TRY_CAST(x AS DOUBLE) < 1 OR TRY_CAST(x AS DOUBLE) >= 24 OR length(split_part(x, '.', 2)) > 2)
            THEN to_milliseconds(round((TRY_CAST(x AS DOUBLE) - floor(TRY_CAST(x AS DOUBLE))) * 86400000)::BIGINT)
        WHEN NOT regexp_full_match(x, '[0-9]{1,2}[:.][0-9]{2}([:.][0-9]{2})?\s*([AaPp]\.?[Mm]\.?)?') THEN NULL
        WHEN regexp_matches(x, '[AaPp]\.?[Mm]\.?$') THEN
            CASE WHEN time_part(x, 1) BETWEEN 1 AND 12 AND time_part(x, 2) < 60 AND coalesce(time_part(x, 3), 0) < 60
                 THEN to_seconds((time_part(x, 1) % 12 + CASE WHEN regexp_matches(x, '[Pp]\.?[Mm]\.?$') THEN 12 ELSE 0 END) * 3600
                                 + time_part(x, 2) * 60 + coalesce(time_part(x, 3), 0)) END
        WHEN time_part(x, 1) < 24 AND time_part(x, 2) < 60 AND coalesce(time_part(x, 3), 0) < 60
            THEN to_seconds(time_part(x, 1) * 3600 + time_part(x, 2) * 60 + coalesce(time_part(x, 3), 0))
    END;
CREATE OR REPLACE TEMP MACRO with_time(ts, time_of_day) AS
    CASE WHEN ts IS NULL OR time_of_day IS NULL OR CAST(ts AS TIMESTAMP)::TIME <> TIME '00:00:00' THEN ts
         ELSE (CAST(ts AS TIMESTAMP) + time_of_day)::TIMESTAMPTZ END;
-- Why a date cell was not read, repeating it only when its letters are all date
-- words (DateWords: month names, AM/PM, zones): anything else may be a name moved
-- into the date column by a row missing a value.
CREATE OR REPLACE TEMP MACRO unread_date(x) AS
    CASE WHEN regexp_matches(regexp_replace(lower(x), '{{.DateWords}}', '', 'g'), '\pL')
         THEN 'cannot read its value as a date (not shown: it is not written like one)'
         ELSE format('cannot read "{}" as a date', x) END;
CREATE OR REPLACE TEMP MACRO unread_time(x) AS
    CASE WHEN regexp_matches(regexp_replace(lower(x), '{{.DateWords}}', '', 'g'), '\pL')
         THEN 'cannot read its value as a time of day (not shown: it is not written like one)'
         ELSE format('cannot read "{}" as a time of day', x) END;
-- Whether a held ticket is a later update than the file's version of it: by the
-- update counter where both have one and they differ, else by the updated time.
CREATE OR REPLACE TEMP MACRO held_later(held_count, new_count, held_updated, new_updated) AS
    CASE WHEN held_count <> new_count THEN held_count > new_count
         ELSE coalesce(held_updated > new_updated, false) END;
-- A total row: its first cell says so, and it holds no reference of its own.
CREATE OR REPLACE TEMP MACRO total_row(ticket_id, first_cell) AS
    (ticket_id IS NULL OR ticket_id = trim(first_cell))
    AND regexp_matches(first_cell, '^\s*(grand\s+)?totals?(\s|:|$)', 'i');
-- What each distinct label of the file means: filled from Go, which parses labels.
CREATE OR REPLACE TEMP TABLE severity_map (label VARCHAR PRIMARY KEY, severity TINYINT);
CREATE OR REPLACE TEMP TABLE level_map (label VARCHAR PRIMARY KEY, level TINYINT);
-- What each distinct status of the file means: open, paused, resolved or closed.
CREATE OR REPLACE TEMP TABLE status_map (label VARCHAR PRIMARY KEY, phase VARCHAR);
-- Impact x urgency -> severity, from the profile or ITIL's default matrix.
CREATE OR REPLACE TEMP TABLE priority_matrix (impact TINYINT, urgency TINYINT, severity TINYINT, PRIMARY KEY (impact, urgency));
