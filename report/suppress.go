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
