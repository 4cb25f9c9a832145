package queries

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/deskstat/deskstat/report"
)

// States reports the time calls spent in each state of their history (an event
// log's), per status and for all waiting states together, and the time to their
// first assignment and first work state; with by, per value of it too.
func States(ctx context.Context, db *sql.DB, f report.Filter, by string) (*report.Measures, error) {
	col := Column{Name: "severity", Numeric: true} // grouped by nothing: any column will do
	order := "value"
	if by != "" {
		var err error
		if col, order, err = groupColumn(by, f); err != nil {
			return nil, err
		}
	}
	cond, args, err := where(f, true)
	if err != nil {
		return nil, err
	}
	m := &report.Measures{
		Title:   "Time in each state",
		Columns: []report.Measure{{Name: "state"}},
		Definitions: []string{
			"Each update's status holds from its time to the next update's, in the order of the updates; a call's last status is not measured (nothing ends it). Calls: those that spent time in the state; their hours in it added up, then the median, the 90th percentile and the total over them.",
			"Any waiting state: the time in all the statuses that pause an SLA clock, together. To first assignment: from opening to the first update with an assignment group; to first work state: to the first update in a status of work (in progress, active ...).",
			"Median and 90th percentile interpolate between the two nearest calls (as Excel's PERCENTILE.INC).",
		},
		Meta: report.Meta{Filter: f},
		Structure: report.Structure{Size: "calls", Floor: 1, Additive: []string{"total_hours", "total_working_time_hours"},
			Timed: &report.Timed{Measures: []string{"median_hours", "p90_hours", "total_hours"}, Plus: []string{"calls"}}},
	}
	if by != "" {
		m.Title += " by " + strings.ReplaceAll(by, "_", " ")
		m.Columns = append(m.Columns, report.Measure{Name: by})
		m.Structure.Blocks = true
		m.Definitions = append(m.Definitions, "All: a state's calls of every "+strings.ReplaceAll(by, "_", " ")+", the rows above it added up (its median and percentile over them all).")
	}
	m.Columns = append(m.Columns, report.Measure{Name: "calls", Unit: "calls"}, report.Measure{Name: "median", Unit: "hours"},
		report.Measure{Name: "p90", Unit: "hours"}, report.Measure{Name: "total", Unit: "hours"})
	working := hasCalendar(db)
	if working {
		m.Columns = append(m.Columns, report.Measure{Name: "median, working time", Unit: "hours"},
			report.Measure{Name: "p90, working time", Unit: "hours"}, report.Measure{Name: "total, working time", Unit: "hours"})
		m.Structure.Timed.Measures = append(m.Structure.Timed.Measures, "median_working_time_hours", "p90_working_time_hours", "total_working_time_hours")
		m.Definitions = append(m.Definitions, "Working time: the same spans counting only the profile's working hours, less weekends and holidays.")
	}
	q := Template("states", map[string]any{"By": Ident(col.Name), "Where": cond, "Order": order, "With": by != "", "Working": working})
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("time in state: %w", err)
	}
	defer rows.Close()
	waits, waited := map[string]string{}, map[string][]string{} // by group: any waiting state's row, and the waiting states'
	for rows.Next() {
		var kind int
		var state string
		var value sql.NullString
		var all, waiting bool
		var calls int64
		var median, p90, total, wMedian, wP90, wTotal sql.NullFloat64
		dest := []any{&kind, &state, &waiting, &value, &all, &calls, &median, &p90, &total}
		if working {
			dest = append(dest, &wMedian, &wP90, &wTotal)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("time in state: %w", err)
		}
		var row []any
		g := ""
		if by != "" {
			// Each state's rows add up to its All row: the audit knows they do.
			g = groupLabel(all, value, col)
			row = []any{report.Cell{Text: state, Key: state + " / " + g, Block: state, Total: all}, g}
		} else {
			row = []any{state}
		}
		// The hours of all waiting states together are those of each added up.
		key := state
		if by != "" {
			key = state + " / " + g
		}
		switch {
		case kind == 2:
			waits[g] = key
		case waiting:
			waited[g] = append(waited[g], key)
		}
		row = append(row, calls, float(median), float(p90), float(total))
		if working {
			row = append(row, float(wMedian), float(wP90), float(wTotal))
		}
		m.Rows = append(m.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("time in state: %w", err)
	}
	for g, total := range waits {
		if len(waited[g]) > 0 {
			m.Structure.RowSums = append(m.Structure.RowSums, report.RowSum{Total: total, Parts: waited[g]})
		}
	}
	slices.SortFunc(m.Structure.RowSums, func(a, b report.RowSum) int { return strings.Compare(a.Total, b.Total) })
	if len(m.Rows) == 0 {
		m.Definitions = append(m.Definitions, "The calls counted have no history of updates with times (an event log's): there is no time in state to give.")
	}
	return m, describe(ctx, db, f, cond, args, &m.Meta)
}
