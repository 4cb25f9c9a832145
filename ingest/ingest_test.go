package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := queries.Open(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// Times written without a zone are read as UTC, so that the instants the
	// tests see show the wall-clock times the files hold, on any machine.
	if _, err := queries.UseTimeZone(context.Background(), db, "UTC"); err != nil {
		t.Fatal(err)
	}
	return db
}

func mustIngest(t *testing.T, db *sql.DB, path string, opts ingest.Options) *ingest.Summary {
	t.Helper()
	s, err := ingest.File(context.Background(), db, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkAccounted(t, db, path, s, opts.DryRun)
	return s
}

// checkAccounted checks an import's accounting from outside: rows in = loaded +
// rejected + skipped (superseded rows are loaded rows of repeated tickets); the
// tickets are new, updated or kept; the database holds what the summary says; and,
// for a plain CSV without quotes (whose records are its lines), rows in is the
// lines under the header counted here, empty ones included.
func checkAccounted(t *testing.T, db *sql.DB, path string, s *ingest.Summary, dryRun bool) {
	t.Helper()
	if s.Duplicate != nil {
		return
	}
	if s.Read != s.Loaded+s.Rejected+s.Skipped {
		t.Errorf("%s: %d rows read, but %d loaded + %d rejected + %d skipped", path, s.Read, s.Loaded, s.Rejected, s.Skipped)
	}
	if s.Tickets != s.New+s.Updated+s.Kept || s.Loaded != s.Tickets+s.Superseded() {
		t.Errorf("%s: %d tickets, but %d new + %d updated + %d kept; %d loaded rows", path, s.Tickets, s.New, s.Updated, s.Kept, s.Loaded)
	}
	if b, err := os.ReadFile(path); err == nil && strings.HasSuffix(strings.ToLower(path), ".csv") &&
		!bytes.ContainsAny(b, "\"\r") && utf8.Valid(b) && !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		lines := int64(bytes.Count(b, []byte("\n")))
		if len(b) > 0 && b[len(b)-1] != '\n' {
			lines++
		}
		if under := lines - int64(s.HeaderRow); s.Read != under {
			t.Errorf("%s: %d rows read, but the file has %d lines under its header", path, s.Read, under)
		}
	}
	if dryRun {
		return
	}
	var read, loaded, rejected, skipped, superseded, kept int64
	err := db.QueryRow(`SELECT rows_read, rows_loaded, rows_rejected, rows_skipped, rows_superseded,
		(SELECT count(*) FROM rejects r WHERE r.import_id = i.import_id)
		FROM imports i ORDER BY import_id DESC LIMIT 1`).Scan(&read, &loaded, &rejected, &skipped, &superseded, &kept)
	if err != nil {
		t.Fatal(err)
	}
	if read != s.Read || loaded != s.Loaded || rejected != s.Rejected || skipped != s.Skipped || superseded != s.Superseded() || kept != s.Rejected {
		t.Errorf("%s: the database records %d read, %d loaded, %d rejected (%d rows kept), %d skipped, %d superseded; the summary %d, %d, %d, %d, %d",
			path, read, loaded, rejected, kept, skipped, superseded, s.Read, s.Loaded, s.Rejected, s.Skipped, s.Superseded())
	}
}

// lines returns a query's rows as "a | b | c" strings: NULL for NULL, times to the second.
func lines(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	for _, row := range dump(t, db, q, args...) {
		cells := make([]string, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case nil:
				cells[i] = "NULL"
			case time.Time:
				cells[i] = v.Format(time.DateTime)
			default:
				cells[i] = fmt.Sprint(v)
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

func equalLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	t.Errorf("%s:\n got:\n  %s\n want:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
}

type counts struct{ HeaderRow, Read, Loaded, Rejected, Skipped int64 }

func countsOf(s *ingest.Summary) counts {
	return counts{int64(s.HeaderRow), s.Read, s.Loaded, s.Rejected, s.Skipped}
}

// rawRow decodes one kept reject's raw JSON: the row as exported, header -> value.
func rawRow(t *testing.T, db *sql.DB, row int) map[string]any {
	t.Helper()
	var raw string
	if err := db.QueryRow(`SELECT raw::VARCHAR FROM rejects WHERE source_row = ?`, row).Scan(&raw); err != nil {
		t.Fatalf("reject on row %d: %v", row, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("reject on row %d: raw %q is not a JSON object: %v", row, raw, err)
	}
	return m
}

const ticketCols = `ticket_id, opened_at, resolved_at, closed_at, severity, severity_label, category,
	exported_category, summary, service, assignment_group, status, caller, source_row`

// handKeptTickets are the calls testdata/hand_kept.csv loads: row 4's severity TBC
// and its resolved "?" are NULL; row 8's markers N/A, - and ? are NULL.
var handKeptTickets = []string{
	"CSD/13/0429 | 2013-06-03 08:12:00 | 2013-06-03 12:39:00 | NULL | 1 | Sev 1 | Software | Software | cant log in to LCS, whole duty team affected | Children's Social Care | SCC Liquidlogic Team | Resolved | Mark Venn | 3",
	"CSD/13/0437 | 2013-06-14 09:51:00 | NULL | NULL | NULL | TBC | Account | Account | password reset for OT | Adult Social Care | SW1 Service Desk | Closed | Rachel Hembrow | 4",
	"CSD/13/0470 | 2013-06-18 11:02:00 | NULL | NULL | 3 | 3 - Moderate | Unclassified | NULL | printer on level 2 jammed | NULL | NULL | Open | NULL | 8",
}

func TestFileHandKeptCSV(t *testing.T) {
	db := openDB(t)
	path := "testdata/hand_kept.csv"
	s := mustIngest(t, db, path, ingest.Options{})

	// Rows 3-10 are under the header: 3 calls, the blank row 5 and the total row 10
	// skipped, and rows 6 (bad opened date), 7 (no Ref) and 9 (bad resolved date) rejected.
	if got, want := countsOf(s), (counts{HeaderRow: 2, Read: 8, Loaded: 3, Rejected: 3, Skipped: 2}); got != want {
		t.Errorf("summary counts = %+v, want %+v", got, want)
	}
	if s.Format != "csv" || s.Sheet != "" || len(s.SHA256) != 64 {
		t.Errorf("format %q, sheet %q, sha256 %q; want csv, no sheet, a sha256", s.Format, s.Sheet, s.SHA256)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings %q, want none: the opened and resolved dates show they are day-first", s.Warnings)
	}
	wantRejects := []string{
		`row 6 column "Date Logged": cannot read "31/13/2014 14:51" as a date`,
		`row 7 column "Ref": no ticket id`,
		`row 9 column "Date Resolved": cannot read "20/06/13 9am" as a date`,
	}
	var gotRejects []string
	for _, r := range s.Rejects {
		gotRejects = append(gotRejects, r.String())
	}
	equalLines(t, "summary's rejects", gotRejects, wantRejects)

	equalLines(t, "tickets", lines(t, db, `SELECT `+ticketCols+` FROM tickets ORDER BY source_row`), handKeptTickets)
	equalLines(t, "rejects table", lines(t, db, `SELECT source_file, sheet, source_row, "column", reason FROM rejects ORDER BY source_row`), []string{
		`testdata/hand_kept.csv | NULL | 6 | Date Logged | cannot read "31/13/2014 14:51" as a date`,
		`testdata/hand_kept.csv | NULL | 7 | Ref | no ticket id`,
		`testdata/hand_kept.csv | NULL | 9 | Date Resolved | cannot read "20/06/13 9am" as a date`,
	})
	equalLines(t, "imports", lines(t, db, `SELECT source_file, format, sheet, header_row, rows_read, rows_loaded, rows_rejected, rows_skipped, profile FROM imports`),
		[]string{"testdata/hand_kept.csv | csv | NULL | 2 | 8 | 3 | 3 | 2 | NULL"})

	// A reject keeps the whole row under the export's own header names.
	raw := rawRow(t, db, 7)
	want := map[string]any{"Ref": nil, "Date Logged": "17/06/2013 10:28", "Logged By": "Bethan Pugsley", "Service": "Libraries",
		"Severity": "Sev 3", "Call Type": "Hardware", "Summary": "PC booking system wont release PCs",
		"Assigned Team": "SW1 Service Desk", "Status": "Open", "Date Resolved": nil}
	if !reflect.DeepEqual(raw, want) {
		t.Errorf("raw of row 7 = %v, want %v", raw, want)
	}
	if got := rawRow(t, db, 6)["Date Logged"]; got != "31/13/2014 14:51" {
		t.Errorf("raw of row 6 keeps Date Logged %v, want the value as exported", got)
	}
}

// gzipFile writes a gzipped copy of src to dst.
func gzipFile(t *testing.T, src, dst string) {
	t.Helper()
	content, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFileGzip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "calls.csv.gz")
	gzipFile(t, "testdata/hand_kept.csv", path)

	db := openDB(t)
	s := mustIngest(t, db, path, ingest.Options{})
	if got, want := countsOf(s), (counts{HeaderRow: 2, Read: 8, Loaded: 3, Rejected: 3, Skipped: 2}); got != want {
		t.Errorf("summary counts = %+v, want %+v (as for the plain CSV)", got, want)
	}
	if s.Format != "csv" {
		t.Errorf("format %q, want csv", s.Format)
	}
	equalLines(t, "tickets from the gzipped CSV", lines(t, db, `SELECT `+ticketCols+` FROM tickets ORDER BY source_row`), handKeptTickets)
}

func TestFileSemicolonBOM(t *testing.T) {
	db := openDB(t)
	s := mustIngest(t, db, "testdata/semicolon_bom.csv", ingest.Options{})
	if got, want := countsOf(s), (counts{HeaderRow: 1, Read: 4, Loaded: 3, Rejected: 1, Skipped: 0}); got != want {
		t.Errorf("summary counts = %+v, want %+v", got, want)
	}
	if got := s.Mapping.Header("ticket_id"); got != "Reference" {
		t.Errorf("ticket_id mapped to %q, want %q (without the byte order mark)", got, "Reference")
	}
	equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, opened_at, closed_at, severity, category, summary FROM tickets ORDER BY source_row`), []string{
		"INC-1001 | 2013-06-03 08:12:00 | 2013-06-03 10:00:00 | 1 | Hardware | Printer on floor 2, tray 3 empty",
		"INC-1002 | 2013-06-04 09:30:00 | NULL | 4 | Software | Outlook will not start, profile broken",
		"INC-1004 | 2013-06-05 14:00:00 | 2013-06-07 16:30:00 | 4 | Software | Calendar; shared, empty",
	})
	equalLines(t, "rejects", lines(t, db, `SELECT source_row, "column", reason FROM rejects`), []string{
		"4 | Date opened | no opened date",
	})
	if _, ok := rawRow(t, db, 4)["Reference"]; !ok {
		t.Errorf("raw of row 4 = %v, want the key %q", rawRow(t, db, 4), "Reference")
	}
}

// writeXLSX saves a one-sheet workbook; rows maps a sheet row to its cells from
// column A, where a time.Time becomes a date cell (an Excel serial with a date format).
func writeXLSX(t *testing.T, sheet string, rows map[int][]any) string {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		t.Fatal(err)
	}
	for r, cells := range rows {
		for c, v := range cells {
			if v == nil {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r)
			if err := x.SetCellValue(sheet, name, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				if err := x.SetCellStyle(sheet, name, name, dateStyle); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	path := filepath.Join(t.TempDir(), "calls.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func at(s string) time.Time {
	tm, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return tm
}

func TestFileXLSX(t *testing.T) {
	path := writeXLSX(t, "Calls", map[int][]any{
		1: {"ICT Service Desk - call log June 2013"},
		2: {"Ref", "Date Logged", "Severity", "Summary", "Date Resolved"},
		3: {"CSD/13/0429", at("2013-06-03 08:12"), "Sev 1", "cant log in to LCS", at("2013-06-03 12:39")},
		4: {10234, "04/06/2013 09:30", "High", "text dates as typed", "05/06/2013"},
		// row 5 left blank
		6: {"CSD/13/0451", "31/13/2014", "Sev 2", "a date that is not one"},
		// row 7 left blank
		8:  {"CSD/13/0470", at("2013-06-18 11:02"), "Low", "resolved not a date", "not yet"},
		9:  {"CSD/13/0475", at("2013-06-19 16:40"), "TBC", "severity to be confirmed", at("2013-06-20 09:00")},
		10: {"Total", 5},
	})
	db := openDB(t)
	s := mustIngest(t, db, path, ingest.Options{})
	if got, want := countsOf(s), (counts{HeaderRow: 2, Read: 8, Loaded: 3, Rejected: 2, Skipped: 3}); got != want {
		t.Errorf("summary counts = %+v, want %+v", got, want)
	}
	if s.Format != "xlsx" || s.Sheet != "Calls" {
		t.Errorf("format %q sheet %q, want xlsx, Calls", s.Format, s.Sheet)
	}
	// The text dates ("04/06/2013", "31/13/2014"; "05/06/2013") do not tell the order.
	if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[0], `"Date Logged"`) || !strings.Contains(s.Warnings[1], `"Date Resolved"`) ||
		!strings.Contains(s.Warnings[0], "--date-order") {
		t.Errorf("warnings = %q, want one on Date Logged and one on Date Resolved, pointing to --date-order", s.Warnings)
	}
	equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, opened_at, resolved_at, severity, summary, source_row FROM tickets ORDER BY source_row`), []string{
		"CSD/13/0429 | 2013-06-03 08:12:00 | 2013-06-03 12:39:00 | 1 | cant log in to LCS | 3",
		"10234 | 2013-06-04 09:30:00 | 2013-06-05 00:00:00 | 2 | text dates as typed | 4",
		"CSD/13/0475 | 2013-06-19 16:40:00 | 2013-06-20 09:00:00 | NULL | severity to be confirmed | 9",
	})
	// Row numbers are the sheet's, blank rows counted.
	equalLines(t, "rejects", lines(t, db, `SELECT sheet, source_row, "column", reason FROM rejects ORDER BY source_row`), []string{
		`Calls | 6 | Date Logged | cannot read "31/13/2014" as a date`,
		`Calls | 8 | Date Resolved | cannot read its value as a date (not shown: it is not written like one)`,
	})
	if got := rawRow(t, db, 8)["Summary"]; got != "resolved not a date" {
		t.Errorf("raw of row 8 has Summary %v, want the export's value", got)
	}
}

// TestFileDateOrder: the order of day and month comes from the user, then the
// profile, then the values; a column that cannot tell is read day-first with a warning.
func TestFileDateOrder(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		opts     ingest.Options
		opened   []string
		warnings []string // substrings of the one warning; nil: none
		rejects  []string
	}{
		{"ambiguous dates are read day-first", "testdata/ambiguous_dates.csv", ingest.Options{},
			[]string{"2013-06-04 08:12:00", "2013-07-05 09:00:00"}, []string{`"Date Logged"`, "2 values", "--date-order"}, nil},
		{"--date-order month-first", "testdata/ambiguous_dates.csv", ingest.Options{DateOrder: "month-first"},
			[]string{"2013-04-06 08:12:00", "2013-05-07 09:00:00"}, nil, nil},
		{"the profile's date_order", "testdata/ambiguous_dates.csv", ingest.Options{Profile: &ingest.Profile{DateOrder: "month-first"}},
			[]string{"2013-04-06 08:12:00", "2013-05-07 09:00:00"}, nil, nil},
		{"--date-order beats the profile", "testdata/ambiguous_dates.csv", ingest.Options{DateOrder: "day-first", Profile: &ingest.Profile{DateOrder: "month-first"}},
			[]string{"2013-06-04 08:12:00", "2013-07-05 09:00:00"}, nil, nil},
		{"mixed orders: the majority wins", "testdata/mixed_dates.csv", ingest.Options{},
			[]string{"2013-06-13 08:12:00", "2013-06-14 09:00:00", "2013-07-05 11:00:00"},
			[]string{`"Date Logged"`, "day-first (2 values)", "month-first (1 value)", "read as day-first"},
			[]string{`4 | Date Logged | cannot read "06/15/2013 10:00" as a date`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			s := mustIngest(t, db, tt.file, tt.opts)
			equalLines(t, "opened", lines(t, db, `SELECT opened_at FROM tickets ORDER BY source_row`), tt.opened)
			equalLines(t, "rejects", lines(t, db, `SELECT source_row, "column", reason FROM rejects ORDER BY source_row`), tt.rejects)
			if tt.warnings == nil {
				if len(s.Warnings) != 0 {
					t.Errorf("warnings %q, want none", s.Warnings)
				}
				return
			}
			if len(s.Warnings) != 1 {
				t.Fatalf("warnings %q, want one", s.Warnings)
			}
			for _, w := range tt.warnings {
				if !strings.Contains(s.Warnings[0], w) {
					t.Errorf("warning %q does not mention %q", s.Warnings[0], w)
				}
			}
		})
	}
}

// TestFileErrors: a file deskstat cannot map or read fails with an error that names
// the file and says what is wrong and where.
func TestFileErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"no ticket id column", "testdata/no_ticket_id.csv",
			[]string{`testdata/no_ticket_id.csv: `, "row 1", "no column for ticket_id", `"Date Logged", "Severity", "Summary", "Status"`, "profile's columns"}},
		{"no opened column, header under a title", "testdata/no_opened.csv",
			[]string{`testdata/no_opened.csv: `, "row 2", "no column for opened_at", `"Ref", "Severity", "Summary", "Status"`}},
		{"no header row", "testdata/no_header.csv",
			[]string{`testdata/no_header.csv: `, "no header row in the first 30 rows"}},
		{"not an export", "testdata/rules_profile.yaml",
			[]string{`testdata/rules_profile.yaml: `, `unsupported file type ".yaml"`}},
		{"no such file", "testdata/missing.csv",
			[]string{`testdata/missing.csv: `, "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			_, err := ingest.File(context.Background(), db, tt.path, ingest.Options{})
			if err == nil {
				t.Fatalf("no error, want one mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestFileAllOrNothing: an import that fails leaves the database exactly as it was.
func TestFileAllOrNothing(t *testing.T) {
	tests := []struct {
		name string
		path string
		opts ingest.Options
		want []string
	}{
		{"no ticket id column", "testdata/no_ticket_id.csv", ingest.Options{}, []string{`testdata/no_ticket_id.csv: `, "no column for ticket_id"}},
		// Fails when the calls are inserted, after the import has been recorded.
		{"a severity the schema refuses", "testdata/semicolon_bom.csv", ingest.Options{Profile: &ingest.Profile{Severities: map[string]int{"Low": 7}}},
			[]string{`testdata/semicolon_bom.csv: `, "load tickets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			mustIngest(t, db, "testdata/hand_kept.csv", ingest.Options{})
			state := func() [][]any {
				var all [][]any
				for _, q := range []string{
					`SELECT * FROM tickets ORDER BY import_id, source_row`,
					`SELECT * FROM rejects ORDER BY import_id, source_row`,
					`SELECT * FROM imports ORDER BY import_id`,
				} {
					all = append(all, []any{q})
					all = append(all, dump(t, db, q)...)
				}
				return all
			}
			before := state()
			_, err := ingest.File(context.Background(), db, tt.path, tt.opts)
			if err == nil {
				t.Fatal("the import succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if after := state(); !reflect.DeepEqual(before, after) {
				t.Errorf("the failed import changed the database:\n before %v\n after  %v", before, after)
			}
			// The connection is left fit for the next file.
			s := mustIngest(t, db, "testdata/ambiguous_dates.csv", ingest.Options{})
			if s.Loaded != 2 {
				t.Errorf("next import loaded %d calls, want 2", s.Loaded)
			}
		})
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFileCSVRows: row numbers are the file's lines as a user sees them in an editor
// or in Excel, and blank and total rows are skipped, not loaded or rejected.
func TestFileCSVRows(t *testing.T) {
	const header = "Ref,Date Logged,Severity,Summary\n"
	tests := []struct {
		name    string
		csv     string
		counts  counts
		tickets []string // ticket_id | source_row
		rejects []string // source_row | column | reason
	}{
		{"blank row of commas", header + "CSD/1,14/06/2013,Sev 1,a\n,,,\nCSD/2,31/13/2013,Sev 2,b\n",
			counts{1, 3, 1, 1, 1}, []string{"CSD/1 | 2"}, []string{`4 | Date Logged | cannot read "31/13/2013" as a date`}},
		{"total rows", header + "CSD/1,14/06/2013,Sev 1,a\nTotal,1,,\nGrand Total,1,,\n totals ,,,\n",
			counts{1, 4, 1, 0, 3}, []string{"CSD/1 | 2"}, nil},
		{"a call whose summary starts with Total is a call", "Summary,Ref,Date Logged\nTotal loss of network,CSD/1,14/06/2013\n",
			counts{1, 1, 1, 0, 0}, []string{"CSD/1 | 2"}, nil},
		{"a reference that starts with Total is a call", header + "TOTAL-17,14/06/2013,Sev 1,a\nCSD/2,15/06/2013,Sev 1,b\n",
			counts{1, 2, 2, 0, 0}, []string{"TOTAL-17 | 2", "CSD/2 | 3"}, nil},
		{"an empty line between rows", header + "CSD/1,14/06/2013,Sev 1,a\n\nCSD/2,31/13/2013,Sev 2,b\n",
			counts{1, 3, 1, 1, 1}, []string{"CSD/1 | 2"}, []string{`4 | Date Logged | cannot read "31/13/2013" as a date`}},
		{"empty lines with CRLF, and inside quotes", strings.ReplaceAll(header, "\n", "\r\n") + "CSD/1,14/06/2013,Sev 1,\"a\r\n\r\nb\"\r\n\r\nCSD/2,31/13/2013,Sev 2,b\r\n",
			counts{1, 3, 1, 1, 1}, []string{"CSD/1 | 2"}, []string{`4 | Date Logged | cannot read "31/13/2013" as a date`}},
		{"an empty line under a title", "Call log June 2013\n\n" + header + "CSD/1,14/06/2013,Sev 1,a\n",
			counts{3, 1, 1, 0, 0}, []string{"CSD/1 | 4"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			s := mustIngest(t, db, writeTemp(t, "calls.csv", tt.csv), ingest.Options{})
			if got := countsOf(s); got != tt.counts {
				t.Errorf("summary counts = %+v, want %+v", got, tt.counts)
			}
			equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, source_row FROM tickets ORDER BY source_row`), tt.tickets)
			equalLines(t, "rejects", lines(t, db, `SELECT source_row, "column", reason FROM rejects ORDER BY source_row`), tt.rejects)
		})
	}
}

// TestDatesIgnoreTotalRows: a total row's count under the date column is not a date
// to learn the column's format from (it once made text dates "Excel serial").
func TestDatesIgnoreTotalRows(t *testing.T) {
	csv := "Ref,Date Logged,Severity\nCSD/1,03/06/2013 09:15,Sev 1\nCSD/2,13/06/2013,Sev 2\nTotal,2,\n"
	s := mustIngest(t, openDB(t), writeTemp(t, "calls.csv", csv), ingest.Options{DryRun: true})
	if len(s.Dates) != 1 {
		t.Fatalf("dates = %+v, want one column", s.Dates)
	}
	d := s.Dates[0]
	if !strings.HasPrefix(d.Format, "%d/%m/%Y") || !strings.HasSuffix(d.Evidence, "(of 2 values sampled)") {
		t.Errorf("format %q, evidence %q; want a %%d/%%m/%%Y layout from the 2 dated rows", d.Format, d.Evidence)
	}
	if s.Loaded != 2 || s.Skipped != 1 {
		t.Errorf("loaded %d, skipped %d; want 2 and 1", s.Loaded, s.Skipped)
	}
}

// TestFileAwkwardHeaders: headers as spreadsheets leave them still load, and a
// rejected row keeps every column under a distinct name.
func TestFileAwkwardHeaders(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		rawKeys []string // of the rejected row 3
	}{
		{"duplicate headers", "Ref,Date Logged,Notes,notes,Notes\nCSD/1,14/06/2013,a,b,c\nCSD/2,31/13/2013,a,b,c\n",
			[]string{"Date Logged", "Notes", "Ref", "notes (2)", "Notes (3)"}},
		{"blank headers", "Ref,,Date Logged,\nCSD/1,x,14/06/2013,y\nCSD/2,x,31/13/2013,y\n",
			[]string{"Date Logged", "Ref", "column1", "column3"}},
		{"Excel's name for a table column without a header", "Column1,Ref,Date Logged\nx,CSD/1,14/06/2013\nx,CSD/2,31/13/2013\n",
			[]string{"Column1", "Date Logged", "Ref"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			s := mustIngest(t, db, writeTemp(t, "calls.csv", tt.csv), ingest.Options{})
			if s.Loaded != 1 || s.Rejected != 1 {
				t.Errorf("loaded %d, rejected %d; want 1 and 1", s.Loaded, s.Rejected)
			}
			raw := rawRow(t, db, 3)
			var keys []string
			for k := range raw {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			want := append([]string(nil), tt.rawKeys...)
			sort.Strings(want)
			if !reflect.DeepEqual(keys, want) {
				t.Errorf("raw of row 3 has keys %q, want %q", keys, want)
			}
		})
	}
}

// TestFileCSVExtraFields: a row with more fields than the header (an unquoted comma
// in a hand-typed summary) must not load with its values shifted into the wrong
// columns. (An XLSX row with values beyond the header's last column is rejected the
// same way: TestXLSXStrayNote.)
func TestFileCSVExtraFields(t *testing.T) {
	db := openDB(t)
	path := writeTemp(t, "calls.csv", "Ref,Date Logged,Severity,Summary,Status\n"+
		"CSD/1,14/06/2013,Sev 1,email,Open\n"+
		"CSD/2,04/06/2013,Sev 2,printer, again,Closed\n")
	s, err := ingest.File(context.Background(), db, path, ingest.Options{})
	if err != nil {
		if !strings.Contains(err.Error(), "row 3") {
			t.Errorf("error %q does not name row 3", err)
		}
		return
	}
	checkAccounted(t, db, path, s, false)
	equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, summary, status FROM tickets ORDER BY source_row`), []string{"CSD/1 | email | Open"})
	if s.Rejected != 1 || len(s.Rejects) != 1 || s.Rejects[0].Row != 3 {
		t.Errorf("rejects %v, want row 3", s.Rejects)
	}
}

// TestFileDuplicate: the same bytes imported again, under any name, load nothing,
// so that no call is counted twice; the summary names the earlier import.
func TestFileDuplicate(t *testing.T) {
	content, err := os.ReadFile("testdata/hand_kept.csv")
	if err != nil {
		t.Fatal(err)
	}
	copyPath := writeTemp(t, "june_calls.csv", string(content))
	tests := []struct {
		name string
		path string
	}{
		{"the same file again", "testdata/hand_kept.csv"},
		{"a copy under another name", copyPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			first := mustIngest(t, db, "testdata/hand_kept.csv", ingest.Options{})
			if first.Duplicate != nil {
				t.Fatalf("first import marked as a duplicate of %+v", first.Duplicate)
			}
			s := mustIngest(t, db, tt.path, ingest.Options{})
			if s.Duplicate == nil || s.Duplicate.File != "testdata/hand_kept.csv" || s.Loaded != 0 {
				t.Fatalf("second import: duplicate %+v, loaded %d; want a duplicate of testdata/hand_kept.csv, nothing loaded", s.Duplicate, s.Loaded)
			}
			equalLines(t, "calls and imports", lines(t, db, `SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM rejects), (SELECT count(*) FROM imports)`),
				[]string{"3 | 3 | 1"})
		})
	}
}

// TestSeverityFallback: a Priority is read where the Severity is blank; a ServiceNow
// incident's priority comes before its own three-level severity field; a number a
// spreadsheet wrote as a decimal is still a severity.
func TestSeverityFallback(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []string // ticket_id | severity | severity_label
	}{
		{"jira: severity field, else priority",
			"Issue key,Created,Custom field (Severity),Priority\nITSD-1,2024-03-12 09:00,Sev 2,Low\nITSD-2,2024-03-12 10:00,,Highest\nITSD-3,2024-03-12 11:00,,\n",
			[]string{"ITSD-1 | 2 | Sev 2", "ITSD-2 | 1 | Highest", "ITSD-3 | NULL | NULL"}},
		{"servicenow: priority, not the severity field",
			"number,opened_at,short_description,priority,severity,sys_mod_count\nINC1,2024-03-12 09:00,a,1 - Critical,3 - Low,1\nINC2,2024-03-12 09:00,b,,1 - High,1\nINC3,2024-03-12 09:00,c,4 - Low,3 - Low,1\n",
			[]string{"INC1 | 1 | 1 - Critical", "INC2 | 2 | 1 - High", "INC3 | 4 | 4 - Low"}},
		{"freshservice: numbered the other way (4 Urgent to 1 Low)",
			"Ticket Id,Subject,Created Time,Priority,Urgency,Impact\n1,a,2024-03-12 09:00:00,4,,\n2,b,2024-03-12 09:00:00,1,,\n3,c,2024-03-12 09:00:00,High,,\n4,d,2024-03-12 09:00:00,,3,3\n",
			[]string{"1 | 1 | 4", "2 | 4 | 1", "3 | 2 | High", "4 | 1 | NULL"}},
		{"hand-kept: severities as decimals",
			"Ref,Date Logged,Severity\nA,03/06/2013,1.0\nB,03/06/2013,2.0\nC,03/06/2013,2.5\n",
			[]string{"A | 1 | 1.0", "B | 2 | 2.0", "C | NULL | 2.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			mustIngest(t, db, writeTemp(t, "calls.csv", tt.csv), ingest.Options{})
			equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, coalesce(CAST(severity AS VARCHAR), 'NULL'), coalesce(severity_label, 'NULL') FROM tickets ORDER BY ticket_id`), tt.want)
		})
	}
}

// TestDateQuirks: what hand-kept and exported date columns hold besides dates.
func TestDateQuirks(t *testing.T) {
	tests := []struct {
		name, csv string
		tickets   []string // ticket_id | opened | resolved (UTC)
		rejects   []string // source_row | column | reason
		warn      string   // in the warnings, if set
	}{
		{"missing-value markers padded with spaces",
			"Ref;Date Logged;Severity;Date Resolved\n1;13/06/2013 09:00;1; N/A\n2;13/06/2013 10:00;2;- \n3;13/06/2013 11:00;2; ? \n",
			[]string{"1 | 2013-06-13 09:00 | NULL", "2 | 2013-06-13 10:00 | NULL", "3 | 2013-06-13 11:00 | NULL"}, nil, ""},
		{"ISO 8601 with an offset or Z and no seconds",
			"Ref,Created,Severity\nA,2014-06-03T09:00+01:00,1\nB,2014-06-03T09:00Z,1\nC,2014-06-03 09:00 +0100,1\n",
			[]string{"A | 2014-06-03 08:00 | NULL", "B | 2014-06-03 09:00 | NULL", "C | 2014-06-03 08:00 | NULL"}, nil, ""},
		{"a bare number among text dates is not an Excel serial",
			"Ref,Date Logged,Severity\n1,13/06/2013 09:00,1\n2,2014,1\n",
			[]string{"1 | 2013-06-13 09:00 | NULL"}, []string{`3 | Date Logged | cannot read "2014" as a date`}, ""},
		{"Jira's September as Sept",
			"Issue key,Created,Priority\nA,2/Sept/24 9:41 AM,High\nB,12/Mar/24 10:00 AM,High\n",
			[]string{"A | 2024-09-02 09:41 | NULL", "B | 2024-03-12 10:00 | NULL"}, nil, ""},
		{"a column of serials in a CSV is read as serials",
			"Ref,Date Logged,Severity\n1,41428.5,1\n2,41429,1\n",
			[]string{"1 | 2013-06-03 12:00 | NULL", "2 | 2013-06-04 00:00 | NULL"}, nil, ""},
		{"the order comes from the file's other date columns",
			"Ref,Opened,Severity,Closed\nA,03/12/2024 09:00,1,03/13/2024 10:00\nB,03/11/2024 09:00,1,03/14/2024 10:00\n",
			[]string{"A | 2024-03-12 09:00 | 2024-03-13 10:00", "B | 2024-03-11 09:00 | 2024-03-14 10:00"}, nil, ""},
		{"a yes/no Resolved column is not a date column",
			"Ref,Date Logged,Severity,Priority,Call Type,Description,Team,Resolved\n1,03/06/2013,1,,Network,a,Desk,Yes\n2,04/06/2013,2,,Network,b,Desk,No\n3,05/06/2013,2,,Network,c,Desk,Y\n4,06/06/2013,2,,Network,d,Desk,\n",
			[]string{"1 | 2013-06-03 00:00 | NULL", "2 | 2013-06-04 00:00 | NULL", "3 | 2013-06-05 00:00 | NULL", "4 | 2013-06-06 00:00 | NULL"}, nil,
			`column "Resolved" holds yes/no values, not dates`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
				t.Fatal(err)
			}
			s := mustIngest(t, db, writeTemp(t, "calls.csv", tt.csv), ingest.Options{})
			equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, strftime(opened_at, '%Y-%m-%d %H:%M'),
				coalesce(strftime(coalesce(resolved_at, closed_at), '%Y-%m-%d %H:%M'), 'NULL') FROM tickets ORDER BY ticket_id`), tt.tickets)
			equalLines(t, "rejects", lines(t, db, `SELECT source_row, "column", reason FROM rejects ORDER BY source_row`), tt.rejects)
			if tt.warn != "" && !slices.ContainsFunc(s.Warnings, func(w string) bool { return strings.Contains(w, tt.warn) }) {
				t.Errorf("warnings %q do not say %q", s.Warnings, tt.warn)
			}
		})
	}
}

// TestRepeatedReferenceWarns: a hand-kept log that repeats a reference, with nothing
// to order the rows, keeps the last and says so.
func TestRepeatedReferenceWarns(t *testing.T) {
	s := mustIngest(t, openDB(t), writeTemp(t, "calls.csv", "Ref,Date Logged,Severity\n101,03/06/2013,1\n102,04/06/2013,2\n101,25/06/2013,3\n"), ingest.Options{})
	if s.Tickets != 2 || !slices.ContainsFunc(s.Warnings, func(w string) bool { return strings.Contains(w, "1 row of references that appear again") }) {
		t.Errorf("tickets %d, warnings %q; want 2 tickets and a warning about the repeated reference", s.Tickets, s.Warnings)
	}
	s = mustIngest(t, openDB(t), writeTemp(t, "log.csv", "number,opened_at,priority,sys_mod_count\nINC1,2016-02-29 01:16:00,1 - Critical,1\nINC1,2016-02-29 01:16:00,1 - Critical,2\n"), ingest.Options{})
	if len(s.Warnings) != 0 {
		t.Errorf("an event log with an update counter warns %q", s.Warnings)
	}
}
