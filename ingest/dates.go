package ingest

import "fmt"

// DateEvidence counts, for one date column, the values written n/n/yyyy and those
// that can only be day-first (first field over 12) or only month-first.
type DateEvidence struct {
	Numeric, DayFirst, MonthFirst int64
}

// chooseDateOrder decides a column's day/month order from its values. An order the
// user gave wins; a column with no telling value is read day-first (UK), with a
// warning, since that is what council logs use.
func chooseDateOrder(column string, ev DateEvidence, given string) (order, warning string) {
	switch {
	case given != "":
		return given, ""
	case ev.Numeric == 0:
		return "day-first", "" // ISO dates or date cells: the order does not arise
	case ev.DayFirst > 0 && ev.MonthFirst == 0:
		return "day-first", ""
	case ev.MonthFirst > 0 && ev.DayFirst == 0:
		return "month-first", ""
	case ev.DayFirst > 0 && ev.MonthFirst > 0:
		order = "day-first"
		if ev.MonthFirst > ev.DayFirst {
			order = "month-first"
		}
		return order, fmt.Sprintf("column %q mixes day-first (%d values) and month-first (%d values) dates: read as %s; the others will be rejected",
			column, ev.DayFirst, ev.MonthFirst, order)
	}
	return "day-first", fmt.Sprintf("column %q: no value shows whether dates are day-first or month-first (%d values like 03/04/2014): read as day-first; use --date-order to say otherwise",
		column, ev.Numeric)
}

// dateLayouts are the strptime formats for n/n/yyyy dates in the given order, with
// /, - or . between fields, with or without a time, seconds and AM/PM.
func dateLayouts(order string) []string {
	d, m := "%d", "%m"
	if order == "month-first" {
		d, m = m, d
	}
	var out []string
	for _, sep := range []string{"/", "-", "."} {
		date := d + sep + m + sep
		for _, year := range []string{"%y", "%Y"} { // %y first: %Y reads "13" as the year 13
			for _, tm := range []string{" %H:%M:%S", " %H:%M", "", " %I:%M:%S %p", " %I:%M %p"} {
				out = append(out, date+year+tm)
			}
		}
	}
	return out
}
