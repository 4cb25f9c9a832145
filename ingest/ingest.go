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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// Options are the choices a user can make about how files are read.
type Options struct {
	Profile   *Profile          // may be nil
	Columns   map[string]string // canonical column -> export header (--map), over the profile's
	DateOrder string            // day-first, month-first, or "" to detect per column
	Sheet     string            // XLSX: the sheet to read; "" for the first with a header
	Encoding  string            // CSV: one of Encodings; "" to detect
	Source    string            // the system the export comes from; "" for the profile's, else the detected shape
	Strict    bool              // fail the import if any row is rejected
	DryRun    bool              // read and check everything, keep nothing
	// AllowPersonal reads a column of people or free text into a reported column
	// (--allow-personal), with a warning, where it would be refused: see checkPersonal.
	AllowPersonal bool
	// Progress, if set, is told what the import is doing; total is 0 when unknown.
	Progress func(phase string, done, total int64)
	// Stdin is read for the file "-".
	Stdin io.Reader
	// MaxUnpacked is the most a compressed file may unpack to (--max-unpacked);
	// 0 for 100 times its size.
	MaxUnpacked int64
}

// Summary is what one import did, or with DryRun would do.
type Summary struct {
	File      string // as named: "-" for standard input
	path      string // the regular file read: File, or a copy of it
	SHA256    string
	Format    string // csv or xlsx
	Encoding  string // CSV
	Delimiter string // CSV
	Sheet     string // XLSX: the sheet read
	Sheets    []string
	HeaderRow int // 1-based
	Mapping   Mapping
	Source    string
	TimeZone  string
	Dates     []DateColumn
	Severity  []SeverityCount
	Read      int64 // data rows under the header
	Loaded    int64 // rows read as tickets (an event log has several per ticket)
	Rejected  int64
	Skipped   int64 // blank and total rows
	Tickets   int64 // distinct tickets among the loaded rows
	New       int64 // tickets not held before
	Updated   int64 // tickets that replaced a held version
	Kept      int64 // tickets not loaded: the database holds a later update
	Warnings  []string
	Rejects   []Reject // the first few rejected rows
	// Duplicate is set when the same bytes were imported before: nothing was loaded.
	Duplicate *Earlier

	fieldCounts []int // CSV: fields in each of the first records
	twoLineEnds bool  // the file's bytes hold two line ends in a row
	longCells   bool  // a cell may be longer than maxCellChars: each row is checked
}

// EventLog says whether rows repeat tickets, one row per update.
func (s *Summary) EventLog() bool { return s.Tickets < s.Loaded }

// Superseded is how many loadable rows were earlier updates of a ticket in the file.
func (s *Summary) Superseded() int64 { return s.Loaded - s.Tickets }

// SeverityCount is one severity label of a file and what it was read as.
type SeverityCount struct {
	Label    string
	Severity int    // 0 when not recognised
	From     string // label, matrix (impact x urgency), or ""
	Tickets  int64
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

// RejectedError is returned in strict mode when rows were rejected.
type RejectedError struct {
	Count   int64
	Rejects []Reject
}

func (e *RejectedError) Error() string {
	parts := make([]string, len(e.Rejects))
	for i, r := range e.Rejects {
		parts[i] = r.String()
	}
	return fmt.Sprintf("%d rows cannot be loaded (--strict): %s", e.Count, strings.Join(parts, "; "))
}

// missingMarkers are the cell values that mean "no value": the readers make them
// NULL. The empty string is among them.
var missingMarkers = []string{"", "?", "-", "--", "N/A", "n/a", "NA", "NULL", "null", "#N/A"}

// headerSearchRows is how far down a file the header row may be.
const headerSearchRows = 30

// File loads one export into db in one transaction: on any error, nothing of it stays.
func File(ctx context.Context, db *sql.DB, path string, opts Options) (*Summary, error) {
	if opts.Progress == nil {
		opts.Progress = func(string, int64, int64) {}
	}
	read, done, err := regularFile(ctx, path, opts.Stdin)
	if err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, err)
	}
	defer done()
	s := &Summary{File: path, path: read}
	opts.Progress("checksum", 0, 0)
	sum, twoLineEnds, err := fileSHA256(read)
	if err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, err)
	}
	s.SHA256, s.twoLineEnds = sum, twoLineEnds
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if !opts.DryRun {
		// The same bytes twice would count every call twice: recognise them by checksum.
		var e Earlier
		err = conn.QueryRowContext(ctx, queries.SQL("find_import"), s.SHA256).Scan(&e.ImportID, &e.File, &e.ImportedAt)
		switch {
		case err == nil:
			s.Duplicate = &e
			return s, nil
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("ingest %q: %w", path, queries.Error(err, "look for an earlier import"))
		}
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), queries.SQL("staging_drop"))
	// The raw grid is staged before the transaction: its rows then carry row ids in
	// file order, and it is a temporary table that no rollback needs to undo.
	opts.Progress("reading", 0, 0)
	if err := stage(ctx, conn, s, opts); err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, queries.Error(err, "read the file"))
	}
	// Everything up to the tickets to load works on temporary tables, outside the
	// transaction: DuckDB scans a temporary table changed inside a transaction
	// many times more slowly.
	if err := prepare(ctx, conn, s, opts); err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, queries.Error(err, "read the file's values"))
	}
	if opts.Strict && s.Rejected > 0 {
		return nil, fmt.Errorf("ingest %q: %w", path, &RejectedError{Count: s.Rejected, Rejects: s.Rejects})
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, fmt.Errorf("ingest %q: %w", path, queries.Error(err, "start storing the calls"))
	}
	err = store(ctx, conn, s, opts)
	if err != nil || opts.DryRun {
		// Rollback cannot lose anything the user had: the transaction held only this file.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		if err != nil {
			return nil, fmt.Errorf("ingest %q: %w", path, queries.Error(err, "store the calls"))
		}
		return s, nil
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("ingest %q: commit: %w", path, queries.Error(err, "store the calls"))
	}
	return s, nil
}

// stage reads the file into the temporary table raw: a grid of text, one row per
// row of the file, title and header rows included.
func stage(ctx context.Context, conn *sql.Conn, s *Summary, opts Options) error {
	if _, err := conn.ExecContext(ctx, queries.SQL("staging_drop")+queries.Macros(missingMarkers)); err != nil {
		return err
	}
	if err := checkGzip(ctx, s.path, opts.MaxUnpacked); err != nil {
		return err
	}
	switch ext := fileKind(s.path); ext {
	case "csv":
		s.Format = "csv"
		return stageCSV(ctx, conn, s, opts.Encoding)
	case "xlsx":
		s.Format = "xlsx"
		return stageXLSX(ctx, conn, s, opts)
	default:
		return fmt.Errorf("unsupported file type %q: deskstat reads .csv, .tsv, .txt (each also gzipped) and .xlsx", ext)
	}
}

// dateColumns are the canonical columns read as dates.
var dateColumns = []string{"opened_at", "resolved_at", "closed_at", "updated_at"}

// prepare finds the header, maps the columns, reads every value and decides each
// row's outcome, leaving the file's tickets in the temporary table latest.
func prepare(ctx context.Context, conn *sql.Conn, s *Summary, opts Options) error {
	profile := opts.Profile
	if profile == nil {
		profile = &Profile{}
	}
	overrides := opts.overrides()

	opts.Progress("checking", 0, 0)
	columns, top, err := rawTop(ctx, conn)
	if err != nil {
		return err
	}
	hi, ok := findHeader(top, overrides)
	if !ok {
		if len(overrides) > 0 {
			return fmt.Errorf("no header row in the first %d rows has the columns named by --map or the profile (%s)", headerSearchRows, quoteList(slices.Sorted(maps.Values(overrides))))
		}
		return fmt.Errorf("no header row in the first %d rows: expected column names such as Ref, Date Logged, Priority, Summary (or name them with --map or the profile's columns)", headerSearchRows)
	}
	s.HeaderRow = hi + 1
	headers := top[hi]
	m, err := mapHeaders(headers, overrides)
	if err != nil {
		return fmt.Errorf("row %d: %w", s.HeaderRow, err)
	}
	s.Mapping = m
	for _, need := range []string{"ticket_id", "opened_at"} {
		if _, ok := m.Columns[need]; !ok {
			return fmt.Errorf("row %d: no column for %s among %s (name it with --map %s=HEADER or in the profile's columns)", s.HeaderRow, need, quoteList(headers), need)
		}
	}
	s.Source = firstNonEmpty(opts.Source, profile.Source, profile.Name, m.Shape, "export")
	if err := conn.QueryRowContext(ctx, "SELECT current_setting('TimeZone')").Scan(&s.TimeZone); err != nil {
		return err
	}

	mapped := map[string]string{}
	for canon, i := range m.Columns {
		mapped[canon] = columns[i]
	}
	// Cells right of the header's last named column mean a row with more fields than
	// the header (an unquoted comma, say): its values would land in the wrong columns.
	width := 0
	for i, h := range headers {
		if h != "" {
			width = i + 1
		}
	}
	if hi < len(s.fieldCounts) { // CSV: the header record's fields, named or not
		width = max(width, s.fieldCounts[hi])
	}
	opts.Progress("mapping columns", 0, 0)
	cellLimit := 0 // no cell can be longer than a spreadsheet's: no test
	if s.longCells {
		cellLimit = maxCellChars
	}
	if _, err := conn.ExecContext(ctx, queries.StageView(s.HeaderRow, columns, width, mapped, canonicalNames(), cellLimit)); err != nil {
		return err
	}
	if err := checkPersonal(ctx, conn, s, opts.AllowPersonal, opts.DryRun); err != nil {
		return err
	}

	opts.Progress("reading dates", 0, 0)
	if err := sampleDates(ctx, conn); err != nil {
		return fmt.Errorf("sample dates: %w", err)
	}
	// The evidence of every date column first: a column none of whose values tells
	// day from month takes the order of the file's other date columns.
	evidence := map[string]DateEvidence{}
	for _, col := range dateColumns {
		if _, ok := m.Columns[col]; !ok {
			continue
		}
		ev, err := dateEvidence(ctx, conn, &DateColumn{Column: col, Header: m.Header(col)})
		if err != nil {
			return err
		}
		evidence[col] = ev
	}
	reads := map[string]dateRead{}
	unmapped := false
	for _, col := range dateColumns {
		if _, ok := m.Columns[col]; !ok {
			reads[col] = dateRead{layouts: []string{"%Y"}} // an empty column: any layout will do
			continue
		}
		var others DateEvidence
		for c, e := range evidence {
			if c != col {
				others.Numeric += e.Numeric
				others.DayFirst += e.DayFirst
				others.MonthFirst += e.MonthFirst
			}
		}
		dc := DateColumn{Column: col, Header: m.Header(col)}
		r, warning, err := readDateColumn(ctx, conn, &dc, firstNonEmpty(opts.DateOrder, profile.DateOrder),
			evidence[col], others, s.Format == "xlsx")
		if err != nil {
			return err
		}
		if r.flags && col != "opened_at" {
			// "Resolved: Yes" says whether, not when: not a date column.
			s.Warnings = append(s.Warnings, fmt.Sprintf("column %q holds yes/no values, not dates: not read as the %s time", dc.Header, strings.TrimSuffix(col, "_at")))
			delete(m.Columns, col)
			delete(mapped, col)
			reads[col] = dateRead{layouts: []string{"%Y"}}
			unmapped = true
			continue
		}
		if warning != "" {
			s.Warnings = append(s.Warnings, warning)
		}
		reads[col] = r
		s.Dates = append(s.Dates, dc)
	}
	if unmapped {
		if _, err := conn.ExecContext(ctx, queries.StageView(s.HeaderRow, columns, width, mapped, canonicalNames(), cellLimit)); err != nil {
			return err
		}
	}

	opts.Progress("reading labels", 0, 0)
	if err := mapLabels(ctx, conn, profile, m.Shape); err != nil {
		return err
	}

	fields := make([][]string, len(profile.Categories))
	ruleNames := make([]string, len(profile.Categories))
	args := []any{
		sql.Named("ticket_id_header", m.Header("ticket_id")),
		sql.Named("opened_at_header", m.Header("opened_at")),
		sql.Named("resolved_at_header", m.Header("resolved_at")),
		sql.Named("closed_at_header", m.Header("closed_at")),
	}
	for _, col := range dateColumns {
		name := strings.TrimSuffix(col, "_at")
		args = append(args, sql.Named(name+"_layouts", reads[col].layouts), sql.Named(name+"_serials", reads[col].serials))
	}
	for i, r := range profile.Categories {
		fields[i], ruleNames[i] = r.Fields, r.Name
		args = append(args, sql.Named(fmt.Sprintf("rule_%d", i+1), r.Pattern()))
	}
	args = append(args, sql.Named("rule_names", ruleNames))
	supplierNames := make([]string, len(profile.Suppliers))
	for i, r := range profile.Suppliers {
		supplierNames[i] = r.Name
		args = append(args, sql.Named(fmt.Sprintf("supplier_%d", i+1), r.Pattern()))
	}
	args = append(args, sql.Named("supplier_names", supplierNames))
	args = append(args, sql.Named("column_names", exportNames(headers, len(columns))))
	opts.Progress("reading values", 0, 0)
	fallback := "NULL"
	if _, ok := m.Columns["severity_fallback"]; ok {
		fallback = "f.severity"
	}
	q := queries.Template("normalise", map[string]string{"Rule": queries.RuleCase(fields), "Supplier": queries.SupplierCase(len(supplierNames)), "Fallback": fallback})
	if _, err := conn.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("read values: %w", err)
	}

	opts.Progress("counting", 0, 0)
	if err := conn.QueryRowContext(ctx, queries.SQL("import_counts")).Scan(&s.Read, &s.Loaded, &s.Rejected, &s.Skipped, &s.Tickets); err != nil {
		return err
	}
	for i := range s.Dates {
		dc := &s.Dates[i]
		base := strings.TrimSuffix(dc.Column, "_at")
		q := queries.Template("date_counts", map[string]string{"Has": queries.Ident("has_" + base), "Value": queries.Ident(dc.Column)})
		if err := conn.QueryRowContext(ctx, q).Scan(&dc.Values, &dc.Read); err != nil {
			return err
		}
	}
	if s.Rejects, err = firstRejects(ctx, conn); err != nil {
		return err
	}
	// Rejected rows are kept under the export's names, made unique.
	var names []any
	for i, n := range exportNames(headers, len(columns)) {
		names = append(names, sql.Named(fmt.Sprintf("name_%d", i), n))
	}
	if _, err := conn.ExecContext(ctx, queries.Template("reject_rows", map[string]string{"Row": queries.RowJSON(columns)}), names...); err != nil {
		return fmt.Errorf("keep rejected rows: %w", err)
	}
	if _, err := conn.ExecContext(ctx, queries.SQL("drop_raw")); err != nil {
		return err
	}
	opts.Progress("keeping the latest updates", 0, 0)
	if s.EventLog() {
		_, counter := m.Columns["update_count"]
		_, updated := m.Columns["updated_at"]
		if !counter && !updated {
			// Nothing says which row is the later update: a log kept by hand may
			// repeat a reference by mistake, so say what was done.
			s.Warnings = append(s.Warnings, fmt.Sprintf("%d %s of references that appear again were taken as earlier updates: the file has no update counter or updated time, so the last row of each reference was kept (file order)",
				s.Superseded(), report.Plural(s.Superseded(), "row", "rows")))
		}
	}
	if _, err := conn.ExecContext(ctx, queries.Template("latest", map[string]bool{"Collapse": s.EventLog()})); err != nil {
		return fmt.Errorf("keep each ticket's latest update: %w", err)
	}
	if s.Severity, err = severityFound(ctx, conn); err != nil {
		return err
	}
	return nil
}

// store records the import and moves the file's tickets and rejected rows into the
// database, in the caller's transaction.
func store(ctx context.Context, conn *sql.Conn, s *Summary, opts Options) error {
	opts.Progress("loading", 0, 0)
	if err := conn.QueryRowContext(ctx, queries.SQL("ticket_counts"), sql.Named("source", s.Source)).Scan(&s.New, &s.Updated, &s.Kept); err != nil {
		return fmt.Errorf("compare with the tickets held: %w", err)
	}
	profile := opts.Profile
	if profile == nil {
		profile = &Profile{}
	}
	m := s.Mapping
	mapping, err := json.Marshal(m.Named())
	if err != nil {
		return err
	}
	var importID int64
	err = conn.QueryRowContext(ctx, queries.SQL("insert_import"),
		sql.Named("source", s.Source), sql.Named("source_file", s.File), sql.Named("sha256", s.SHA256),
		sql.Named("format", s.Format), sql.Named("encoding", nullIfEmpty(s.Encoding)),
		sql.Named("delimiter", nullIfEmpty(s.Delimiter)), sql.Named("sheet", nullIfEmpty(s.Sheet)),
		sql.Named("header_row", s.HeaderRow), sql.Named("mapping", string(mapping)),
		sql.Named("rows_read", s.Read), sql.Named("rows_loaded", s.Loaded),
		sql.Named("rows_rejected", s.Rejected), sql.Named("rows_skipped", s.Skipped),
		sql.Named("rows_superseded", s.Superseded()), sql.Named("tickets_new", s.New),
		sql.Named("tickets_updated", s.Updated), sql.Named("tickets_kept", s.Kept),
		sql.Named("profile", nullIfEmpty(profile.Path)), sql.Named("profile_sha256", nullIfEmpty(profile.SHA256)),
	).Scan(&importID)
	if err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	if _, err := conn.ExecContext(ctx, queries.SQL("replace_tickets"), sql.Named("source", s.Source)); err != nil {
		return fmt.Errorf("replace updated tickets: %w", err)
	}
	load := queries.Template("load_tickets", map[string]bool{"Overlap": s.Updated+s.Kept > 0})
	if _, err := conn.ExecContext(ctx, load, sql.Named("source", s.Source),
		sql.Named("import_id", importID), sql.Named("source_file", s.File)); err != nil {
		return fmt.Errorf("load tickets: %w", err)
	}
	opts.Progress("keeping rejected rows", 0, 0)
	if _, err := conn.ExecContext(ctx, queries.SQL("load_rejects"), sql.Named("import_id", importID),
		sql.Named("source_file", s.File), sql.Named("sheet", nullIfEmpty(s.Sheet))); err != nil {
		return fmt.Errorf("keep rejected rows: %w", err)
	}
	return nil
}

func firstRejects(ctx context.Context, conn *sql.Conn) ([]Reject, error) {
	rows, err := conn.QueryContext(ctx, queries.SQL("first_rejects"), sql.Named("n", 5))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var r Reject
		var col sql.NullString
		if err := rows.Scan(&r.Row, &col, &r.Reason); err != nil {
			return nil, err
		}
		r.Column = col.String
		out = append(out, r)
	}
	return out, rows.Err()
}

func severityFound(ctx context.Context, conn *sql.Conn) ([]SeverityCount, error) {
	rows, err := conn.QueryContext(ctx, queries.SQL("severity_found"))
	if err != nil {
		return nil, fmt.Errorf("count severities: %w", err)
	}
	defer rows.Close()
	var out []SeverityCount
	for rows.Next() {
		var c SeverityCount
		var sev sql.NullInt64
		var from sql.NullString
		if err := rows.Scan(&c.Label, &sev, &from, &c.Tickets); err != nil {
			return nil, err
		}
		c.Severity, c.From = int(sev.Int64), from.String
		out = append(out, c)
	}
	return out, rows.Err()
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

// mapLabels fills severity_map with what each distinct severity label means, and
// level_map and priority_matrix with the impact and urgency levels and the
// severity each pair gives.
// Freshservice numbers its levels the other way from ITIL: priority 1 Low to 4
// Urgent, impact and urgency 1 Low to 3 High (its exports write the words, its API
// and some reports the numbers); a profile's severity_labels still win.
func mapLabels(ctx context.Context, conn *sql.Conn, p *Profile, shape string) error {
	severity, level := p.severity, ParseLevel
	if shape == "freshservice" {
		severity = func(label string) (int, bool) {
			if n, err := strconv.Atoi(strings.TrimSpace(label)); err == nil && n >= 1 && n <= 4 && !p.names(label) {
				return 5 - n, true
			}
			return p.severity(label)
		}
		level = func(label string) (int, bool) {
			if n, err := strconv.Atoi(strings.TrimSpace(label)); err == nil && n >= 1 && n <= 3 {
				return 4 - n, true
			}
			return ParseLevel(label)
		}
	}
	add := func(query, list string, parse func(string) (int, bool)) error {
		labels, err := queries.Strings(ctx, conn, queries.SQL(list))
		if err != nil {
			return fmt.Errorf("read labels: %w", err)
		}
		for _, l := range labels {
			if n, ok := parse(l); ok {
				if _, err := conn.ExecContext(ctx, queries.SQL(query), l, n); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := add("severity_map_add", "severity_labels", severity); err != nil {
		return err
	}
	if err := add("level_map_add", "level_labels", level); err != nil {
		return err
	}
	for i, row := range p.matrix() {
		for j, sev := range row {
			if _, err := conn.ExecContext(ctx, queries.SQL("priority_matrix_add"), i+1, j+1, sev); err != nil {
				return err
			}
		}
	}
	return nil
}

func fileKind(path string) string {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".gz"):
		return fileKind(strings.TrimSuffix(lower, ".gz"))
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".tsv"), strings.HasSuffix(lower, ".txt"):
		return "csv"
	case strings.HasSuffix(lower, ".xlsx"):
		return "xlsx"
	}
	return filepath.Ext(path)
}

// fileSHA256 returns the SHA-256 of a file's bytes and, in the same pass, whether
// they hold two line ends in a row (an empty line, for a plain text file).
func fileSHA256(path string) (sum string, twoLineEnds bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	h := sha256.New()
	var ends lineEndScan
	if _, err := io.Copy(io.MultiWriter(h, &ends), f); err != nil {
		return "", false, err
	}
	return hex.EncodeToString(h.Sum(nil)), ends.found, nil
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

// overrides are the export headers the user named: --map over the profile's columns.
func (o Options) overrides() map[string]string {
	out := map[string]string{}
	if o.Profile != nil {
		maps.Copy(out, o.Profile.Columns)
	}
	maps.Copy(out, o.Columns)
	return out
}
