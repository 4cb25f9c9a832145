// Package ingest loads help-desk exports (CSV, CSV.gz, XLSX) into the canonical
// tables: it finds the header, maps the export's columns, reads dates and severity
// labels, classifies calls by the profile's rules, and keeps the rows it cannot load.
// One file is one transaction. It returns what it did and never prints.
package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deskstat/deskstat/queries"
)

// Options are the choices a user can make about how files are read.
type Options struct {
	Profile   *Profile // may be nil
	DateOrder string   // day-first, month-first, or "" to detect per column
}

// Summary is what one import did.
type Summary struct {
	File      string
	SHA256    string
	Format    string // csv or xlsx
	Sheet     string
	HeaderRow int // 1-based
	Mapping   Mapping
	Read      int64 // data rows under the header
	Loaded    int64
	Rejected  int64
	Skipped   int64 // blank and total rows
	Warnings  []string
	Rejects   []Reject // the first few rejected rows
	// Duplicate is set when the same bytes were imported before: nothing was loaded.
	Duplicate *Earlier

	fieldCounts []int // CSV: fields in each of the first records
}

// Earlier is an earlier import of the same file contents.
type Earlier struct {
	ImportID   int64
	File       string
	ImportedAt time.Time
}

// Reject is one row that could not be loaded.
type Reject struct {
	Row    int64
	Column string
	Reason string
}

func (r Reject) String() string {
	if r.Column == "" {
		return fmt.Sprintf("row %d: %s", r.Row, r.Reason)
	}
	return fmt.Sprintf("row %d column %q: %s", r.Row, r.Column, r.Reason)
}

// headerSearchRows is how far down a file the header row may be.
const headerSearchRows = 30

// File loads one export into db in one transaction: on any error, nothing of it stays.
func File(ctx context.Context, db *sql.DB, path string, opts Options) (*Summary, error) {
	s := &Summary{File: path}
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, err)
	}
	s.SHA256 = sum
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// The same bytes twice would count every call twice: recognise them by checksum.
	var e Earlier
	err = conn.QueryRowContext(ctx, queries.SQL("find_import"), s.SHA256).Scan(&e.ImportID, &e.File, &e.ImportedAt)
	switch {
	case err == nil:
		s.Duplicate = &e
		return s, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("ingest %q: %w", path, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), queries.SQL("staging_drop"))
	// The raw grid is staged before the transaction: its rows then carry row ids in
	// file order, and it is a temporary table that no rollback needs to undo.
	if err := stage(ctx, conn, s); err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, err
	}
	if err := load(ctx, conn, s, opts); err != nil {
		// Rollback cannot lose anything the user had: the transaction held only this file.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return nil, fmt.Errorf("ingest %q: %w", path, err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("ingest %q: commit: %w", path, err)
	}
	return s, nil
}

// stage reads the file into the temporary table raw: a grid of text, one row per
// row of the file, title and header rows included.
func stage(ctx context.Context, conn *sql.Conn, s *Summary) error {
	if _, err := conn.ExecContext(ctx, queries.SQL("staging_drop")+queries.SQL("macros")); err != nil {
		return err
	}
	switch ext := fileKind(s.File); ext {
	case "csv":
		s.Format = "csv"
		var err error
		s.fieldCounts, err = stageCSV(ctx, conn, s.File)
		return err
	case "xlsx":
		s.Format = "xlsx"
		sheet, err := stageXLSX(ctx, conn, s.File)
		s.Sheet = sheet
		return err
	default:
		return fmt.Errorf("unsupported file type %q: deskstat reads .csv, .csv.gz and .xlsx", ext)
	}
}

func load(ctx context.Context, conn *sql.Conn, s *Summary, opts Options) error {
	profile := opts.Profile
	if profile == nil {
		profile = &Profile{}
	}
	columns, top, err := rawTop(ctx, conn)
	if err != nil {
		return err
	}
	hi, ok := findHeader(top, profile.Columns)
	if !ok {
		return fmt.Errorf("no header row in the first %d rows: expected column names such as Ref, Date Logged, Priority, Summary (or give them in the profile's columns)", headerSearchRows)
	}
	s.HeaderRow = hi + 1
	headers := top[hi]
	m, err := mapHeaders(headers, profile.Columns)
	if err != nil {
		return fmt.Errorf("row %d: %w", s.HeaderRow, err)
	}
	s.Mapping = m
	for _, need := range []string{"ticket_id", "opened_at"} {
		if _, ok := m.Columns[need]; !ok {
			return fmt.Errorf("row %d: no column for %s among %s (name it in the profile's columns)", s.HeaderRow, need, quoteList(headers))
		}
	}

	// Name raw's columns after the header, so rejected rows keep the export's names.
	// Two steps, so that a header such as "Column1" cannot clash with a
	// positional name not yet renamed.
	names := exportNames(headers, len(columns))
	for i, c := range columns {
		if _, err := conn.ExecContext(ctx, queries.RenameColumn(c, fmt.Sprintf("__deskstat_%d", i))); err != nil {
			return err
		}
	}
	for i := range columns {
		if _, err := conn.ExecContext(ctx, queries.RenameColumn(fmt.Sprintf("__deskstat_%d", i), names[i])); err != nil {
			return err
		}
	}
	mapped := map[string]string{}
	for canon, i := range m.Columns {
		mapped[canon] = names[i]
	}
	// Cells right of the header's last named column mean a row with more fields than
	// the header (an unquoted comma, say): its values would land in the wrong columns.
	width := len(columns) // XLSX: the reader refuses values beyond the header
	if s.Format == "csv" {
		width = 0
		for i, h := range headers {
			if h != "" {
				width = i + 1
			}
		}
		if hi < len(s.fieldCounts) {
			width = max(width, s.fieldCounts[hi])
		}
	}
	if _, err := conn.ExecContext(ctx, queries.StageView(s.HeaderRow, names, width, mapped, canonicalNames())); err != nil {
		return err
	}

	layouts := map[string][]string{}
	for _, col := range []string{"opened_at", "resolved_at", "closed_at"} {
		order := firstNonEmpty(opts.DateOrder, profile.DateOrder)
		if _, ok := m.Columns[col]; ok {
			var ev DateEvidence
			q := queries.Template("date_evidence", map[string]string{"Column": queries.Ident(col)})
			if err := conn.QueryRowContext(ctx, q).Scan(&ev.Numeric, &ev.DayFirst, &ev.MonthFirst); err != nil {
				return fmt.Errorf("read dates in %q: %w", m.Header(col), err)
			}
			var warning string
			order, warning = chooseDateOrder(m.Header(col), ev, order)
			if warning != "" {
				s.Warnings = append(s.Warnings, warning)
			}
		}
		layouts[col] = dateLayouts(firstNonEmpty(order, "day-first"))
	}

	if err := mapSeverities(ctx, conn, profile); err != nil {
		return err
	}

	fields := make([][]string, len(profile.Categories))
	ruleNames := make([]string, len(profile.Categories))
	args := []any{
		sql.Named("opened_layouts", layouts["opened_at"]),
		sql.Named("resolved_layouts", layouts["resolved_at"]),
		sql.Named("closed_layouts", layouts["closed_at"]),
		sql.Named("ticket_id_header", m.Header("ticket_id")),
		sql.Named("opened_at_header", m.Header("opened_at")),
		sql.Named("resolved_at_header", m.Header("resolved_at")),
		sql.Named("closed_at_header", m.Header("closed_at")),
	}
	for i, r := range profile.Categories {
		fields[i], ruleNames[i] = r.Fields, r.Name
		args = append(args, sql.Named(fmt.Sprintf("rule_%d", i+1), r.Pattern()))
	}
	args = append(args, sql.Named("rule_names", ruleNames))
	q := queries.Template("normalise", map[string]string{"Rule": queries.RuleCase(fields)})
	if _, err := conn.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("read values: %w", err)
	}

	if err := conn.QueryRowContext(ctx, queries.SQL("import_counts")).Scan(&s.Read, &s.Loaded, &s.Rejected, &s.Skipped); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, queries.SQL("first_rejects"), sql.Named("n", 5))
	if err != nil {
		return err
	}
	for rows.Next() {
		var r Reject
		var col sql.NullString
		if err := rows.Scan(&r.Row, &col, &r.Reason); err != nil {
			rows.Close()
			return err
		}
		r.Column = col.String
		s.Rejects = append(s.Rejects, r)
	}
	rows.Close()

	var importID int64
	err = conn.QueryRowContext(ctx, queries.SQL("insert_import"),
		sql.Named("source_file", s.File), sql.Named("sha256", s.SHA256), sql.Named("format", s.Format),
		sql.Named("sheet", nullIfEmpty(s.Sheet)), sql.Named("header_row", s.HeaderRow),
		sql.Named("rows_read", s.Read), sql.Named("rows_loaded", s.Loaded),
		sql.Named("rows_rejected", s.Rejected), sql.Named("rows_skipped", s.Skipped),
		sql.Named("profile", nullIfEmpty(profile.Path)), sql.Named("profile_sha256", nullIfEmpty(profile.SHA256)),
	).Scan(&importID)
	if err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	if _, err := conn.ExecContext(ctx, queries.SQL("load_tickets"),
		sql.Named("import_id", importID), sql.Named("source_file", s.File)); err != nil {
		return fmt.Errorf("load calls: %w", err)
	}
	if _, err := conn.ExecContext(ctx, queries.SQL("load_rejects"),
		sql.Named("import_id", importID), sql.Named("source_file", s.File), sql.Named("sheet", nullIfEmpty(s.Sheet))); err != nil {
		return fmt.Errorf("keep rejected rows: %w", err)
	}
	return nil
}

// rawTop returns raw's column names and its first rows as text.
func rawTop(ctx context.Context, conn *sql.Conn) ([]string, [][]string, error) {
	rows, err := conn.QueryContext(ctx, queries.SQL("raw_top"), headerSearchRows)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var top [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = strings.TrimSpace(v.String)
		}
		top = append(top, row)
	}
	return cols, top, rows.Err()
}

// exportNames gives each raw column its header, made unique (DuckDB names are
// case-insensitive); columns without a header keep a positional name.
func exportNames(headers []string, n int) []string {
	names := make([]string, n)
	seen := map[string]bool{}
	for i := range names {
		h := ""
		if i < len(headers) {
			h = headers[i]
		}
		if h == "" {
			h = fmt.Sprintf("column%d", i)
		}
		name := h
		for k := 2; seen[strings.ToLower(name)]; k++ {
			name = fmt.Sprintf("%s (%d)", h, k)
		}
		seen[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// mapSeverities fills severity_map with what each distinct label means.
func mapSeverities(ctx context.Context, conn *sql.Conn, p *Profile) error {
	rows, err := conn.QueryContext(ctx, queries.SQL("severity_labels"))
	if err != nil {
		return fmt.Errorf("read severities: %w", err)
	}
	var labels []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			rows.Close()
			return err
		}
		labels = append(labels, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range labels {
		if sev, ok := p.severity(l); ok {
			if _, err := conn.ExecContext(ctx, queries.SQL("severity_map_add"), l, sev); err != nil {
				return err
			}
		}
	}
	return nil
}

func fileKind(path string) string {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".csv.gz"):
		return "csv"
	case strings.HasSuffix(lower, ".xlsx"):
		return "xlsx"
	}
	return filepath.Ext(path)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
