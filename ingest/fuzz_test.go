package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/queries"
)

// The fuzz tests below run their seed corpora as ordinary tests; .ci/run fuzzes
// each for a bounded time. Findings are kept under testdata/fuzz.

// FuzzParseSeverity: any label gives a severity from 1 to 5 or none, never a panic,
// and the same answer twice.
func FuzzParseSeverity(f *testing.F) {
	for _, s := range []string{"Sev 1", "1 - Critical", "P2", "Highest", "3 - High", "", "TBC", "Severity One", "s1s1", "５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, label string) {
		sev, ok := ParseSeverity(label)
		if ok != (sev >= 1 && sev <= 5) {
			t.Fatalf("ParseSeverity(%q) = %d, %v", label, sev, ok)
		}
		if again, ok2 := ParseSeverity(label); again != sev || ok2 != ok {
			t.Fatalf("ParseSeverity(%q) not stable", label)
		}
		if lvl, ok := ParseLevel(label); ok != (lvl >= 1 && lvl <= 3) {
			t.Fatalf("ParseLevel(%q) = %d, %v", label, lvl, ok)
		}
	})
}

// FuzzSniff: the delimiter sniffer, the field counter, the encoding detector and
// the record sampler take any bytes; the sampler finds the same records, empty
// lines and values however the writes split the text, and splits each record it
// keeps into as many values as the scanner counted.
func FuzzSniff(f *testing.F) {
	for _, s := range []string{"Ref,Date\nA,1\n", "a;b\r\n\r\nc;d", "\"x\ny\",z\n\n", "\xff\xfeR\x00e\x00f\x00", "\xef\xbb\xbfa|b\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		d := sniffDelimiter(head)
		if !strings.ContainsRune(",;\t|", rune(d)) {
			t.Fatalf("delimiter %q", d)
		}
		counts := fieldCounts(head, d)
		for _, n := range counts {
			if n < 1 {
				t.Fatalf("a record of %d fields", n)
			}
		}
		if enc, _ := detectEncoding(head); !strings.Contains(strings.Join(Encodings, " "), enc) {
			t.Fatalf("encoding %q", enc)
		}
		whole := newRecordSampler(d, newRowSample())
		whole.Write(head)
		whole.close()
		for cut := 0; cut <= len(head); cut += max(1, len(head)/32) {
			split := newRecordSampler(d, newRowSample())
			split.Write(head[:cut])
			split.Write(head[cut:])
			split.close()
			if whole.records() != split.records() || !slices.Equal(whole.empties, split.empties) || !reflect.DeepEqual(whole.sample.head, split.sample.head) {
				t.Fatalf("%q split at %d: %d records, empties %v; whole: %d, %v", head, cut, split.records(), split.empties, whole.records(), whole.empties)
			}
		}
		var nonEmpty [][]string
		for i, r := range whole.sample.head {
			if !slices.ContainsFunc(whole.empties, func(g queries.Gap) bool { return int64(i+1) >= g.Row && int64(i+1) < g.Row+g.Count }) {
				nonEmpty = append(nonEmpty, r)
			}
		}
		for i, n := range counts {
			if i < len(nonEmpty) && len(nonEmpty[i]) != n {
				t.Fatalf("%q: record %d split into %d values, the scanner counted %d", head, i+1, len(nonEmpty[i]), n)
			}
		}
	})
}

// FuzzReadTS: the date reader gives a time or NULL for any text, never an error.
func FuzzReadTS(f *testing.F) {
	for _, s := range []string{"29/2/2016 04:57", "2016-02-29T04:57:00Z", "41428.5", "12/Mar/24 9:41 AM", "31/13/2014", "", "2016-13-45", "9999999", "1e308"} {
		f.Add(s)
	}
	ctx := context.Background()
	conn := loaderConn(f, "UTC")
	layouts := dateLayouts("day-first", DateEvidence{})
	f.Fuzz(func(t *testing.T, value string) {
		if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
			return // the readers hand DuckDB valid UTF-8 text only
		}
		var v any
		if err := conn.QueryRowContext(ctx, "SELECT read_ts(?, ?, true)", value, layouts).Scan(&v); err != nil {
			t.Fatalf("read_ts(%q): %v", value, err)
		}
	})
}

// FuzzFile: any small CSV body under a known header loads or fails with an error
// that names the file; a load keeps every row as loaded, rejected or skipped.
func FuzzFile(f *testing.F) {
	for _, s := range []string{"A1,03/06/2013 09:15,Sev 1,x\n", ",,,\n", "A2,31/13/2013,2,\"a\nb\"\n", "A3,2013-06-03,P1,=cmd\n\nA4,x,y,z,w\n"} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := queries.Open(ctx, "", false)
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 4096 {
			return
		}
		checkImport(t, db, "calls.csv", []byte("Ref,Date Logged,Severity,Summary\n"+body))
	})
}

// checkImport loads content under the file name given (dry run): it must load with
// every row accounted for, or fail with an error naming the file.
func checkImport(t *testing.T, db *sql.DB, name string, content []byte) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := File(context.Background(), db, path, Options{DryRun: true})
	if err != nil {
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("error %q does not name the file", err)
		}
		return
	}
	if s.Read != s.Loaded+s.Rejected+s.Skipped {
		t.Fatalf("read %d, loaded %d, rejected %d, skipped %d", s.Read, s.Loaded, s.Rejected, s.Skipped)
	}
}

// FuzzXLSX: any bytes under an .xlsx name load or fail with an error naming the
// file; never a panic or a hang.
func FuzzXLSX(f *testing.F) {
	for _, rows := range [][][]any{
		{{"Ref", "Date Logged", "Severity"}, {"A1", 41428.5, "Sev 1"}, {"Total", 1}},
		{{"Call log"}, {}, {"Ref", "Date Logged"}, {"A2", "31/13/2013"}},
	} {
		x := excelize.NewFile()
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			_ = x.SetSheetRow("Sheet1", cell, &row)
		}
		var b bytes.Buffer
		if err := x.Write(&b); err != nil {
			f.Fatal(err)
		}
		x.Close()
		f.Add(b.Bytes())
	}
	f.Add([]byte("PK\x03\x04 not really a workbook"))
	ctx := context.Background()
	db, err := queries.Open(ctx, "", false)
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	f.Fuzz(func(t *testing.T, content []byte) {
		checkImport(t, db, "calls.xlsx", content)
	})
}
