package queries_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// seed is the council's FOI answer (../shared/seeds/000_a21ff4009205b35f.txt):
// Sev 1 & 2 calls logged by Children's Social Care, June 2013 - Sept 2014.
var seed = map[string]int64{
	"Access to Liquidlogic Children's System (LCS)":     10,
	"Issues related to access to data stored on drives": 2,
	"Printer Issues":             2,
	"Access to wireless network": 1,
	"Users unable to access the system via Wyse terminals": 1,
	"Access to Microsoft Outlook":                          2,
	"Access to Homefinders":                                3,
	"Slow network response":                                3,
	"Issue with access to Network":                         3,
	"Access to Openscape/Telephony":                        2,
	"User error":                                           2,
	"Intranet access":                                      1,
}

// memDB opens a database in memory, closed when the test ends.
func memDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := queries.Open(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func loadSample(t *testing.T, file string) *sql.DB { return loadProfiled(t, file, false) }

// loadProfiled loads a sample with the sample profile into memory; inZone reads
// its times in the profile's zone, as 'deskstat ingest --profile' does.
func loadProfiled(t *testing.T, file string, inZone bool) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db := memDB(t)
	p, err := ingest.LoadProfile("", "../samples/council_profile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if inZone {
		if _, err := queries.UseTimeZone(ctx, db, p.TimeZone); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ingest.File(ctx, db, "../samples/"+file, ingest.Options{Profile: p}); err != nil {
		t.Fatal(err)
	}
	return db
}

func seedFilter(t *testing.T) report.Filter {
	p, err := report.ParsePeriod("2013-06", "2014-09")
	if err != nil {
		t.Fatal(err)
	}
	return report.Filter{
		Severities: []int{1, 2},
		Period:     p,
		Where:      []report.Condition{{Column: "service", Value: "Children's Social Care"}},
	}
}

func TestBreakdownReproducesSeed(t *testing.T) {
	for _, file := range []string{"council_calls_2013_2014.csv", "council_calls_2013_2014.xlsx"} {
		t.Run(file, func(t *testing.T) {
			db := loadSample(t, file)
			res, err := queries.Breakdown(context.Background(), db, seedFilter(t), "category")
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 32 {
				t.Errorf("total %d, want the seed's 32", res.Total)
			}
			got := map[string]int64{}
			for _, r := range res.Rows {
				got[r.Value] = r.Calls
			}
			for cat, n := range seed {
				if got[cat] != n {
					t.Errorf("%dx %s, want %dx", got[cat], cat, n)
				}
			}
			if len(got) != len(seed) {
				t.Errorf("%d categories, want the seed's %d: %v", len(got), len(seed), got)
			}
			// Largest first, then by name: stable output.
			for i := 1; i < len(res.Rows); i++ {
				a, b := res.Rows[i-1], res.Rows[i]
				if a.Calls < b.Calls || (a.Calls == b.Calls && a.Value > b.Value) {
					t.Errorf("rows out of order: %v before %v", a, b)
				}
			}
			cov := res.Meta.Covered
			if want := time.Date(2013, 6, 3, 8, 12, 0, 0, time.UTC); !cov.From.Equal(want) {
				t.Errorf("covered from %v, want %v", cov.From, want)
			}
			if want := time.Date(2014, 9, 30, 23, 41, 0, 0, time.UTC); !cov.To.Equal(want) {
				t.Errorf("covered to %v, want %v (the last call of 30 September counts)", cov.To, want)
			}
			if len(res.Meta.LeftOut) != 1 || res.Meta.LeftOut[0].Calls != 2 || !strings.Contains(res.Meta.LeftOut[0].Why(), `"TBC": 1`) {
				t.Errorf("left out %+v, want the 2 calls with a blank or TBC severity", res.Meta.LeftOut)
			}
			if len(res.Meta.Sources) != 1 || len(res.Meta.Sources[0].SHA256) != 64 {
				t.Errorf("sources %+v, want the sample with its SHA-256", res.Meta.Sources)
			}
		})
	}
}

// Every filter of the seed question changes the answer on the sample, so a filter
// that stopped working would show.
func TestBreakdownFilters(t *testing.T) {
	db := loadSample(t, "council_calls_2013_2014.csv")
	ctx := context.Background()
	total := func(f report.Filter) int64 {
		t.Helper()
		res, err := queries.Breakdown(ctx, db, f, "category")
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	tests := []struct {
		name  string
		edit  func(*report.Filter)
		check func(int64) bool
		want  string
	}{
		{"all filters", func(*report.Filter) {}, func(n int64) bool { return n == 32 }, "32"},
		{"no severity filter", func(f *report.Filter) { f.Severities = nil }, func(n int64) bool { return n > 32 }, "> 32"},
		{"no period", func(f *report.Filter) { f.Period = report.Period{} }, func(n int64) bool { return n > 32 }, "> 32"},
		{"no service", func(f *report.Filter) { f.Where = nil }, func(n int64) bool { return n > 32 }, "> 32"},
		{"sev 1 only", func(f *report.Filter) { f.Severities = []int{1} }, func(n int64) bool { return n > 0 && n < 32 }, "0 < n < 32"},
		{"case and curly apostrophe", func(f *report.Filter) { f.Where[0].Value = "children’s SOCIAL care " }, func(n int64) bool { return n == 32 }, "32"},
		{"value is a parameter, not SQL", func(f *report.Filter) { f.Where[0].Value = "x' OR '1'='1" }, func(n int64) bool { return n == 0 }, "0"},
		{"two conditions must both hold", func(f *report.Filter) {
			f.Where = append(f.Where, report.Condition{Column: "assignment_group", Value: "SCC Liquidlogic Team"})
		}, func(n int64) bool { return n > 0 && n < 32 }, "0 < n < 32"},
		{"to is inclusive of its last day", func(f *report.Filter) {
			f.Period, _ = report.ParsePeriod("2014-09-30", "2014-09-30")
		}, func(n int64) bool { return n >= 1 }, ">= 1 (a call at 23:41 on 30 September)"},
		{"from is inclusive of its first day", func(f *report.Filter) {
			f.Period, _ = report.ParsePeriod("2014-10-01", "2014-10-01")
			f.Severities = nil
		}, func(n int64) bool { return n >= 1 }, ">= 1 (a call at 00:17 on 1 October)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seedFilter(t)
			tt.edit(&f)
			if n := total(f); !tt.check(n) {
				t.Errorf("total %d, want %s", n, tt.want)
			}
		})
	}
}

func TestBreakdownBy(t *testing.T) {
	db := loadSample(t, "council_calls_2013_2014.csv")
	ctx := context.Background()
	res, err := queries.Breakdown(ctx, db, report.Filter{}, "severity")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	var sum int64
	for _, r := range res.Rows {
		order = append(order, r.Value)
		sum += r.Calls
	}
	if strings.Join(order, ",") != "1,2,3,4," {
		t.Errorf("severity groups %q, want 1,2,3,4 then the unknown ones", order)
	}
	if sum != res.Total || res.Total != 242 {
		t.Errorf("rows sum to %d, total %d; want 242 calls", sum, res.Total)
	}
	for _, by := range []string{"caller", "assigned_to"} {
		if _, err := queries.Breakdown(ctx, db, report.Filter{}, by); err == nil || !strings.Contains(err.Error(), "personal data") {
			t.Errorf("--by %s: %v, want a refusal naming personal data", by, err)
		}
		// Allowed on request, and then the notes say so.
		res, err := queries.Breakdown(ctx, db, report.Filter{Personal: true}, by)
		if err != nil || res.Total != 242 || !strings.Contains(strings.Join(res.Notes(), " "), "Personal data") {
			t.Errorf("--by %s --allow-personal: %v; want all 242 calls and a note", by, err)
		}
	}
	if _, err := queries.Breakdown(ctx, db, report.Filter{}, "1; DROP TABLE tickets"); err == nil || !strings.Contains(err.Error(), "unknown column") {
		t.Errorf("--by with SQL: %v, want unknown column", err)
	}
	f := report.Filter{Where: []report.Condition{{Column: "summary) OR (1=1", Value: "x"}}}
	if _, err := queries.Breakdown(ctx, db, f, "category"); err == nil || !strings.Contains(err.Error(), "unknown column") {
		t.Errorf("--where with SQL in the column: %v, want unknown column", err)
	}
}
