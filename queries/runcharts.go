package queries

import (
	"fmt"
	"strings"

	"github.com/deskstat/deskstat/report"
	"github.com/deskstat/deskstat/report/spc"
)

// RunMonths are the fewest months whose runs are judged: Anhøj's table of
// critical values starts at 10 points.
const RunMonths = 10

// runCharts reads the calls by severity per month (the pack's table) as run
// charts, one per severity with calls and one for all: a u-chart of each month's
// calls over its days, with Anhøj's rules for runs. Only the months wholly held
// to its end are charted: a month cut short there would read as a drop. The
// first month held counts for the days from its first call (heldShare), and is
// left out when that is under three quarters of it. Nil when fewer than two
// months are charted. Runs are judged over RunMonths months or more.
func runCharts(bySev *report.Measures, held heldSpan) *report.Measures {
	first, last, ok := held.wholeMonths()
	if !ok {
		return nil
	}
	var rows [][]any
	var labels []string
	var days []float64
	partial := ""
	for _, row := range bySev.Rows {
		s := row[0].(report.Span)
		if s.Whole != "month" || s.Start.Before(first) || s.Start.After(last) {
			continue // cut by the period asked for, or not wholly held
		}
		share, n := held.heldShare(s.Start)
		switch {
		case share < 0.75:
			// A first month held for a few days is a point on a count's scale far
			// below the rest: a drop that is only the export's start.
			partial = fmt.Sprintf("The data held starts %s (its first call): %s, held for %d %s, is not charted.",
				held.first.Time.Format("2 January 2006"), s.Label, n, report.Plural(int64(n), "day", "days"))
			continue
		case share < 1:
			partial = fmt.Sprintf("The data held starts %s (its first call): %s is charted over the %d days from then.",
				held.first.Time.Format("2 January 2006"), s.Label, n)
		}
		rows, labels, days = append(rows, row), append(labels, s.Label), append(days, float64(n))
	}
	if len(rows) < 2 {
		return nil
	}
	latest := labels[len(labels)-1]
	m := &report.Measures{
		Title: fmt.Sprintf("Run charts: calls a month by severity, %s to %s", labels[0], latest),
		Columns: []report.Measure{{Name: "severity"}, {Name: "months", Unit: "months"},
			{Name: latest, Unit: "calls", KeyAs: "latest_month"}, {Name: "centre line", Unit: "calls a month"},
			{Name: "lower limit", Unit: "calls a month"}, {Name: "upper limit", Unit: "calls a month"},
			{Name: "months outside limits", Unit: "months"}, {Name: "longest run", Unit: "months"},
			{Name: "run limit", Unit: "months"}, {Name: "crossings", Unit: "crossings"},
			{Name: "fewest crossings", Unit: "crossings"}, {Name: "signal", Unit: "flag"}},
		Definitions: []string{
			fmt.Sprintf("Run charts (as NHS \"Making Data Count\"): each month's calls from %s to %s (the months wholly held), with a u-chart's centre line and limits: the mean rate a day over those months times the month's days, less and plus 3 times its square root (a lower limit under none is none). The centre line and limits shown are %s's.", labels[0], latest, latest),
			fmt.Sprintf("Signals (Anhøj's rules, against the centre line, months on it left out, judged over %d months or more): a month outside the limits; a shift, a run of months on one side longer than the run limit (round(log2(months) + 3)); too few crossings of the centre line, fewer than the 5th percentile of a binomial over the months less one, a half each (R's qbinom, as qicharts2). In the charts, months higher than chance explains are orange and lower blue.", RunMonths),
		},
		Meta:      bySev.Meta,
		Structure: report.Structure{NotUnderPolicy: "The run charts are left out under a disclosure policy: their centre lines and runs give back the months' counts the policy hides."},
	}
	if partial != "" {
		m.Definitions = append(m.Definitions, partial)
	}
	for j := 1; j < len(bySev.Columns); j++ {
		counts := make([]int64, len(rows))
		var total int64
		for i, row := range rows {
			counts[i] = row[j].(int64)
			total += counts[i]
		}
		name := bySev.Columns[j].Name
		if (total == 0 && name != "all") || name == "not recognised" {
			continue // a label not read is no severity to watch
		}
		if name == "all" {
			name = "All"
		}
		c := spc.U(counts, days)
		n := len(counts) - 1
		judged := c.Useful >= RunMonths // enough months to read runs in
		var outside, shifts []string
		signal := make([]int, len(counts))
		for i := range counts {
			if c.Outside[i] != 0 {
				outside = append(outside, fmt.Sprintf("%s %s", labels[i], map[int]string{1: "above", -1: "below"}[c.Outside[i]]))
				signal[i] = c.Outside[i]
			}
			if judged && c.InShift[i] {
				signal[i] = c.Side[i]
				if i == 0 || !c.InShift[i-1] || c.Side[i-1] != c.Side[i] {
					shifts = append(shifts, labels[i])
				}
				if i == n || !c.InShift[i+1] || c.Side[i+1] != c.Side[i] {
					shifts[len(shifts)-1] += fmt.Sprintf(" to %s %s", labels[i], map[int]string{1: "above", -1: "below"}[c.Side[i]])
				}
			}
		}
		if !judged {
			c.Shift, c.FewCrossings = false, false
		}
		var flags []string
		if len(outside) > 0 {
			flags = append(flags, "outside limits")
		}
		if c.Shift {
			flags = append(flags, "shift")
		}
		if c.FewCrossings {
			flags = append(flags, "few crossings")
		}
		row := []any{name, int64(len(counts)), counts[n], c.Centre[n], c.Low[n], c.High[n], int64(len(outside)),
			int64(c.LongestRun), int64(c.RunLimit), int64(c.Crossings), int64(c.CrossingsMin), strings.Join(flags, ", ")}
		if !judged {
			row[7], row[8], row[9], row[10] = nil, nil, nil, nil
		}
		m.Rows = append(m.Rows, row)
		if len(flags) > 0 {
			var says []string
			if len(outside) > 0 {
				says = append(says, "outside the limits in "+strings.Join(outside, ", "))
			}
			if c.Shift {
				says = append(says, fmt.Sprintf("a run of %d months on one side of the centre line (more than %d is a shift): %s", c.LongestRun, c.RunLimit, strings.Join(shifts, ", ")))
			}
			if c.FewCrossings {
				says = append(says, fmt.Sprintf("%d %s of the centre line (fewer than %d)", c.Crossings, report.Plural(int64(c.Crossings), "crossing", "crossings"), c.CrossingsMin))
			}
			m.Definitions = append(m.Definitions, fmt.Sprintf("%s: %s.", name, strings.Join(says, "; ")))
		}
		m.Charts = append(m.Charts, report.Chart{Title: name + ": calls a month", Kind: "run",
			Run: &report.RunChart{Labels: labels, Counts: counts, Centre: c.Centre, Low: c.Low, High: c.High, Signal: signal}})
	}
	if len(rows) < RunMonths {
		m.Definitions = append(m.Definitions, fmt.Sprintf("Only %d months are charted: too few to judge runs in (the limits stand).", len(rows)))
	}
	return m
}
