package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Policies are the disclosure-control policies --suppress accepts.
var Policies = []string{"none", "lt5", "ons", "dfe"}

// Suppression hides small counts before figures are published. Zero stays 0.
//   - lt5: counts 1-4 are shown as "<5";
//   - dfe: counts 1-5 are shown as "c" (the Department for Education's convention);
//   - ons: counts under 10 are shown as "<10", the rest rounded to the nearest 5;
//   - Threshold N (--suppress-threshold) replaces the policy's: counts 1 to N-1 hidden.
//
// When a single count is hidden and the total is shown exactly, it could be worked
// out by subtraction: the smallest other count is hidden too ("x"), or, if there is
// none, the total.
type Suppression struct {
	Policy    string
	Threshold int
}

// Active says whether anything can be hidden.
func (s Suppression) Active() bool { return (s.Policy != "" && s.Policy != "none") || s.Threshold > 0 }

func (s Suppression) rule() (threshold int, primary, secondary string, round bool) {
	switch s.Policy {
	case "dfe":
		threshold, primary, secondary = 6, "c", "c"
	case "ons":
		threshold, round = 10, true
	default:
		threshold = 5
	}
	if s.Threshold > 0 {
		threshold = s.Threshold
	}
	if primary == "" {
		primary = "<" + strconv.Itoa(threshold)
	}
	if secondary == "" {
		secondary = "x"
	}
	return
}

// Describe says in a sentence what the policy did, for the notes.
func (s Suppression) Describe() string {
	th, primary, secondary, round := s.rule()
	d := fmt.Sprintf("Small numbers: counts of 1 to %d are shown as %q", th-1, primary)
	if round {
		d += ", the others rounded to the nearest 5 (totals too)"
	} else {
		d += fmt.Sprintf("; where one such count could be worked out from the total, another count is hidden as %q, or the total", secondary)
	}
	name := s.Policy
	if name == "" || name == "none" {
		name = "custom"
	}
	return d + fmt.Sprintf(" (policy %s).", name)
}

// Apply hides r's small counts as the policy says.
func (s Suppression) Apply(r *Result) {
	if !s.Active() {
		return
	}
	th, primary, secondary, round := s.rule()
	r.Meta.Suppression = s.Describe()
	hidden := 0
	for i := range r.Rows {
		if c := r.Rows[i].Calls; c > 0 && c < int64(th) {
			r.Rows[i].Shown = primary
			hidden++
		} else if round {
			r.Rows[i].Shown = strconv.FormatInt(round5(c), 10)
		}
	}
	if round {
		r.TotalShown = strconv.FormatInt(round5(r.Total), 10)
		return
	}
	if hidden != 1 {
		return
	}
	// One hidden count is the total less the others: hide the smallest other one.
	candidates := slices.IndexFunc(r.Rows, func(row Row) bool { return row.Shown == "" && row.Calls > 0 })
	if candidates < 0 {
		r.TotalShown = secondary
		return
	}
	smallest := -1
	for i, row := range r.Rows {
		if row.Shown == "" && row.Calls > 0 && (smallest < 0 || row.Calls < r.Rows[smallest].Calls) {
			smallest = i
		}
	}
	r.Rows[smallest].Shown = secondary
}

func round5(n int64) int64 { return int64(math.Round(float64(n)/5) * 5) }

// count is how a row's count is shown.
func (r *Result) count(row Row) string {
	if row.Shown != "" {
		return row.Shown
	}
	return strconv.FormatInt(row.Calls, 10)
}

// total is how the total is shown.
func (r *Result) total() string {
	if r.TotalShown != "" {
		return r.TotalShown
	}
	return strconv.FormatInt(r.Total, 10)
}

// ApplyMeasures hides small counts in a table of measures, conservatively: a row
// with a small count has all its counts and measures hidden (its counts are tied
// to each other: calls = resolved + still open ...), and where that leaves a single
// hidden row that the All row would give away, the next smallest row goes too. With
// ons, counts are rounded to the nearest 5 instead where not hidden.
func (s Suppression) ApplyMeasures(m *Measures) {
	if !s.Active() {
		return
	}
	th, primary, secondary, round := s.rule()
	m.Meta.Suppression = s.Describe()
	if len(m.Rows) > 0 && len(m.Columns) > 1 && m.Columns[1].Unit == "" {
		s.applyColumns(m, th, primary, secondary)
		return
	}
	isCount := func(col int) bool { return m.Columns[col].Unit == "calls" }
	hideRow := func(row []any, mark string) {
		for j := 1; j < len(row); j++ {
			if n, ok := row[j].(int64); ok && n == 0 && isCount(j) {
				continue // zero stays 0
			}
			if row[j] != nil {
				row[j] = mark
			}
		}
	}
	small := func(row []any) bool {
		for j := 1; j < len(row); j++ {
			if n, ok := row[j].(int64); ok && isCount(j) && n > 0 && n < int64(th) {
				return true
			}
		}
		return false
	}
	var groups []int
	allRow := -1
	for i, row := range m.Rows {
		if label, _ := row[0].(string); label == "All" || label == "Total" {
			allRow = i
			continue
		}
		groups = append(groups, i)
	}
	hidden := 0
	for _, i := range groups {
		if small(m.Rows[i]) {
			hideRow(m.Rows[i], primary)
			hidden++
		}
	}
	if allRow >= 0 && small(m.Rows[allRow]) {
		hideRow(m.Rows[allRow], primary)
	}
	if round {
		for _, row := range m.Rows {
			for j := 1; j < len(row); j++ {
				if n, ok := row[j].(int64); ok && isCount(j) {
					row[j] = round5(n)
				}
			}
		}
		return
	}
	if hidden == 1 && allRow >= 0 {
		// The one hidden row is the All row less the others: hide the smallest other.
		smallest := -1
		for _, i := range groups {
			n, ok := m.Rows[i][1].(int64)
			if ok && n > 0 && (smallest < 0 || n < m.Rows[smallest][1].(int64)) {
				smallest = i
			}
		}
		if smallest >= 0 {
			hideRow(m.Rows[smallest], secondary)
		} else {
			hideRow(m.Rows[allRow], secondary)
		}
	}
}

// applyColumns hides the groups of a side-by-side table (compare: a column a group,
// a row a measure, the first row the calls) whose calls are few, whole columns at a
// time, and with one hidden the next smallest group too.
func (s Suppression) applyColumns(m *Measures, th int, primary, secondary string) {
	calls := func(j int) int64 { n, _ := m.Rows[0][j].(int64); return n }
	hideCol := func(j int, mark string) {
		for _, row := range m.Rows {
			if row[j] != nil {
				row[j] = mark
			}
		}
	}
	hidden, last := 0, len(m.Columns)-1
	for j := 1; j < last; j++ {
		if n := calls(j); n > 0 && n < int64(th) {
			hideCol(j, primary)
			hidden++
		}
	}
	if n := calls(last); n > 0 && n < int64(th) {
		hideCol(last, primary)
	}
	if hidden == 1 {
		smallest := -1
		for j := 1; j < last; j++ {
			if _, shown := m.Rows[0][j].(int64); shown && calls(j) > 0 && (smallest < 0 || calls(j) < calls(smallest)) {
				smallest = j
			}
		}
		if smallest >= 0 {
			hideCol(smallest, secondary)
		} else {
			hideCol(last, secondary)
		}
	}
}
