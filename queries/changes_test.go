package queries_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// TestRateRatio holds the rate ratio and its exact interval against R's
// stats::poisson.test, the comparison of two Poisson rates by the conditional
// binomial method (the example of its help page, ISwR's eba1977:
// poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)) prints the 95 percent
// interval 0.8584264 4.2772659 and the rate ratio 1.971488). Here the time bases
// are 1 and k periods, so the same counts over bases 800 and 3011 are k = 3011/800.
func TestRateRatio(t *testing.T) {
	ratio, low, high := queries.RateRatio(11, 21, 3011.0/800)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"ratio", ratio, 1.971488}, {"low", low, 0.8584264}, {"high", high, 4.2772659}} {
		if math.Abs(c.got-c.want) > 5e-7 {
			t.Errorf("%s: %.7f, R's poisson.test gives %.7f", c.name, c.got, c.want)
		}
	}
	// No call this period: the ratio is 0 and so is the lower limit; no call
	// before: the ratio and the upper limit are not finite.
	if r, l, _ := queries.RateRatio(0, 24, 12); r != 0 || l != 0 {
		t.Errorf("0 against 24 over 12: ratio %v, low %v", r, l)
	}
	if r, _, h := queries.RateRatio(5, 0, 12); !math.IsNaN(r) || !math.IsInf(h, 1) {
		t.Errorf("5 against none: ratio %v, high %v", r, h)
	}
}

// TestChanges: the sample's counts for a month and the twelve before, per
// severity, as a breakdown of each period gives them, and a flag only where the
// interval excludes 1 and the month has the minimum count.
func TestChanges(t *testing.T) {
	db := loadFile(t, "../samples/council_calls_2013_2014.csv")
	ctx := context.Background()
	month, _ := report.ParsePeriod("2014-09", "2014-09")
	m, err := queries.Changes(ctx, db, report.Filter{Period: month}, "severity", 3)
	if err != nil {
		t.Fatal(err)
	}
	count := func(from, to string) map[string]int64 {
		p, _ := report.ParsePeriod(from, to)
		r, err := queries.Breakdown(ctx, db, report.Filter{Period: p}, "severity")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{"All": r.Total}
		for _, row := range r.Rows {
			label := "Sev " + row.Value
			if row.Value == "" {
				label = "not recognised"
			}
			out[label] = row.Calls
		}
		return out
	}
	now, before := count("2014-09", "2014-09"), count("2013-09", "2014-08")
	if len(m.Rows) < 3 {
		t.Fatalf("%d rows", len(m.Rows))
	}
	for _, row := range m.Rows {
		g := row[0].(string)
		if row[1].(int64) != now[g] || row[2].(int64) != before[g] {
			t.Errorf("%s: %d this month, %d the 12 before; the breakdowns say %d, %d", g, row[1], row[2], now[g], before[g])
		}
		ratio, low, high := queries.RateRatio(now[g], before[g], 12)
		flag := row[7].(string)
		want := ""
		if now[g] >= 3 && low > 1 {
			want = "up"
		} else if now[g] >= 3 && high < 1 {
			want = "down"
		}
		if flag != want {
			t.Errorf("%s: flag %q, want %q (ratio %.2f, %.2f-%.2f)", g, flag, want, ratio, low, high)
		}
	}
}

// A month of 12 Sev 1 calls after a year of 2 a month is flagged up; a month of 2
// Sev 2 calls after a year of 10 a month is flagged down only with a minimum count
// of 2 or less; the sentences say the figures.
func TestChangesFlags(t *testing.T) {
	var b strings.Builder
	b.WriteString("Ref,Date Logged,Severity\n")
	n := 0
	add := func(month time.Time, sev, calls int) {
		for i := 0; i < calls; i++ {
			n++
			fmt.Fprintf(&b, "R%d,%s,Sev %d\n", n, month.AddDate(0, 0, i%27).Add(9*time.Hour).Format("2006-01-02 15:04"), sev)
		}
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 12; i++ {
		add(start.AddDate(0, i, 0), 1, 2)
		add(start.AddDate(0, i, 0), 2, 10)
	}
	add(start.AddDate(0, 12, 0), 1, 12)
	add(start.AddDate(0, 12, 0), 2, 2)
	add(start.AddDate(0, 12, 30), 3, 1) // the month held to its last day
	db := loadCSV(t, b.String())
	month, _ := report.ParsePeriod("2024-01", "2024-01")
	for _, c := range []struct {
		min        int
		sev1, sev2 string
	}{{3, "up", ""}, {2, "up", "down"}} {
		m, err := queries.Changes(context.Background(), db, report.Filter{Period: month}, "severity", c.min)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, row := range m.Rows {
			got[row[0].(string)] = row[7].(string)
		}
		if got["Sev 1"] != c.sev1 || got["Sev 2"] != c.sev2 {
			t.Errorf("minimum %d: Sev 1 %q, Sev 2 %q; want %q, %q", c.min, got["Sev 1"], got["Sev 2"], c.sev1, c.sev2)
		}
		// By days: 24 calls in 365 days is 2.04 over January's 31; 12 against that
		// is 5.89 (R: poisson.test(c(12, 24), c(31, 365)) gives 5.887 and the
		// interval 2.7-12.2).
		if !strings.Contains(strings.Join(m.Definitions, "\n"), "Sev 1: 12 in January 2024 against 2.0 a month over the last 12: 5.9x (95% CI 2.7-12.2).") {
			t.Errorf("no sentence for Sev 1: %q", m.Definitions)
		}
	}
}

// A month the data does not wholly hold is not judged: the export's last month cut
// short would read as a drop, a month after it as none at all.
func TestChangesWholeMonths(t *testing.T) {
	db := loadCSV(t, "Ref,Date Logged,Severity\nA,2024-01-05 09:00,Sev 1\nB,2024-02-05 09:00,Sev 1\nC,2024-03-03 09:00,Sev 1\n")
	for _, c := range []struct{ month, err string }{
		{"2024-03", "March 2024 is not wholly held"},
		{"2024-05", "May 2024 is not wholly held"},
		{"2024-01", "the first month held"},
	} {
		p, _ := report.ParsePeriod(c.month, c.month)
		if _, err := queries.Changes(context.Background(), db, report.Filter{Period: p}, "severity", 3); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: %v, want %q", c.month, err, c.err)
		}
	}
	// By default, the last month wholly held: February.
	m, err := queries.Changes(context.Background(), db, report.Filter{}, "severity", 3)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Title, "February 2024") {
		t.Errorf("title %q, want February 2024", m.Title)
	}
}
