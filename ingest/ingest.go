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
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

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
	// Progress, if set, is told each step the import takes ("reading", "loading" ...).
	Progress func(phase string)
	// Stdin is read for the file "-".
	Stdin io.Reader
	// Dir is the folder a relative file name is read from ("" for the working
	// directory); the import records the name as given.
	Dir string
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
	Statuses  []queries.StatusFound // the status values and their phases
	Ladder    string                // the severity ladder the labels were read by, if any: "Major > High > Medium > Low"
	// OpenedFrom is where opened times come from when the export has no opened
	// column: the header of the event time column, each ticket opened at its first.
	OpenedFrom string
	Read       int64 // data rows under the header
	Loaded     int64 // rows read as tickets (an event log has several per ticket)
	Rejected   int64
	Skipped    int64 // blank and total rows
	Tickets    int64 // distinct tickets among the loaded rows
	New        int64 // tickets not held before
	Updated    int64 // tickets that replaced a held version
	Kept       int64 // tickets not loaded: the database holds a later update
	Warnings   []string
	Rejects    []Reject // the first few rejected rows
	// Duplicate is set when the same bytes were imported before: nothing was loaded.
	Duplicate *Earlier

	longCells bool // a cell may be longer than maxCellChars: each row is checked
}

// EventLog says whether rows repeat tickets, one row per update.
func (s *Summary) EventLog() bool { return s.Tickets < s.Loaded }

// Superseded is how many loadable rows were earlier updates of a ticket in the file.
func (s *Summary) Superseded() int64 { return s.Loaded - s.Tickets }

// SeverityCount is one severity label of a file and what it was read as.
type SeverityCount = queries.SeverityFound

// Earlier is an earlier import of the same file contents.
type Earlier = queries.Earlier

// Reject is one row that could not be loaded.
type Reject struct {
	Row    int64
	Line   int64 // the physical line it begins on, where known (a delimited file)
	Column string
	Reason string
}

func (r Reject) String() string {
	where := rowLine{r.Row, r.Line}
	if r.Line == 0 {
		where.line = r.Row
	}
	// The reason can hold the value as written: one line, whatever it holds.
	if r.Column == "" {
		return fmt.Sprintf("%s: %s", where, report.OneLine(r.Reason))
	}
	return fmt.Sprintf("%s column %q: %s", where, r.Column, report.OneLine(r.Reason))
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
		opts.Progress = func(string) {}
	}
	read, done, err := regularFile(ctx, InDir(opts.Dir, path), opts.Stdin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer done()
	s := &Summary{File: path, path: read}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	l, err := queries.NewLoad(ctx, conn, missingMarkers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, queries.Error(err, "prepare the database"))
	}
	defer l.End(ctx)
	if err := load(ctx, l, s, opts); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// load reads the file once to decide how to read its rows, reads them once into
// the staging tables, and stores them in one transaction.
func load(ctx context.Context, l *queries.Load, s *Summary, opts Options) error {
	// The same bytes twice would count every call twice: recognise them by checksum.
	duplicate := func() (bool, error) {
		if opts.DryRun {
			return false, nil
		}
		e, err := l.EarlierImport(ctx, s.SHA256)
		if err != nil {
			return false, queries.Error(err, "look for an earlier import")
		}
		if e != nil {
			s.Duplicate = e
		}
		return e != nil, nil
	}
	opts.Progress("reading")
	src := &source{sample: newRowSample()}
	switch ext := fileKind(s.path); ext {
	case "csv":
		s.Format = "csv"
		t, err := readCSV(ctx, s, opts)
		if err != nil {
			return err
		}
		defer t.close()
		if dup, err := duplicate(); dup || err != nil {
			return err
		}
		src.csv, src.sample = t, t.records.sample
	case "xlsx":
		s.Format = "xlsx"
		sum := sha256.New()
		if _, err := copyFile(ctx, s.path, sum); err != nil {
			return err
		}
		s.SHA256 = hex.EncodeToString(sum.Sum(nil))
		if dup, err := duplicate(); dup || err != nil {
			return err
		}
		if err := stageXLSX(ctx, l, s, src.sample, opts); err != nil {
			return queries.Error(err, "read the file")
		}
	default:
		return fmt.Errorf("unsupported file type %q: deskstat reads .csv, .tsv, .txt (each also gzipped) and .xlsx", ext)
	}
	if err := prepare(ctx, l, s, src, opts); err != nil {
		return queries.Error(err, "read the file's values")
	}
	if opts.Strict && s.Rejected > 0 {
		return &RejectedError{Count: s.Rejected, Rejects: s.Rejects}
	}
	if err := l.Begin(ctx); err != nil {
		return queries.Error(err, "start storing the calls")
	}
	err := store(ctx, l, s, opts)
	if err != nil || opts.DryRun {
		// Rollback cannot lose anything the user had: the transaction held only this file.
		l.Rollback(ctx)
		if err != nil {
			return queries.Error(err, "store the calls")
		}
		return nil
	}
	if err := l.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", queries.Error(err, "store the calls"))
	}
	return nil
}

// source is a file as read before its rows are loaded: its sample, and for a
// delimited file, its text.
type source struct {
	sample    *rowSample
	csv       *csvText       // nil for a workbook, whose grid is staged
	swallowed map[int64]bool // rows a quote left open took other rows into
}

// dateColumns are the canonical columns read as dates.
var dateColumns = []string{"opened_at", "resolved_at", "closed_at", "updated_at"}

// prepare finds the header, maps the columns, decides how to read dates, reads
// every row once and decides its outcome, and reads the labels, leaving the
// file's tickets in the staging tables.
func prepare(ctx context.Context, l *queries.Load, s *Summary, src *source, opts Options) error {
	profile := opts.Profile
	if profile == nil {
		profile = &Profile{}
	}
	overrides := opts.overrides()

	opts.Progress("checking")
	top := src.sample.top()
	hi, ok := findHeader(top, overrides)
	if !ok && src.csv != nil {
		// A quote that opens in the first rows and never closes hides the header.
		f := src.csv.records.scan
		if line, record, open := f.unclosed(); open && record <= headerSearchRows {
			return unclosedQuoteError(line, record, f.lastLine())
		}
	}
	if !ok {
		if len(overrides) > 0 {
			return fmt.Errorf("no header row in the first %d rows has the columns named by --map or the profile (%s)", headerSearchRows, quoteList(slices.Sorted(maps.Values(overrides))))
		}
		if i, ok := likelyHeader(top); ok {
			return fmt.Errorf("row %d looks like a header (%s), but none of its names is a ticket reference or an opened date deskstat knows: name them with --map ticket_id=HEADER --map opened_at=HEADER, or in the profile's columns",
				i+1, quoteList(top[i]))
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
	if _, ok := m.Columns["change_field"]; ok {
		// A changelog: its status is read from its changes of status; a Status
		// column beside them is the status now, on every row.
		delete(m.Columns, "status")
		delete(m.Columns, "substatus")
	}
	if _, ok := m.Columns["opened_at"]; !ok {
		if i, ok := m.Columns["updated_at"]; ok {
			// An event log of one time per row (a process-mining log): each row's
			// time is read as its opened time too, and a ticket opens at its first.
			m.Columns["opened_at"], s.OpenedFrom = i, headers[i]
		}
	}
	for _, need := range []string{"ticket_id", "opened_at"} {
		if _, ok := m.Columns[need]; !ok {
			return fmt.Errorf("row %d: no column for %s among %s (name it with --map %s=HEADER or in the profile's columns)", s.HeaderRow, need, quoteList(headers), need)
		}
	}
	s.Source = firstNonEmpty(opts.Source, profile.Source, profile.Name, m.Shape, "export")
	if s.TimeZone, err = l.TimeZone(ctx); err != nil {
		return err
	}
	// Cells right of the header's last named column mean a row with more fields than
	// the header (an unquoted comma, say): its values would land in the wrong columns.
	width := 0
	for i, h := range headers {
		if h != "" {
			width = i + 1
		}
	}
	if src.csv != nil {
		width = max(width, len(headers)) // the header record's fields, named or not
	}
	rows := src.sample.under(int64(s.HeaderRow))
	if src.csv != nil {
		// A row with more or fewer values than the header has them in the wrong
		// columns (a name under Team): it tells nothing of what a column holds.
		aligned := make([]sampledRow, 0, len(rows))
		for _, r := range rows {
			if len(r.cells) == len(headers) {
				aligned = append(aligned, r)
			}
		}
		rows = aligned
	}
	if err := checkPersonal(s, rows, opts.AllowPersonal, opts.DryRun); err != nil {
		return err
	}

	opts.Progress("reading dates")
	if err := sampleDates(ctx, l, rows, m); err != nil {
		return fmt.Errorf("sample dates: %w", err)
	}
	// The evidence of every date column first: a column none of whose values tells
	// day from month takes the order of the file's other date columns.
	evidence := map[string]DateEvidence{}
	for _, col := range dateColumns {
		if _, ok := m.Columns[col]; !ok {
			continue
		}
		ev, err := l.DateEvidence(ctx, col)
		if err != nil {
			return fmt.Errorf("read dates in %q: %w", m.Header(col), err)
		}
		evidence[col] = ev
	}
	reads := map[string]queries.DateRead{}
	for _, col := range dateColumns {
		if _, ok := m.Columns[col]; !ok {
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
		r, warning, err := readDateColumn(ctx, l, &dc, firstNonEmpty(opts.DateOrder, profile.DateOrder),
			evidence[col], others, s.Format == "xlsx")
		if err != nil {
			return err
		}
		if r.flags && col != "opened_at" {
			// "Resolved: Yes" says whether, not when: not a date column.
			s.Warnings = append(s.Warnings, fmt.Sprintf("column %q holds yes/no values, not dates: not read as the %s time", dc.Header, strings.TrimSuffix(col, "_at")))
			delete(m.Columns, col)
			continue
		}
		if warning != "" {
			s.Warnings = append(s.Warnings, warning)
		}
		reads[col] = queries.DateRead{Layouts: r.layouts, Serials: r.serials}
		s.Dates = append(s.Dates, dc)
	}

	opts.Progress("reading values")
	plan := queries.Plan{
		HeaderRow: int64(s.HeaderRow),
		Width:     width,
		Mapped:    m.Columns,
		Dates:     reads,
	}
	if s.longCells {
		plan.CellLimit = maxCellChars
	}
	for _, r := range profile.Categories {
		plan.Rules = append(plan.Rules, queries.Rule{Name: r.Name, Pattern: r.Pattern(), Fields: r.Fields})
	}
	for _, r := range profile.Suppliers {
		plan.Suppliers = append(plan.Suppliers, queries.Rule{Name: r.Name, Pattern: r.Pattern()})
	}
	if err := pass(ctx, l, s, src, plan, headers); err != nil {
		return err
	}

	opts.Progress("counting")
	for i := range s.Dates {
		dc := &s.Dates[i]
		if dc.Values, dc.Read, err = l.DateCounts(ctx, dc.Column); err != nil {
			return err
		}
	}
	first, err := l.FirstRejects(ctx, 5)
	if err != nil {
		return err
	}
	s.Rejects = nil
	for _, r := range first {
		rej := Reject{Row: r.Row, Column: r.Column, Reason: r.Reason}
		if src.csv != nil {
			rej.Line, _ = src.csv.records.scan.line(r.Row)
		}
		s.Rejects = append(s.Rejects, rej)
	}
	// Rejected rows are kept as they were: a delimited file's read again for them.
	if src.csv != nil {
		rows, err := l.Rejected(ctx)
		if err != nil {
			return err
		}
		raw, err := rejectCells(ctx, src.csv, rows, exportNames(headers, src.csv.records.scan.most+1), src.swallowed)
		if err != nil {
			return fmt.Errorf("keep rejected rows: %w", err)
		}
		if err := l.RejectCells(ctx, raw); err != nil {
			return fmt.Errorf("keep rejected rows: %w", err)
		}
	} else if err := l.GridRejectCells(ctx, exportNames(headers, l.GridWidth())); err != nil {
		return fmt.Errorf("keep rejected rows: %w", err)
	}
	opts.Progress("reading labels")
	if s.Ladder, err = mapLabels(ctx, l, profile, m.Shape); err != nil {
		return err
	}
	if err := mapStatuses(ctx, l, profile, m.Shape); err != nil {
		return err
	}
	opts.Progress("keeping the latest updates")
	has := func(c string) bool { _, ok := m.Columns[c]; return ok }
	if s.EventLog() {
		if !has("update_count") && !has("updated_at") {
			// Nothing says which row is the later update: a log kept by hand may
			// repeat a reference by mistake, so say what was done.
			s.Warnings = append(s.Warnings, fmt.Sprintf("%d %s of references that appear again were taken as earlier updates: the file has no update counter or updated time, so the last row of each reference was kept (file order)",
				s.Superseded(), report.Plural(s.Superseded(), "row", "rows")))
		}
	}
	latest := queries.Latest{
		Collapse: s.EventLog() || has("change_field"), Changelog: has("change_field"),
		Fallback: has("severity_fallback"), Source: s.Source,
		Updated: has("updated_at"), ResolvedColumn: has("resolved_at"), ClosedColumn: has("closed_at"),
		ReopenColumn: has("reopen_count"), ReassignColumn: has("reassignment_count"),
		Status: has("status") || has("change_field"), Group: has("assignment_group"),
		SeverityBasis: profile.SeverityBasis,
	}
	if err := l.KeepLatest(ctx, latest); err != nil {
		return fmt.Errorf("keep each ticket's latest update: %w", err)
	}
	if s.Statuses, err = l.StatusFound(ctx); err != nil {
		return fmt.Errorf("count statuses: %w", err)
	}
	if s.Severity, err = l.SeverityFound(ctx); err != nil {
		return fmt.Errorf("count severities: %w", err)
	}
	return nil
}

// likelyHeader finds the first row of at least two cells, all of them names (text
// with a letter, not a date or a number), above a row of as many cells: a header
// deskstat does not know.
func likelyHeader(top [][]string) (int, bool) {
	for i, row := range top {
		named := 0
		for _, c := range row {
			if c == "" {
				continue
			}
			if !hasLetter(c) || queries.DateLike(c) {
				named = -1
				break
			}
			named++
		}
		if named >= 2 && i+1 < len(top) && len(top[i+1]) >= len(row) {
			return i, true
		}
		if named != 0 {
			return 0, false // the first row of values is not a header
		}
	}
	return 0, false
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// pass reads the rows under the header once (see queries.Load.Pass) and counts
// them, checking a delimited file's count against the records the quote scanner
// found: rows in = loaded + rejected + skipped, before updates are collapsed.
func pass(ctx context.Context, l *queries.Load, s *Summary, src *source, plan queries.Plan, headers []string) error {
	t := src.csv
	var unseen int64 // empty lines under the header: rows the reader drops
	if t != nil {
		// Rows a quote left open swallowed: lines inside a value with as many
		// delimiters as the header has.
		swallowed := map[int64]bool{}
		src.swallowed = swallowed
		if w := len(headers) - 1; w >= 2 {
			var at []string
			for _, sw := range t.records.scan.swallowing {
				if sw.record > int64(s.HeaderRow) && sw.delims >= w {
					at = append(at, fmt.Sprintf("row %d (lines %d to %d)", sw.record, sw.first, sw.last))
					swallowed[sw.record] = true
				}
			}
			if len(at) > 0 {
				more := ""
				if len(at) > maxBadLines {
					at, more = at[:maxBadLines], " and further on"
				}
				s.Warnings = append(s.Warnings, fmt.Sprintf("a quoted value runs over lines that look like rows of their own in %s%s: a quote left open? Each such row is rejected, the lines it took withheld from it",
					strings.Join(at, ", "), more))
			}
		}
		// Text after a closing quote is misread: say where, rather than load it
		// (but for a quote left open, said above, or never closed, said below).
		var after []string
		if _, _, unclosed := t.records.scan.unclosed(); !unclosed {
			for _, r := range t.records.scan.textAfterQuote {
				if r.row >= int64(s.HeaderRow) && !swallowed[r.row] {
					after = append(after, r.String())
				}
			}
		}
		if len(after) > 0 {
			more := ""
			if len(after) > maxBadLines {
				after, more = after[:maxBadLines], fmt.Sprintf(" and %d more", len(after)-maxBadLines)
			}
			return fmt.Errorf("%s%s: text follows a quoted value's closing quote (as in \"Sev \"1), which would be misread; quote the whole value (\"Sev 1\") or leave out the quotes, and import again",
				strings.Join(after, ", "), more)
		}
		plan.CSV = &queries.CSV{Path: t.path, Delim: t.delim, Width: t.records.scan.most + 1, Skip: int64(s.HeaderRow),
			Longest: max(t.records.scan.longest, t.records.scan.recordLen), Parallel: true}
		for _, g := range t.records.empties {
			if end := g.Row + g.Count; end > int64(s.HeaderRow)+1 {
				from := max(g.Row, int64(s.HeaderRow)+1)
				plan.Gaps = append(plan.Gaps, queries.Gap{Row: from, Count: end - from})
				unseen += end - from
			}
		}
	}
	for {
		// Each column the rows may fill has a name under which a rejected row's
		// cells are kept (a grid's, or the file's counted columns).
		if plan.CSV != nil {
			plan.Names = exportNames(headers, plan.CSV.Width)
		} else {
			plan.Names = exportNames(headers, l.GridWidth())
		}
		width, err := l.Pass(ctx, plan, canonicalNames())
		switch {
		case err != nil && plan.CSV != nil && plan.CSV.Parallel && strings.Contains(err.Error(), "parallel=false"):
			// DuckDB's parallel reader refuses some files with newlines inside quotes.
			plan.CSV.Parallel = false
			continue
		case queries.IsWider(err):
			// DuckDB split a row into more values than the scanner counted (the
			// scanner follows its rules, but a quirk may differ): read again with
			// more columns, so that no value is dropped.
			plan.CSV.Width = width
			continue
		case err != nil:
			return fmt.Errorf("read values: %w", err)
		}
		break
	}
	// The rows are numbered by their place in the pass: check that against rows
	// the scan saw, by the ticket ids written in them.
	if i, ok := plan.Mapped["ticket_id"]; ok {
		var ids []queries.RowID
		for _, r := range src.sample.under(int64(s.HeaderRow)) {
			if i < len(r.cells) && plainID.MatchString(r.cells[i]) && !slices.Contains(missingMarkers, r.cells[i]) {
				ids = append(ids, queries.RowID{Row: r.row, ID: r.cells[i]})
			}
		}
		bad, err := l.Misnumbered(ctx, ids)
		if err != nil {
			return err
		}
		if bad > 0 {
			return fmt.Errorf("the rows read are not in the file's order (%d of %d sampled rows hold another ticket than their number says): deskstat could not name rows rightly, so it loads none of them; please report this", bad, len(ids))
		}
	}
	if t != nil {
		if len(src.swallowed) > 0 {
			rows := slices.Sorted(maps.Keys(src.swallowed))
			if err := l.RejectRows(ctx, rows, "a quoted value runs over lines that hold as many values as a row: a quote left open has taken the rows after it into this one"); err != nil {
				return err
			}
		}
		if err := rejectShort(ctx, l, t, int64(s.HeaderRow), len(headers)); err != nil {
			return err
		}
	}
	c, err := l.Counts(ctx)
	if err != nil {
		return err
	}
	s.Read, s.Loaded, s.Rejected, s.Skipped, s.Tickets = c.Read+unseen, c.Loaded, c.Rejected, c.Skipped+unseen, c.Tickets
	if t == nil {
		return nil
	}
	f := t.records.scan
	records := t.records.records() - int64(s.HeaderRow)
	if line, record, ok := f.unclosed(); ok {
		// The reader takes the rest of the file for the value, and keeps no row
		// after it; where it does (a quirk of its own let it read the quote as a
		// character), the rows are there, and any misread is rejected as usual.
		if int64(s.HeaderRow)+s.Read <= record {
			return unclosedQuoteError(line, record, f.lastLine())
		}
		return nil
	}
	if s.Read != records {
		return fmt.Errorf("the file holds %d %s under the header, but %d were read: deskstat cannot account for every row of this file, so it loads none of them",
			records, report.Plural(records, "row", "rows"), s.Read)
	}
	return nil
}

// shortShare is the most rows (in hundredths, and at least one row) that may hold
// fewer values than the header for the short ones to be taken for rows that lost a
// value.
const shortShare = 1

// rejectShort rejects the rows with fewer values than the header has columns, in
// a file whose other rows hold them all. A value missing inside a row moves the
// others into the wrong columns (a name under Service); a row that merely ends
// early, as hand-kept files write rows with empty last cells, cannot be told from
// it, but where that is the file's habit, many rows do it.
func rejectShort(ctx context.Context, l *queries.Load, t *csvText, header int64, width int) error {
	widths := t.records.widths
	if header >= int64(len(widths)) {
		return nil
	}
	var short []int64
	rows := 0
	for i, w := range widths[header:] {
		if w == emptyLine {
			continue
		}
		rows++
		if int(w)+1 < width {
			short = append(short, header+1+int64(i))
		}
	}
	if len(short) == 0 || len(short) > max(1, rows*shortShare/100) {
		return nil
	}
	return l.RejectRows(ctx, short, "fewer values than the header has columns, where the file's other rows hold them all: a value is missing, and the others would land in the wrong columns")
}

// plainID is a ticket id the pass reads unchanged: no spaces, quotes or control
// characters.
var plainID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9/_.:#-]*$`)

// store records the import and moves the file's tickets and rejected rows into the
// database, in the caller's transaction.
func store(ctx context.Context, l *queries.Load, s *Summary, opts Options) error {
	opts.Progress("loading")
	profile := opts.Profile
	if profile == nil {
		profile = &Profile{}
	}
	mapping, err := json.Marshal(s.Mapping.Named())
	if err != nil {
		return err
	}
	st, err := l.Store(ctx, queries.Import{
		Source: s.Source, File: s.File, SHA256: s.SHA256, Format: s.Format,
		Encoding: s.Encoding, Delimiter: s.Delimiter, Sheet: s.Sheet,
		HeaderRow: s.HeaderRow, Mapping: string(mapping),
		Read: s.Read, Loaded: s.Loaded, Rejected: s.Rejected, Skipped: s.Skipped, Superseded: s.Superseded(),
		Profile: profile.Path, ProfileSHA256: profile.SHA256, SeverityBasis: basis(s, profile.SeverityBasis),
	})
	s.New, s.Updated, s.Kept = st.New, st.Updated, st.Kept
	if err != nil {
		return err
	}
	opts.Progress("keeping rejected rows")
	if err := l.KeepRejects(ctx, st.ImportID, s.File, s.Sheet); err != nil {
		return fmt.Errorf("keep rejected rows: %w", err)
	}
	return nil
}

// basis is the severity basis an import records: "" for the final one, and for a
// file with no history (each ticket has one severity).
func basis(s *Summary, b string) string {
	if b == "final" || !s.EventLog() {
		return ""
	}
	return b
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

// mapLabels says what each distinct severity label of the rows read means, and
// each impact and urgency level, and the severity each pair of levels gives.
// Freshservice numbers its levels the other way from ITIL: priority 1 Low to 4
// Urgent, impact and urgency 1 Low to 3 High (its exports write the words, its API
// and some reports the numbers); a profile's severity_labels still win.
//
// Labels that are all bare words of one severity ladder (Major > High > Medium >
// Low) are read by their rank in it, which it returns.
func mapLabels(ctx context.Context, l *queries.Load, p *Profile, shape string) (string, error) {
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
	sevLabels, levelLabels, err := l.Labels(ctx)
	if err != nil {
		return "", fmt.Errorf("read labels: %w", err)
	}
	parse := func(labels []string, parse func(string) (int, bool)) map[string]int {
		out := map[string]int{}
		for _, label := range labels {
			if n, ok := parse(label); ok {
				out[label] = n
			}
		}
		return out
	}
	read := parse(sevLabels, severity)
	var free []string // the labels the profile does not name
	for _, label := range sevLabels {
		if !p.names(label) {
			free = append(free, label)
		}
	}
	ladder := ""
	if reading, name, ok := ladderOf(free); ok {
		maps.Copy(read, reading)
		ladder = name
	}
	return ladder, l.MapLabels(ctx, read, parse(levelLabels, level), p.matrix())
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

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
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
