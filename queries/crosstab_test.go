package queries_test

import (
	"context"
	"testing"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// TestCrosstabMargins: a two-way table's row totals are the one-way breakdown by
// its rows' column, its All row the one-way breakdown by its columns', and each
// inner cell the breakdown by the rows' column of the calls of that column's value.
func TestCrosstabMargins(t *testing.T) {
	db := loadFile(t, "../samples/council_calls_2013_2014.csv")
	ctx := context.Background()
	f := report.Filter{Severities: []int{1, 2, 3, 4}}
	for _, c := range []struct{ by, across string }{{"service", "severity"}, {"severity", "status"}, {"service", "month"}, {"status", "quarter"}} {
		m, err := queries.Crosstab(ctx, db, f, c.by, c.across)
		if err != nil {
			t.Fatal(err)
		}
		one := func(by string, g report.Filter) map[string]int64 {
			r, err := queries.Breakdown(ctx, db, g, by)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int64{}
			for _, row := range r.Rows {
				out[row.Value] = row.Calls
			}
			return out
		}
		rows := one(c.by, f)
		last := len(m.Columns) - 1
		var all []any
		for _, row := range m.Rows {
			if row[0] == "All" {
				all = row
				continue
			}
			value := row[0].(string)
			if c.by == "severity" {
				value = value[len("Sev "):]
			}
			if row[last].(int64) != rows[value] {
				t.Errorf("%s x %s: row %q totals %d, the breakdown by %s says %d", c.by, c.across, row[0], row[last], c.by, rows[value])
			}
			var sum int64
			for _, v := range row[1:last] {
				sum += v.(int64)
			}
			if sum != row[last].(int64) {
				t.Errorf("%s x %s: row %q adds up to %d, total %d", c.by, c.across, row[0], sum, row[last])
			}
		}
		if all == nil {
			t.Fatalf("%s x %s: no All row", c.by, c.across)
		}
		if _, period := queries.AcrossPeriods[c.across]; !period {
			cols := one(c.across, f)
			for j := 1; j < last; j++ {
				name := m.Columns[j].Name
				if c.across == "severity" {
					name = name[len("Sev "):]
				}
				if all[j].(int64) != cols[name] {
					t.Errorf("%s x %s: column %q totals %d, the breakdown by %s says %d", c.by, c.across, m.Columns[j].Name, all[j], c.across, cols[name])
				}
			}
		}
		var grand int64
		for _, v := range rows {
			grand += v
		}
		if all[last].(int64) != grand {
			t.Errorf("%s x %s: All %d, the breakdown %d", c.by, c.across, all[last], grand)
		}
	}
	// A month's column is the breakdown of the calls opened that month.
	m, err := queries.Crosstab(ctx, db, f, "service", "month")
	if err != nil {
		t.Fatal(err)
	}
	g := f
	g.Period, _ = report.ParsePeriod("2014-03", "2014-03")
	march, err := queries.Breakdown(ctx, db, g, "service")
	if err != nil {
		t.Fatal(err)
	}
	j := m.Column("2014-03")
	if j < 0 {
		t.Fatal("no column 2014-03")
	}
	for _, row := range march.Rows {
		for _, r := range m.Rows {
			if r[0] == row.Value && r[j].(int64) != row.Calls {
				t.Errorf("%s in March 2014: %d in the two-way table, %d in the breakdown", row.Value, r[j], row.Calls)
			}
		}
	}
}
