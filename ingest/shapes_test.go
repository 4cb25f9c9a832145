package ingest_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

// The samples in real shapes (a Jira Service Management export, a Windows-1252
// semicolon log with a byte-order mark, a messy multi-sheet workbook) and the
// council log, checked against samples/oracle.json: counts worked out without
// deskstat, by reading the files with Python's csv, zipfile and xml modules and a
// hand-made severity table (samples/README.md says how).

const oraclePath = "../samples/oracle.json"

type oracleReject struct {
	Row    int64  `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Why    string `json:"why"`
}

type oracleFile struct {
	Format        string           `json:"format"`
	Sheet         *string          `json:"sheet"`
	HeaderRow     int64            `json:"header_row"`
	RowsRead      int64            `json:"rows_read"`
	Loaded        int64            `json:"loaded"`
	Rejected      int64            `json:"rejected"`
	Skipped       int64            `json:"skipped"`
	Rejects       []oracleReject   `json:"rejects"`
	Severity      map[string]int64 `json:"severity"`        // "1".."5", "unknown"
	OpenedByMonth map[string]int64 `json:"opened_by_month"` // "2024-03"
	// SummariesContaining counts loaded calls whose summary holds each string
	// (characters a wrong decoding would mangle).
	SummariesContaining map[string]int64 `json:"summaries_containing"`
}

func loadOracle(t *testing.T) map[string]oracleFile {
	t.Helper()
	b, err := os.ReadFile(oraclePath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files map[string]oracleFile `json:"files"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", oraclePath, err)
	}
	return doc.Files
}

func TestSampleShapes(t *testing.T) {
	oracle := loadOracle(t)
	cases := []struct {
		name  string
		file  string
		sheet string // Options.Sheet; "" lets deskstat find the sheet with a header
	}{
		{"council log CSV", "council_calls_2013_2014.csv", ""},
		{"Jira Service Management CSV", "jira_service_desk.csv", ""},
		{"Windows-1252 semicolon log with BOM", "legacy_log_cp1252.csv", ""},
		{"messy workbook, sheet named", "messy_workbook.xlsx", "Calls 2024"},
		{"messy workbook, sheet found", "messy_workbook.xlsx", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, ok := oracle[tc.file]
			if !ok {
				t.Fatalf("%s is not in %s", tc.file, oraclePath)
			}
			opts := ingest.Options{Sheet: tc.sheet}
			ctx := context.Background()
			db, err := queries.Open(ctx, "", false)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			s, err := ingest.File(ctx, db, filepath.Join("..", "samples", tc.file), opts)
			if err != nil {
				t.Fatal(err)
			}
			checkAccounted(t, db, filepath.Join("..", "samples", tc.file), s, opts.DryRun)

			got := [5]int64{int64(s.HeaderRow), s.Read, s.Loaded, s.Rejected, s.Skipped}
			exp := [5]int64{want.HeaderRow, want.RowsRead, want.Loaded, want.Rejected, want.Skipped}
			if got != exp {
				t.Errorf("header row, rows read, loaded, rejected, skipped = %v, want %v", got, exp)
			}
			if want.Sheet != nil && s.Sheet != *want.Sheet {
				t.Errorf("read sheet %q, want %q", s.Sheet, *want.Sheet)
			}

			// Rejected rows: the row, the export's column at fault, and the value in the reason.
			var gotRejects, wantRejects []string
			for _, r := range dump(t, db, `SELECT source_row, "column", reason FROM rejects ORDER BY source_row`) {
				gotRejects = append(gotRejects, fmt.Sprintf("row %v column %v", r[0], r[1]))
				for _, w := range want.Rejects {
					// A value not written like a date (TBC) is not repeated: it could
					// be a name moved into the date column.
					if fmt.Sprint(r[0]) != fmt.Sprint(w.Row) || w.Value == "" {
						continue
					}
					quoted := strings.Contains(fmt.Sprint(r[2]), w.Value)
					if queries.DateLike(w.Value) && !quoted {
						t.Errorf("row %d rejected with %q, want the reason to quote %q", w.Row, r[2], w.Value)
					}
					if !queries.DateLike(w.Value) && (quoted || !strings.Contains(fmt.Sprint(r[2]), "not shown")) {
						t.Errorf("row %d rejected with %q, want %q not shown", w.Row, r[2], w.Value)
					}
				}
			}
			for _, w := range want.Rejects {
				wantRejects = append(wantRejects, fmt.Sprintf("row %d column %s", w.Row, w.Column))
			}
			if !reflect.DeepEqual(gotRejects, wantRejects) {
				if n := len(gotRejects); n > 10 {
					gotRejects = append(gotRejects[:10], fmt.Sprintf("... %d more", n-10))
				}
				t.Errorf("rejects:\n got  %q\n want %q (%s)", gotRejects, wantRejects, rejectReasons(want.Rejects))
			}

			sameCounts(t, "calls by severity", countsBy(t, db,
				`SELECT coalesce(severity::VARCHAR, 'unknown'), count(*) FROM tickets GROUP BY 1`), want.Severity)
			sameCounts(t, "calls by month opened", countsBy(t, db,
				`SELECT strftime(opened_at, '%Y-%m'), count(*) FROM tickets GROUP BY 1`), want.OpenedByMonth)
			if len(want.SummariesContaining) > 0 {
				got := map[string]int64{}
				for text := range want.SummariesContaining {
					var n int64
					if err := db.QueryRow(`SELECT count(*) FROM tickets WHERE contains(summary, ?)`, text).Scan(&n); err != nil {
						t.Fatal(err)
					}
					got[text] = n
				}
				sameCounts(t, "summaries containing", got, want.SummariesContaining)
			}
		})
	}
}

// countsBy runs a query of (key, count) rows.
func countsBy(t *testing.T, db *sql.DB, q string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, r := range dump(t, db, q) {
		n, ok := r[1].(int64)
		if !ok {
			t.Fatalf("%s: count %v is %T", q, r[1], r[1])
		}
		out[fmt.Sprint(r[0])] = n
	}
	return out
}

func sameCounts(t *testing.T, what string, got, want map[string]int64) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 || reflect.DeepEqual(got, want) {
		return
	}
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var b strings.Builder
	for _, k := range sorted {
		mark := ""
		if got[k] != want[k] {
			mark = "   <--"
		}
		fmt.Fprintf(&b, "\n  %-10s got %4d want %4d%s", k, got[k], want[k], mark)
	}
	t.Errorf("%s:%s", what, b.String())
}

func rejectReasons(rs []oracleReject) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("row %d: %s %q", r.Row, r.Why, r.Value))
	}
	return strings.Join(out, "; ")
}
