package ingest

import (
	"context"
	"fmt"
	"slices"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// DateEvidence counts, for one date column, the values written n/n/y and those that
// can only be day-first (first field over 12) or only month-first, and the values
// whose year has two digits and four.
type DateEvidence = queries.DateEvidence

// DateColumn is what was understood of one date column.
type DateColumn struct {
	Column   string // canonical name
	Header   string // as exported
	Format   string // the commonest form among a sample of values: a strptime layout, "ISO 8601" or "Excel serial"
	Order    string // day-first or month-first, for n/n/y values
	Evidence string // why that order
	Values   int64  // cells with a value
	Read     int64  // of which read as dates
}

// chooseDateOrder decides a column's day/month order from its values. An order the
// user gave wins; a column with no telling value is read day-first (UK), with a
// warning, since that is what council logs use.
func chooseDateOrder(column string, ev DateEvidence, given string) (order, why, warning string) {
	switch {
	case given != "":
		return given, "given", ""
	case ev.Numeric == 0:
		return "day-first", "", "" // ISO dates or date cells: the order does not arise
	case ev.DayFirst > 0 && ev.MonthFirst == 0:
		return "day-first", fmt.Sprintf("%d %s a first field over 12", ev.DayFirst, report.Plural(ev.DayFirst, "value has", "values have")), ""
	case ev.MonthFirst > 0 && ev.DayFirst == 0:
		return "month-first", fmt.Sprintf("%d %s a second field over 12", ev.MonthFirst, report.Plural(ev.MonthFirst, "value has", "values have")), ""
	case ev.DayFirst > 0 && ev.MonthFirst > 0:
		order = "day-first"
		if ev.MonthFirst > ev.DayFirst {
			order = "month-first"
		}
		why = fmt.Sprintf("%d %s only be day-first, %d only month-first", ev.DayFirst, report.Plural(ev.DayFirst, "value can", "values can"), ev.MonthFirst)
		return order, why, fmt.Sprintf("column %q mixes day-first (%d %s) and month-first (%d %s) dates: read as %s; the others will be rejected",
			column, ev.DayFirst, report.Plural(ev.DayFirst, "value", "values"), ev.MonthFirst, report.Plural(ev.MonthFirst, "value", "values"), order)
	}
	return "day-first", fmt.Sprintf("no value tells (%d %s like 03/04/2014): assumed", ev.Numeric, report.Plural(ev.Numeric, "value", "values")),
		fmt.Sprintf("column %q: no value shows whether dates are day-first or month-first (%d %s like 03/04/2014): read as day-first; use --date-order to say otherwise",
			column, ev.Numeric, report.Plural(ev.Numeric, "value", "values"))
}

// dateLayouts are the strptime formats a date column may hold: n/n/y in the given
// order with /, - or . between fields, and dates with month names (Jira's
// 12/Mar/24 9:41 AM), each with or without a time, seconds and AM/PM. Years are
// two-digit, four-digit or both as the evidence shows; where both occur two-digit
// comes first, as DuckDB's %Y would read "13" as the year 13.
func dateLayouts(order string, ev DateEvidence) []string {
	years := []string{"%y", "%Y"}
	switch {
	case ev.ShortYear > 0 && ev.LongYear == 0:
		years = years[:1]
	case ev.LongYear > 0 && ev.ShortYear == 0:
		years = years[1:]
	}
	d, m := "%d", "%m"
	if order == "month-first" {
		d, m = m, d
	}
	times := []string{" %H:%M:%S", " %H:%M", "", " %I:%M:%S %p", " %I:%M %p"}
	var out []string
	for _, date := range []string{d + "/" + m + "/", d + "-" + m + "-", d + "." + m + ".", "%d/%b/", "%d-%b-", "%d %b ", "%d %B "} {
		for _, year := range years {
			for _, tm := range times {
				out = append(out, date+year+tm)
			}
		}
	}
	for _, date := range []string{"%b %d, %Y", "%B %d, %Y"} {
		for _, tm := range times {
			out = append(out, date+tm)
		}
	}
	return out
}

// dateRankValues is how many sampled values of a column rank its layouts, of which
// the first dateTryValues tell which layouts read any.
const (
	dateRankValues = 500
	dateTryValues  = 50
)

// sampleDates keeps the date cells of the sampled rows under the header, for the
// date questions.
func sampleDates(ctx context.Context, l *queries.Load, rows []sampledRow, m Mapping) error {
	cell := func(cells []string, canon string) any {
		i, ok := m.Columns[canon]
		if !ok || i >= len(cells) || cells[i] == "" {
			return nil
		}
		return cells[i]
	}
	out := make([]queries.SampleRow, len(rows))
	for k, r := range rows {
		for j, col := range dateColumns {
			out[k].Dates[j] = cell(r.cells, col)
		}
		out[k].TicketID = cell(r.cells, "ticket_id")
		for _, c := range r.cells {
			if c != "" {
				out[k].FirstCell = c
				break
			}
		}
	}
	return l.Sample(ctx, out)
}

// dateRead is how one date column is read: its strptime layouts, commonest first
// (DuckDB tries them in turn, and a failed try costs far more than a match), and
// whether numbers are Excel date serials.
type dateRead struct {
	layouts []string
	serials bool
	flags   bool // every value sampled is a yes/no flag: not a date column
}

// readDateColumn decides a column's day/month order from its evidence ev, else, when
// none of its values tells, from others (the file's other date columns: one tool
// wrote them all), and ranks its layouts on the sample. Numbers are read as Excel
// serials in a workbook (date cells), and in text only where they are the column's
// commonest form: a stray "2014" in a column of text dates is not 6 July 1905.
func readDateColumn(ctx context.Context, l *queries.Load, dc *DateColumn, given string, ev, others DateEvidence, workbook bool) (r dateRead, warning string, err error) {
	var why string
	dc.Order, why, warning = chooseDateOrder(dc.Header, ev, given)
	if given == "" && ev.Numeric > 0 && ev.DayFirst == 0 && ev.MonthFirst == 0 && others.DayFirst+others.MonthFirst > 0 {
		var from string
		dc.Order, from, _ = chooseDateOrder(dc.Header, DateEvidence{Numeric: others.Numeric, DayFirst: others.DayFirst, MonthFirst: others.MonthFirst}, "")
		why, warning = "the file's other date columns: "+from, ""
	}
	dc.Evidence = why
	if ev.Numeric == 0 {
		dc.Order = ""
	}
	if dc.Evidence != "" && dc.Evidence != "given" {
		dc.Evidence += fmt.Sprintf(" (of %d %s sampled)", ev.Sampled, report.Plural(ev.Sampled, "value", "values"))
	}
	layouts := dateLayouts(firstNonEmpty(dc.Order, "day-first"), ev)

	forms, err := l.DateForms(ctx, dc.Column, dateRankValues)
	if err != nil {
		return r, "", err
	}
	iso, serial, flags, values := forms.ISO, forms.Serial, forms.Flags, forms.Values
	// The layouts are tried on the first few values, then those that read any of
	// them ranked on more: a failed try costs, and most of the 80 layouts fail.
	counts, err := l.DateHits(ctx, dc.Column, layouts, dateTryValues)
	if err != nil {
		return r, "", fmt.Errorf("read dates in %q: %w", dc.Header, err)
	}
	hits := make(map[string]int64, len(layouts))
	var tried []string
	for i, lay := range layouts {
		if counts[i] > 0 {
			tried = append(tried, lay)
		}
	}
	if len(tried) > 0 {
		if counts, err = l.DateHits(ctx, dc.Column, tried, dateRankValues); err != nil {
			return r, "", fmt.Errorf("read dates in %q: %w", dc.Header, err)
		}
		for i, lay := range tried {
			hits[lay] = counts[i]
		}
	}
	// Stable: among layouts no sample value matched, the listed order stays, so
	// %y still comes before %Y.
	slices.SortStableFunc(layouts, func(a, b string) int { return int(hits[b] - hits[a]) })
	// On a tie, written dates before ISO, and both before bare numbers.
	best := max(iso, serial, hits[layouts[0]])
	switch {
	case best == 0:
		dc.Format = ""
	case best == hits[layouts[0]]:
		dc.Format = layouts[0]
	case best == iso:
		dc.Format = "ISO 8601"
	default:
		dc.Format = "Excel serial"
	}
	r = dateRead{layouts: layouts, serials: workbook || (serial > 0 && dc.Format == "Excel serial"), flags: values > 0 && flags == values}
	return r, warning, nil
}
