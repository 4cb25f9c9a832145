package queries_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// handChecked holds calls whose times are worked out by hand in the tests below:
// resolved in time, late, still open (one long past its target, one within it), and
// one resolved before it was opened. Times are UTC.
const handChecked = `Ref,Date Logged,Severity,Date Resolved
A,01/06/2014 09:00,1,01/06/2014 11:00
B,01/06/2014 09:00,1,01/06/2014 15:00
C,02/06/2014 09:00,2,03/06/2014 09:00
D,03/06/2014 09:00,2,
E,04/06/2014 09:00,2,04/06/2014 08:00
F,05/06/2014 10:00,3,03/07/2014 10:00
G,30/06/2014 23:00,3,
`

func loadHandChecked(t *testing.T) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := queries.UseTimeZone(ctx, db, "UTC"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(handChecked), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.File(ctx, db, path, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// rowsOf renders measures' rows with floats to two places, for comparison.
func rowsOf(m *report.Measures) [][]string {
	var out [][]string
	for _, row := range m.Rows {
		var r []string
		for _, v := range row {
			switch v := v.(type) {
			case float64:
				r = append(r, fmt.Sprintf("%.2f", v))
			case nil:
				r = append(r, "-")
			default:
				r = append(r, fmt.Sprint(v))
			}
		}
		out = append(out, r)
	}
	return out
}

func sameRows(t *testing.T, got *report.Measures, want [][]string) {
	t.Helper()
	if g := rowsOf(got); !reflect.DeepEqual(g, want) {
		t.Errorf("rows:\n got %q\nwant %q", g, want)
	}
}

func TestResolution(t *testing.T) {
	db := loadHandChecked(t)
	m, err := queries.Resolution(context.Background(), db, report.Filter{}, "severity")
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, m, [][]string{
		// group, calls, resolved, still open, resolved before opened, median, p90, mean, known %
		{"Sev 1", "2", "2", "0", "0", "4.00", "5.60", "4.00", "100.00"},      // 2 h and 6 h: p90 = 2 + 0.9 x 4
		{"Sev 2", "3", "2", "1", "1", "24.00", "24.00", "24.00", "66.67"},    // C 24 h; E resolved before opened; D open
		{"Sev 3", "2", "1", "1", "0", "672.00", "672.00", "672.00", "50.00"}, // F 28 days; G open
		{"All", "7", "5", "2", "1", "15.00", "477.60", "176.00", "71.43"},    // 2, 6, 24, 672: p90 = 24 + 0.7 x 648
	})
	if len(m.Definitions) == 0 || m.Meta.Covered.From.IsZero() {
		t.Errorf("definitions %q, coverage %v: every report says how it measured and what it covered", m.Definitions, m.Meta.Covered)
	}
}

func TestSLA(t *testing.T) {
	db := loadHandChecked(t)
	m, err := queries.SLA(context.Background(), db, report.Filter{}, "severity", queries.DefaultSLA)
	if err != nil {
		t.Fatal(err)
	}
	// Open calls are aged to the latest event, F's resolution on 3 July 10:00: D is
	// 721 hours old (Sev 2, 8 h target), G 59 hours (Sev 3, 72 h target).
	sameRows(t, m, [][]string{
		// group, calls, met, breached, open breached, open within, met %
		{"Sev 1", "2", "1", "1", "0", "0", "50.00"},
		{"Sev 2", "3", "0", "1", "1", "0", "0.00"},
		{"Sev 3", "2", "0", "1", "0", "1", "0.00"},
		{"All", "7", "1", "3", "1", "1", "25.00"},
	})
	// Tighter or looser targets move calls between met and breached.
	m, err = queries.SLA(context.Background(), db, report.Filter{}, "severity", []float64{1, 24, 700, 120, 240})
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, m, [][]string{
		{"Sev 1", "2", "0", "2", "0", "0", "0.00"},
		{"Sev 2", "3", "1", "0", "1", "0", "100.00"},
		{"Sev 3", "2", "1", "0", "0", "1", "100.00"},
		{"All", "7", "2", "2", "1", "1", "50.00"},
	})
}

func TestTrend(t *testing.T) {
	db := loadHandChecked(t)
	p, err := report.ParsePeriod("2014-06", "2014-07")
	if err != nil {
		t.Fatal(err)
	}
	m, err := queries.Trend(context.Background(), db, report.Filter{Period: p}, "month")
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, m, [][]string{
		// June: all 7 opened; A, B, C and E resolved; D, F and G open at its end.
		{"2014-06", "7", "4", "3"},
		// July: F resolved; D and G still open.
		{"2014-07", "0", "1", "2"},
	})
	m, err = queries.Trend(context.Background(), db, report.Filter{Period: p, Severities: []int{3}}, "week")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 10 || m.Rows[0][0] != "week of 2014-05-26" {
		t.Errorf("weeks: %q; want 10 weeks from the Monday before 1 June", rowsOf(m))
	}
}
