package report

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Release is an output published under a disclosure-control policy: what was
// asked, and every count as a reader reads it. The audit of a later output takes
// the earlier releases in, so that two answers cannot be differenced.
type Release struct {
	ID       int64       `json:"id,omitempty"`
	Made     time.Time   `json:"made_at"`
	Command  string      `json:"command"` // breakdown, answer, trend, monthly ...
	Question Question    `json:"question"`
	Tables   []Published `json:"tables"`
}

// Question is what a release answered.
type Question struct {
	Filter    Filter `json:"filter"`
	By        string `json:"by,omitempty"`
	Across    string `json:"across,omitempty"` // a two-way table's columns
	Interval  string `json:"interval,omitempty"`
	Policy    string `json:"policy"`
	Threshold int    `json:"threshold"`
}

// Published is one table of a release: its counts as printed, or that its groups
// (or all of it) were withheld.
type Published struct {
	Title    string      `json:"title"`
	Withheld string      `json:"withheld,omitempty"` // "groups" or "all"
	Cells    []KnownCell `json:"cells"`
	Spans    []GroupSpan `json:"spans,omitempty"` // a trend's periods, as counted
}

// GroupSpan is the stretch a trend's period counts: from, to before until.
type GroupSpan struct {
	Group string    `json:"group"`
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

// KnownCell is a count as a reader knows it: at least Lo and at most Hi (Hi -1: no
// upper bound), printed as Shown.
type KnownCell struct {
	Group   string `json:"group"`
	Measure string `json:"measure"`
	Shown   string `json:"shown"`
	Lo      int64  `json:"lo"`
	Hi      int64  `json:"hi"`
}

// SameQuestion says whether two questions differ at most in their period: the same
// grouping, severities, conditions and policy.
func SameQuestion(a, b Question) bool {
	sevs := func(s []int) []int { s = slices.Clone(s); slices.Sort(s); return s }
	conds := func(c []Condition) []string {
		var out []string
		for _, x := range c {
			out = append(out, x.Column+"\x00"+x.op()+"\x00"+strings.ToLower(x.Value))
		}
		slices.Sort(out)
		return out
	}
	return a.By == b.By && a.Across == b.Across && a.Interval == b.Interval && a.Filter.Personal == b.Filter.Personal &&
		slices.Equal(sevs(a.Filter.Severities), sevs(b.Filter.Severities)) &&
		slices.Equal(conds(a.Filter.Where), conds(b.Filter.Where))
}

// Describe is a release in a line, for 'deskstat releases'.
func (r Release) Describe() string {
	q := r.Question
	m := Meta{Filter: q.Filter}
	what := r.Command
	if q.By != "" {
		what += " by " + q.By
	}
	if q.Interval != "" {
		what += " per " + q.Interval
	}
	n := 0
	for _, t := range r.Tables {
		n += len(t.Cells)
	}
	return fmt.Sprintf("%s: %s; %s; policy %s; %d %s published", what, m.Scope(), plural(len(r.Tables), "table"), q.policyName(), n, Plural(int64(n), "count", "counts"))
}

func (q Question) policyName() string {
	if q.Threshold > 0 {
		return fmt.Sprintf("%s, threshold %d", q.Policy, q.Threshold)
	}
	return q.Policy
}

func plural(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, Plural(int64(n), noun, noun+"s"))
}

// Earlier is an earlier release the audit of a new output takes in.
type Earlier struct {
	Release Release
	// Atoms split the two periods, for a breakdown asked again over another period:
	// each with its true counts per group (as labelled in the table). Nil: the
	// question was the same, and each count equals the new one.
	Atoms []Atom
	// Steps split the periods of two trends of the same question where they differ,
	// for a trend asked again over another period.
	Steps []Step
}

// Step is a stretch of days no period of two trends cuts, with its true counts.
type Step struct {
	From, Until                time.Time
	Created, Resolved, Backlog int64
}

// Boundaries are the instants the periods of a trend table and an earlier one's
// start and end at, in order: the steps a reader can difference.
func Boundaries(m *Measures, earlier Published) []time.Time {
	var cuts []time.Time
	for _, row := range m.Rows {
		if s, ok := row[0].(Span); ok && !s.From.IsZero() {
			cuts = append(cuts, s.From, s.Until)
		}
	}
	for _, s := range earlier.Spans {
		cuts = append(cuts, s.From, s.Until)
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(cuts, func(a, b time.Time) bool { return a.Equal(b) })
}

// Atom is a stretch of days wholly inside or outside each of two periods.
type Atom struct {
	Period               Period
	InEarlier, InCurrent bool
	Counts               map[string]int64
}

// Atoms cuts two periods (open ends allowed) into the stretches a reader can
// difference: every boundary of either starts a new one. Stretches in neither
// are left out.
func Atoms(earlier, current Period) []Atom {
	var cuts []time.Time
	for _, p := range []Period{earlier, current} {
		if !p.From.IsZero() {
			cuts = append(cuts, p.From)
		}
		if !p.To.IsZero() {
			cuts = append(cuts, p.End())
		}
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	cuts = slices.CompactFunc(cuts, func(a, b time.Time) bool { return a.Equal(b) })
	edges := append(append([]time.Time{{}}, cuts...), time.Time{}) // open, cuts..., open
	in := func(p Period, from, end time.Time) bool {
		if !p.From.IsZero() && (from.IsZero() || from.Before(p.From)) {
			return false
		}
		return p.To.IsZero() || !end.IsZero() && !end.After(p.End())
	}
	var out []Atom
	for i := 0; i+1 < len(edges); i++ {
		from, end := edges[i], edges[i+1]
		a := Atom{InEarlier: in(earlier, from, end), InCurrent: in(current, from, end)}
		if !a.InEarlier && !a.InCurrent {
			continue
		}
		a.Period = Period{From: from}
		if !end.IsZero() {
			a.Period.To = end.AddDate(0, 0, -1)
		}
		out = append(out, a)
	}
	return out
}
