package queries

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/deskstat/deskstat/report"
)

// AcrossPeriods are the time columns a two-way table can have: the month, week
// or quarter each call was opened, in the report's zone.
var AcrossPeriods = map[string]string{
	"month":   "strftime(opened_at, '%Y-%m')",
	"week":    "strftime(date_trunc('week', opened_at), '%Y-%m-%d')",
	"quarter": "strftime(opened_at, '%Y') || ' Q' || quarter(opened_at)",
}

// Crosstab counts the calls the filter admits per value of by (the rows) and of
// across (the columns: another column, or month, week or quarter), with each
// row's total at the right and each column's in the All row: the two one-way
// breakdowns as its margins.
func Crosstab(ctx context.Context, db *sql.DB, f report.Filter, by, across string) (*report.Measures, error) {
	ctx = Once(ctx)
	rowCol, err := LookupColumn(by, f.Personal)
	if err != nil {
		return nil, fmt.Errorf("--by: %w", err)
	}
	acrossExpr, period := AcrossPeriods[across]
	colCol := Column{Name: across}
	if !period {
		if colCol, err = LookupColumn(across, f.Personal); err != nil {
			return nil, fmt.Errorf("--across: %w", err)
		}
		acrossExpr = Ident(colCol.Name)
	}
	if across == by {
		return nil, fmt.Errorf("--across %s: the same column as --by", across)
	}
	cond, args, err := where(f, true)
	if err != nil {
		return nil, err
	}
	q := Template("crosstab", map[string]string{"By": Ident(rowCol.Name), "Across": acrossExpr, "Where": cond})
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("two-way table: %w", err)
	}
	defer rows.Close()
	type key struct{ row, col string }
	cells := map[key]int64{}
	rowTotal, colTotal := map[string]int64{}, map[string]int64{}
	label := func(v sql.NullString, c Column) string {
		if c.Name == "week" && v.Valid {
			return "week of " + v.String
		}
		if l := groupLabel(false, v, c); l != "" {
			return l
		}
		return "(blank)"
	}
	for rows.Next() {
		var r, c sql.NullString
		var n int64
		if err := rows.Scan(&r, &c, &n); err != nil {
			return nil, fmt.Errorf("two-way table: %w", err)
		}
		k := key{label(r, rowCol), label(c, colCol)}
		cells[k] += n
		rowTotal[k.row] += n
		colTotal[k.col] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("two-way table: %w", err)
	}
	rowNames := orderGroups(rowTotal, rowCol.Numeric, false)
	colNames := orderGroups(colTotal, colCol.Numeric, period)
	m := &report.Measures{
		Title:   fmt.Sprintf("Calls by %s and %s", strings.ReplaceAll(by, "_", " "), strings.ReplaceAll(across, "_", " ")),
		Columns: []report.Measure{{Name: by}},
		Definitions: []string{fmt.Sprintf("Each cell: the calls of its row's %s and its column's %s; total: its row's calls; All: its column's calls (the margins are the one-way breakdowns).",
			strings.ReplaceAll(by, "_", " "), strings.ReplaceAll(across, "_", " "))},
		Meta:      report.Meta{Filter: f},
		Structure: report.Structure{Total: "All", Size: "total", Floor: 1, Ranked: !rowCol.Numeric, PublicMargins: true},
	}
	if period {
		m.Definitions = append(m.Definitions, "Months, weeks (from Monday) and quarters of the day each call was opened, in the report's time zone; those with no call are not shown.")
	}
	// Each column's key is its value as it is, but for one that another column
	// has (the rows' column's name, total, or another value): that one numbered.
	taken := map[string]bool{by: true, "total": true}
	var parts []string
	for _, c := range colNames {
		key := c
		for n := 2; taken[key]; n++ {
			key = fmt.Sprintf("%s (%d)", c, n)
		}
		taken[key] = true
		ms := report.Measure{Name: c, Unit: "calls", KeyAs: key}
		m.Columns = append(m.Columns, ms)
		parts = append(parts, ms.Key())
	}
	m.Columns = append(m.Columns, report.Measure{Name: "total", Unit: "calls"})
	m.Structure.Sums = []report.Sum{{Whole: "total", Parts: parts}}
	var all int64
	for _, r := range rowNames {
		row := []any{r}
		for _, c := range colNames {
			row = append(row, cells[key{r, c}])
		}
		m.Rows = append(m.Rows, append(row, rowTotal[r]))
		all += rowTotal[r]
	}
	if len(rowNames) > 0 {
		row := []any{"All"}
		for _, c := range colNames {
			row = append(row, colTotal[c])
		}
		m.Rows = append(m.Rows, append(row, all))
	}
	cols := make([]int, len(colNames))
	for i := range cols {
		cols[i] = i + 1
	}
	m.Charts = []report.Chart{{Title: m.Title, Kind: "stacked", Columns: cols}}
	if err := describe(ctx, db, f, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	return m, nil
}

// orderGroups lists groups as a table shows them: severities and other numbers in
// order (not recognised last), periods in time, the rest by their calls, most
// first, then by name.
func orderGroups(totals map[string]int64, numeric, period bool) []string {
	names := make([]string, 0, len(totals))
	for n := range totals {
		names = append(names, n)
	}
	number := func(s string) (int, bool) {
		n, err := strconv.Atoi(strings.TrimPrefix(s, "Sev "))
		return n, err == nil
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case period:
			return strings.Compare(a, b)
		case numeric:
			x, okA := number(a)
			y, okB := number(b)
			if okA != okB {
				if okA {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(x, y), strings.Compare(a, b))
		}
		return cmp.Or(cmp.Compare(totals[b], totals[a]), strings.Compare(a, b))
	})
	return names
}
