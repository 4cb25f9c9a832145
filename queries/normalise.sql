-- The one read of a file's rows under its header: each row is converted to
-- canonical values and its outcome decided: load, reject (with the reason and the
-- export column at fault) or skip (blank rows and total rows). The rows stay in
-- file order (the table's row ids), which is how they are numbered (row_numbers).
-- From is the source: DuckDB's reader of the file, or a workbook's grid; its cells
-- r.column0 ... are presented under canonical names by Staged. A cell longer than a
-- spreadsheet's (long_cell, its column's number, tested only when the file has a
-- record that long) rejects its row. Rule is the profile's category rules as one
-- CASE expression yielding the 1-based number of the first rule that matches;
-- Supplier likewise for the profile's supplier rules on the assignment group. A
-- rejected row's cells are kept apart (reject_cells): a row of every cell carried
-- through the pass would take memory by the file's width. Severity labels are kept as written: what they mean is
-- decided from all of them, after this pass (latest).
CREATE TEMP TABLE pass AS
WITH staged AS (
    SELECT {{.Staged}}
    FROM {{.From}} r
), c AS (
    SELECT
        blank, extra_cells, first_cell, long_cell, long_length, spare,
        -- A control character in an id (a NUL, a quoted line end, U+0085) would make
        -- R\x003 a ticket apart from R3: they go, but for a tab. Tested first: a replace on
        -- every id is dearer.
        CASE WHEN regexp_matches(ticket_id, '[\x00-\x08\x0a-\x1f\x7f-\x{9f}]')
             THEN cell(regexp_replace(ticket_id, '[\x00-\x08\x0a-\x1f\x7f-\x{9f}]', '', 'g'))
             ELSE cell(ticket_id) END AS ticket_id,
        cell(opened_at) AS opened_raw,
        cell(resolved_at) AS resolved_raw,
        cell(opened_time) AS opened_time_raw,
        cell(resolved_time) AS resolved_time_raw,
        cell(closed_at) AS closed_raw,
        cell(updated_at) AS updated_raw,
        cell(update_count)     AS update_count_raw,
        cell(reopen_count)     AS reopen_count_raw,
        cell(reassignment_count) AS reassignment_count_raw,
        cell(made_sla)         AS made_sla_raw,
        cell(severity_label)   AS severity_label,
        cell(severity_fallback) AS severity_fallback,
        cell(impact)           AS impact,
        cell(urgency)          AS urgency,
        cell(category)         AS exported_category,
        cell(subcategory)      AS subcategory,
        cell(summary)          AS summary,
        cell(service)          AS service,
        cell(assignment_group) AS assignment_group,
        cell(supplier)         AS supplier,
        {{if .Changelog}}-- A changelog row changes the status only where its field is the status.
        CASE WHEN lower(cell(change_field)) = 'status' THEN cell(change_to) END AS status,
        cell(change_field)     AS change_field,
        cell(change_from)      AS change_from,{{else}}-- A sub-status is read with its status: "Accepted - Wait - User".
        CASE WHEN cell(substatus) IS NULL THEN cell(status)
             WHEN cell(status) IS NULL THEN cell(substatus)
             ELSE cell(status) || ' - ' || cell(substatus) END AS status,
        NULL::VARCHAR          AS change_field,
        NULL::VARCHAR          AS change_from,{{end}}
        cell(caller)           AS caller,
        cell(assigned_to)      AS assigned_to
    FROM staged
), p AS (
    SELECT
        c.*,
        read_time(opened_time_raw, $time_serials)   AS opened_time_of_day,
        read_time(resolved_time_raw, $time_serials) AS resolved_time_of_day,
        with_time(read_ts(opened_raw, $opened_layouts, $opened_serials), opened_time_of_day)       AS opened_at,
        with_time(read_ts(resolved_raw, $resolved_layouts, $resolved_serials), resolved_time_of_day) AS resolved_at,
        -- A time of day beside a date that is not one: the row is not read on a guess.
        CASE WHEN opened_time_raw IS NULL OR is_marker(opened_time_raw) THEN false ELSE opened_time_of_day IS NULL END AS opened_time_bad,
        CASE WHEN resolved_time_raw IS NULL OR is_marker(resolved_time_raw) THEN false ELSE resolved_time_of_day IS NULL END AS resolved_time_bad,
        read_ts(closed_raw, $closed_layouts, $closed_serials)     AS closed_at,
        read_ts(updated_raw, $updated_layouts, $updated_serials)   AS updated_at,
        -- A date that is not read: a marker padded with spaces (" N/A "), which the
        -- readers miss, is no date rather than a bad one. Tested only where a date
        -- was not read: a test on every cell costs a tenth of a large load.
        CASE WHEN opened_at IS NOT NULL THEN false ELSE opened_raw IS NULL OR is_marker(opened_raw) END AS opened_missing,
        CASE WHEN resolved_raw IS NULL OR resolved_at IS NOT NULL THEN false ELSE NOT is_marker(resolved_raw) END AS resolved_bad,
        CASE WHEN closed_raw IS NULL OR closed_at IS NOT NULL THEN false ELSE NOT is_marker(closed_raw) END AS closed_bad,
        CASE WHEN updated_raw IS NULL OR updated_at IS NOT NULL THEN false ELSE NOT is_marker(updated_raw) END AS updated_bad,
        TRY_CAST(update_count_raw AS INTEGER)    AS update_count,
        -- A count, or a Yes/No "Reopened" flag (yes: reopened at least once).
        coalesce(TRY_CAST(reopen_count_raw AS INTEGER),
                 CASE WHEN list_contains(['yes', 'y', 'true'], lower(reopen_count_raw)) THEN 1
                      WHEN list_contains(['no', 'n', 'false'], lower(reopen_count_raw)) THEN 0 END) AS reopen_count,
        TRY_CAST(reassignment_count_raw AS INTEGER) AS reassignment_count,
        -- list_contains, not IN: DuckDB may make a long IN list a join, which
        -- would lose the rows' order, and their numbers with it.
        CASE WHEN list_contains(['true', 'yes', 'y', '1', 'met'], lower(made_sla_raw)) THEN true
             WHEN list_contains(['false', 'no', 'n', '0', 'breached', 'missed'], lower(made_sla_raw)) THEN false END AS made_sla,
        {{.Rule}} AS category_rule,
        {{.Supplier}} AS supplier_rule
    FROM c
), o AS (
    SELECT
        -- The date cells as written are kept only as whether there was one.
        p.* EXCLUDE (opened_missing, resolved_bad, closed_bad, updated_bad, opened_time_bad, resolved_time_bad, opened_time_raw, resolved_time_raw, opened_time_of_day, resolved_time_of_day, blank, extra_cells, first_cell, long_cell, long_length, update_count_raw, reopen_count_raw, reassignment_count_raw, made_sla_raw, opened_raw, resolved_raw, closed_raw, updated_raw, supplier, supplier_rule),
        -- The profile's supplier rules name who provides a group; else the export's.
        coalesce(list_extract($supplier_names, supplier_rule), supplier) AS supplier,
        opened_raw IS NOT NULL AS has_opened, resolved_raw IS NOT NULL AS has_resolved,
        closed_raw IS NOT NULL AS has_closed, updated_raw IS NOT NULL AS has_updated,
        coalesce(list_extract($rule_names, category_rule), exported_category, 'Unclassified') AS category,
        CASE
            WHEN blank THEN 'skip'
            WHEN total_row(ticket_id, first_cell) THEN 'skip'
            WHEN long_cell IS NOT NULL
              OR extra_cells > 0
              OR ticket_id IS NULL
              OR opened_at IS NULL
              OR opened_time_bad
              OR resolved_time_bad
              OR resolved_bad
              OR closed_bad
              OR updated_bad THEN 'reject'
            ELSE 'load'
        END AS outcome,
        CASE
            WHEN long_cell IS NOT NULL THEN format('a value of {} characters, more than a spreadsheet cell holds (32,767): an unclosed quote, or not a table of calls?', long_length)
            WHEN extra_cells > 0 THEN format('{} more {} than the header has columns (a delimiter inside an unquoted field, or a note beside the table?)',
                                             extra_cells, CASE WHEN extra_cells = 1 THEN 'value' ELSE 'values' END)
            WHEN ticket_id IS NULL THEN 'no ticket id'
            WHEN opened_missing THEN 'no opened date'
            WHEN opened_at IS NULL THEN unread_date(opened_raw)
            WHEN opened_time_bad THEN unread_time(opened_time_raw)
            WHEN resolved_time_bad THEN unread_time(resolved_time_raw)
            WHEN resolved_bad THEN unread_date(resolved_raw)
            WHEN closed_bad THEN unread_date(closed_raw)
            WHEN updated_bad THEN unread_date(updated_raw)
        END AS reason,
        CASE
            WHEN long_cell IS NOT NULL THEN list_extract($column_names, long_cell)
            WHEN extra_cells > 0 THEN NULL
            WHEN ticket_id IS NULL THEN $ticket_id_header
            WHEN opened_at IS NULL THEN $opened_header
            WHEN opened_time_bad THEN $opened_time_header
            WHEN resolved_time_bad THEN $resolved_time_header
            WHEN resolved_bad THEN $resolved_header
            WHEN closed_bad THEN $closed_header
            WHEN updated_bad THEN $updated_header
        END AS reject_column
    FROM p
)
SELECT * FROM o;
