package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/ingest"
)

// sheetRows is one sheet of a test workbook: rows maps a sheet row to its cells from
// column A, as for writeXLSX.
type sheetRows struct {
	name string
	rows map[int][]any
}

// serial1904 is a number written into a date-formatted cell as it stands: a date
// serial of the workbook's own date system.
type serial1904 float64

// writeWorkbook saves a workbook of several sheets, in order; with date1904 the
// workbook uses Excel's 1904 date system (Mac Excel's old default), so that a
// time.Time is stored as days since 1904-01-01.
func writeWorkbook(t *testing.T, date1904 bool, sheets ...sheetRows) string {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	if date1904 {
		if err := x.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		t.Fatal(err)
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := x.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range sh.rows {
			for c, v := range cells {
				if v == nil {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r)
				dated := false
				switch w := v.(type) {
				case time.Time:
					dated = true
				case serial1904:
					v, dated = float64(w), true
				}
				if err := x.SetCellValue(sh.name, name, v); err != nil {
					t.Fatal(err)
				}
				if dated {
					if err := x.SetCellStyle(sh.name, name, name, dateStyle); err != nil {
						t.Fatal(err)
					}
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

// TestXLSXDate1904: a workbook in the 1904 date system (a Mac Excel legacy) stores
// its dates as days since 1904-01-01, 1462 fewer than the same dates in the 1900
// system; its date cells must read as the dates Excel shows, not four years early.
// Numbers in other columns and dates typed as text are what they are.
func TestXLSXDate1904(t *testing.T) {
	path := writeWorkbook(t, true, sheetRows{"Calls", map[int][]any{
		1: {"Ref", "Date Logged", "Severity", "Summary", "Date Resolved", "Updates"},
		2: {"CSD/14/0001", at("2014-06-03 09:00"), "Sev 1", "printer", at("2014-06-04 17:30"), 3},
		// 40331.375 days after 1904-01-01 is 2014-06-03 09:00 (in the 1900 system: 2010-06-02).
		3: {10234, serial1904(40331.375), "Sev 2", "serial as stored", nil, 41000},
		4: {"CSD/14/0003", "05/06/2014 10:15", "Sev 3", "typed as text", "2014-06-06 08:00", 1},
		5: {"CSD/14/0004", serial1904(40333.5), "Sev 4", "resolved, serial", serial1904(40334.25)},
	}})
	db := openDB(t)
	s := mustIngest(t, db, path, ingest.Options{DateOrder: "day-first"})
	if got, want := countsOf(s), (counts{HeaderRow: 1, Read: 4, Loaded: 4}); got != want {
		t.Errorf("summary counts = %+v, want %+v", got, want)
	}
	equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, opened_at, resolved_at, update_count FROM tickets ORDER BY source_row`), []string{
		"CSD/14/0001 | 2014-06-03 09:00:00 | 2014-06-04 17:30:00 | 3",
		"10234 | 2014-06-03 09:00:00 | NULL | 41000",
		"CSD/14/0003 | 2014-06-05 10:15:00 | 2014-06-06 08:00:00 | 1",
		"CSD/14/0004 | 2014-06-05 12:00:00 | 2014-06-06 06:00:00 | NULL",
	})
}

// TestXLSXStrayNote: a note typed to the right of the table is a value beyond the
// header's last column wherever it sits, as in a CSV file: its row is rejected with
// the same reason, the import goes on, and every row is counted once.
func TestXLSXStrayNote(t *testing.T) {
	table := func() map[int][]any {
		rows := map[int][]any{1: {"Ref", "Date Logged", "Severity", "Summary"}}
		for r := 2; r <= 100; r++ {
			rows[r] = []any{fmt.Sprintf("CSD/%d", r), at("2013-06-03 08:12").Add(time.Duration(r) * time.Hour), "Sev 2", "printer"}
		}
		return rows
	}
	tests := []struct {
		name     string
		row, col int // 1-based
		rejected int64
		read     int64
	}{
		{"note in E10, among the rows the width is taken from", 10, 5, 1, 99},
		{"note in E80, below them", 80, 5, 1, 99},
		{"note in H70, far right", 70, 8, 1, 99},
		{"note in XFD70, the sheet's last column", 70, 16384, 1, 99},
		{"note in E120, on its own row under the table", 120, 5, 1, 119},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := table()
			cells := append([]any(nil), rows[tt.row]...)
			for len(cells) < tt.col {
				cells = append(cells, nil)
			}
			cells[tt.col-1] = "checked with Sam - see email"
			rows[tt.row] = cells
			path := writeWorkbook(t, false, sheetRows{"Calls", rows})
			db := openDB(t)
			s, err := ingest.File(context.Background(), db, path, ingest.Options{})
			if err != nil {
				t.Fatalf("the import failed: %v", err)
			}
			checkAccounted(t, db, path, s, false)
			if s.Read != tt.read || s.Rejected != tt.rejected || s.Read != s.Loaded+s.Rejected+s.Skipped {
				t.Errorf("read %d = loaded %d + rejected %d + skipped %d; want %d read, %d rejected",
					s.Read, s.Loaded, s.Rejected, s.Skipped, tt.read, tt.rejected)
			}
			equalLines(t, "rejects", lines(t, db, `SELECT source_row, "column", reason FROM rejects`), []string{
				fmt.Sprintf("%d | NULL | 1 more value than the header has columns (a delimiter inside an unquoted field, or a note beside the table?)", tt.row),
			})
			var kept bool
			for _, v := range rawRow(t, db, tt.row) {
				kept = kept || v == "checked with Sam - see email"
			}
			if !kept {
				t.Errorf("raw of row %d = %v, want the note kept", tt.row, rawRow(t, db, tt.row))
			}
			var tickets int64
			if err := db.QueryRow(`SELECT count(*) FROM tickets`).Scan(&tickets); err != nil {
				t.Fatal(err)
			}
			if tickets != s.Loaded {
				t.Errorf("%d tickets held, want the %d loaded", tickets, s.Loaded)
			}
		})
	}
}

// TestXLSXSheetChoice: the sheet read is the first whose header has a ticket id and
// an opened date, so that a summary sheet in front is passed over; when no sheet
// has them, the error names the sheets and points to --sheet; --sheet wins.
func TestXLSXSheetChoice(t *testing.T) {
	summary := sheetRows{"Summary", map[int][]any{
		1: {"Calls by team, June 2014"},
		3: {"Team", "Severity", "Count"},
		4: {"Desktop", "Sev 1", 4},
		5: {"Network", "Sev 2", 7},
	}}
	calls := sheetRows{"Calls", map[int][]any{
		1: {"Ref", "Date Logged", "Severity", "Team"},
		2: {"CSD/1", at("2014-06-03 09:00"), "Sev 1", "Desktop"},
		3: {"CSD/2", at("2014-06-04 10:00"), "Sev 2", "Network"},
	}}
	notes := sheetRows{"Notes", map[int][]any{1: {"Exported by the desk on Monday"}}}

	t.Run("a summary sheet in front is passed over", func(t *testing.T) {
		db := openDB(t)
		s := mustIngest(t, db, writeWorkbook(t, false, summary, calls), ingest.Options{})
		if s.Sheet != "Calls" || s.Loaded != 2 {
			t.Errorf("read sheet %q, loaded %d; want Calls, 2", s.Sheet, s.Loaded)
		}
		if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], `"Summary"`) || !strings.Contains(s.Warnings[0], "--sheet") {
			t.Errorf("warnings %q, want one naming the other sheet and --sheet", s.Warnings)
		}
	})
	t.Run("the first sheet that has them is read", func(t *testing.T) {
		db := openDB(t)
		s := mustIngest(t, db, writeWorkbook(t, false, notes, calls, sheetRows{"Calls (old)", calls.rows}), ingest.Options{})
		if s.Sheet != "Calls" {
			t.Errorf("read sheet %q, want Calls", s.Sheet)
		}
	})
	t.Run("--map names the columns a sheet must have", func(t *testing.T) {
		other := sheetRows{"Log", map[int][]any{
			1: {"SR Number", "Change Date+Time", "Severity"},
			2: {"SR-1", at("2014-06-03 09:00"), "Sev 1"},
		}}
		db := openDB(t)
		s := mustIngest(t, db, writeWorkbook(t, false, calls, other),
			ingest.Options{Columns: map[string]string{"ticket_id": "SR Number", "opened_at": "Change Date+Time"}})
		if s.Sheet != "Log" || s.Loaded != 1 {
			t.Errorf("read sheet %q, loaded %d; want Log, 1", s.Sheet, s.Loaded)
		}
	})
	t.Run("no sheet has them", func(t *testing.T) {
		db := openDB(t)
		path := writeWorkbook(t, false, summary, notes)
		_, err := ingest.File(context.Background(), db, path, ingest.Options{})
		if err == nil {
			t.Fatal("the import succeeded, want an error")
		}
		for _, w := range []string{`"Summary"`, `"Notes"`, "--sheet", "ticket_id"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not mention %s", err, w)
			}
		}
	})
	t.Run("--sheet wins", func(t *testing.T) {
		db := openDB(t)
		path := writeWorkbook(t, false, summary, calls)
		_, err := ingest.File(context.Background(), db, path, ingest.Options{Sheet: "summary"})
		if err == nil || !strings.Contains(err.Error(), "no column for ticket_id") {
			t.Errorf("error %v, want the Summary sheet read and found to have no ticket id", err)
		}
	})
	t.Run("one sheet without a header keeps the header error", func(t *testing.T) {
		db := openDB(t)
		_, err := ingest.File(context.Background(), db, writeWorkbook(t, false, notes), ingest.Options{})
		if err == nil || !strings.Contains(err.Error(), "no header row") {
			t.Errorf("error %v, want no header row", err)
		}
	})
}
