// Package report holds what a query found (a Result, with what a reader needs to
// trust it) and one writer a format.
package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Result is a table of figures and the metadata that says what was counted.
type Result struct {
	Title   string   // e.g. "Calls by category"
	By      string   // the canonical column grouped by
	Columns []string // headers of Rows: By, then "calls"
	Rows    []Row
	Total   int64
	Meta    Meta
	// TotalShown replaces the total when disclosure control hides or rounds it.
	TotalShown string
}

// Row is one group: its value (empty when blank in the data) and count. Shown, when
// set, is what is printed instead of the count ("<5", a rounded count).
type Row struct {
	Value string
	Calls int64
	Shown string
}

// Meta says what a Result counted, over which period, and what it left out.
type Meta struct {
	Filter  Filter
	Covered Period    // first and last opened date among the calls counted
	Held    Period    // first and last opened date of all the calls held
	LeftOut []LeftOut // calls the filters could not judge, and rows not loaded
	Sources []Source  // the files behind the figures
	// Suppression says what disclosure control did, when any was applied.
	Suppression string
	// Withheld says what disclosure control withheld whole (the groups, or all the
	// figures) and why; "" when nothing.
	Withheld string
	// Forced says that earlier releases made disclosure control hide more.
	Forced string
	// Severity says which of a call's severities the figures use, where its
	// history holds more than one: "" when they are all one.
	Severity string
	// Partial says that some calls counted had rows rejected at import (an event
	// log's updates): they are counted as their other rows leave them.
	Partial string
}

// Filter is what the user asked for.
type Filter struct {
	Severities []int       // empty: all severities
	Period     Period      // opened between, inclusive; zero: any time
	Where      []Condition // all must hold
	Personal   bool        // personal columns may be reported (--allow-personal)
	// AsAt, when set, is the instant calls are judged at (the monthly pack's
	// reference time): one resolved later is still open then. Zero: the latest
	// event held.
	AsAt time.Time `json:"-"`
}

// Condition is one --where: COLUMN=VALUE (Op "="), COLUMN!=VALUE ("!=": not it),
// COLUMN~TEXT ("~": the text anywhere in the value). Conditions on one column
// hold together as one: any of its = and ~, and none of its !=; conditions on
// different columns all hold.
type Condition struct {
	Column string `json:"column"`
	Op     string `json:"op"`
	Value  string `json:"value"`
}

// op is the condition's op: "=" where none is given (a release recorded before
// there were others).
func (c Condition) op() string {
	if c.Op == "" {
		return OpIs
	}
	return c.Op
}

// Conditions ops.
const (
	OpIs       = "="
	OpIsNot    = "!="
	OpMentions = "~"
)

// ByColumn groups conditions by column, in the order each column is first given.
func ByColumn(conds []Condition) [][]Condition {
	var out [][]Condition
	at := map[string]int{}
	for _, c := range conds {
		i, ok := at[c.Column]
		if !ok {
			i = len(out)
			at[c.Column] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], c)
	}
	return out
}

// ConditionWords says one column's conditions in words: `service is "A" or
// "B"`, `summary mentions "ransomware"`, `service is "A" or mentions "x"`,
// `service is not "Education"`, `service is neither "A" nor "B"`.
func ConditionWords(conds []Condition) string {
	var any, none []string
	last := ""
	for _, c := range conds {
		c.Op = c.op()
		if c.Op == OpIsNot {
			none = append(none, strconv.Quote(c.Value))
			continue
		}
		word := strconv.Quote(c.Value)
		if c.Op != last {
			word = map[string]string{OpIs: "is ", OpMentions: "mentions "}[c.Op] + word
		}
		any, last = append(any, word), c.Op
	}
	var parts []string
	if len(any) > 0 {
		parts = append(parts, strings.Join(any, " or "))
	}
	switch len(none) {
	case 0:
	case 1:
		parts = append(parts, "is not "+none[0])
	default:
		parts = append(parts, "is neither "+strings.Join(none[:len(none)-1], ", ")+" nor "+none[len(none)-1])
	}
	return strings.ReplaceAll(conds[0].Column, "_", " ") + " " + strings.Join(parts, ", and ")
}

// LeftOut is a number of calls not counted, and why; Parts, when given, split
// the calls by label: severity not recognised (blank: 1, "TBC": 2).
type LeftOut struct {
	Calls  int64  `json:"calls"`
	Reason string `json:"reason"`
	Parts  []Part `json:"-"`
	// Shown, when set, is what is printed instead of Calls: disclosure control hid it.
	Shown string `json:"-"`
}

// Part is a labelled share of calls left out.
type Part struct {
	Label string // "" when blank in the data
	Calls int64
	Shown string
}

// Why is the reason with its parts: severity not recognised (blank: 1, "TBC": 2).
func (l LeftOut) Why() string {
	if len(l.Parts) == 0 {
		return l.Reason
	}
	parts := make([]string, len(l.Parts))
	for i, p := range l.Parts {
		label := "blank"
		if p.Label != "" {
			label = strconv.Quote(p.Label)
		}
		parts[i] = label + ": " + shownCount(p.Calls, p.Shown)
	}
	return l.Reason + " (" + strings.Join(parts, ", ") + ")"
}

// Source is one file the figures come from.
type Source struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Rows   int64  `json:"rows_loaded"`
	// Shown, when set, is what is printed instead of Rows: disclosure control hid it.
	Shown string `json:"-"`
	// Withheld says that disclosure control left the count out of what is published
	// (the notes, JSON, the manifest).
	Withheld bool `json:"-"`
}

// Period is a span of days, both ends inclusive. Month is set when both ends were
// given as whole months, so that the wording can say "June 2013".
type Period struct {
	From, To time.Time // dates (midnight); zero when open-ended
	Months   bool
}

// IsZero reports whether the period is unbounded at both ends.
func (p Period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// End returns the first instant after the period, for half-open comparisons.
func (p Period) End() time.Time {
	if p.To.IsZero() {
		return time.Time{}
	}
	return p.To.AddDate(0, 0, 1)
}

// ParsePeriod reads --from and --to: a day (2014-09-30) or a month (2014-09, meaning
// its first day for --from and its last day for --to). Either may be empty.
func ParsePeriod(from, to string) (Period, error) {
	var p Period
	var fromMonth, toMonth bool
	var err error
	if from != "" {
		if p.From, fromMonth, err = parseBound(from, false); err != nil {
			return p, fmt.Errorf("--from: %w", err)
		}
	}
	if to != "" {
		if p.To, toMonth, err = parseBound(to, true); err != nil {
			return p, fmt.Errorf("--to: %w", err)
		}
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return p, fmt.Errorf("--to %s is before --from %s", to, from)
	}
	p.Months = (from == "" || fromMonth) && (to == "" || toMonth) && !p.IsZero()
	return p, nil
}

func parseBound(s string, end bool) (time.Time, bool, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, false, nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		if end {
			t = t.AddDate(0, 1, -1)
		}
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("cannot read %q as a day (2014-09-30) or a month (2014-09)", s)
}

// Describe words the period as a letter would: "June 2013 and September 2014", or
// "1 June 2013 and 30 September 2014".
func (p Period) Describe() string {
	return p.word(p.From) + " and " + p.word(p.To)
}

// Name names the period as a heading would: "September 2014", "July to
// September 2014", "June 2013 to September 2014", "1 to 15 September 2014".
func (p Period) Name() string {
	if p.From.IsZero() || p.To.IsZero() {
		return ""
	}
	sameYear := p.From.Year() == p.To.Year()
	if p.Months || (p.From.Day() == 1 && p.To.AddDate(0, 0, 1).Day() == 1) { // whole months
		switch {
		case sameYear && p.From.Month() == p.To.Month():
			return p.To.Format("January 2006")
		case sameYear:
			return p.From.Format("January") + " to " + p.To.Format("January 2006")
		}
		return p.From.Format("January 2006") + " to " + p.To.Format("January 2006")
	}
	switch {
	case p.From.Equal(p.To):
		return p.To.Format("2 January 2006")
	case sameYear && p.From.Month() == p.To.Month():
		return p.From.Format("2") + " to " + p.To.Format("2 January 2006")
	case sameYear:
		return p.From.Format("2 January") + " to " + p.To.Format("2 January 2006")
	}
	return p.From.Format("2 January 2006") + " to " + p.To.Format("2 January 2006")
}

func (p Period) word(t time.Time) string {
	if t.IsZero() {
		return "(any date)"
	}
	if p.Months {
		return t.Format("January 2006")
	}
	return t.Format("2 January 2006")
}

// SeverityWords names a severity set as the FOI answer did: "Sev 1 & 2".
func SeverityWords(sevs []int) string {
	if len(sevs) == 0 {
		return "all severities"
	}
	parts := make([]string, len(sevs))
	for i, s := range sevs {
		parts[i] = strconv.Itoa(s)
	}
	if len(parts) == 1 {
		return "Sev " + parts[0]
	}
	return "Sev " + strings.Join(parts[:len(parts)-1], ", ") + " & " + parts[len(parts)-1]
}

// measures is the result as a table of measures, for the writers they share.
func (r *Result) measures() *Measures {
	m := &Measures{Title: r.Title, Columns: []Measure{{Name: r.By}, {Name: "calls", Unit: "calls"}}, Meta: r.Meta,
		Structure: Structure{Total: "Total", Size: "calls", Floor: 1, Ranked: r.By != "severity"},
		Charts:    []Chart{{Kind: "hbar", Columns: []int{1}}}}
	cell := func(n int64, shown string) any {
		if shown != "" {
			return shown
		}
		return n
	}
	for _, row := range r.Rows {
		m.Rows = append(m.Rows, []any{r.displayValue(row.Value), cell(row.Calls, row.Shown)})
	}
	m.Rows = append(m.Rows, []any{"Total", cell(r.Total, r.TotalShown)})
	return m
}

func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// Counts are the calls of each group, by its label as shown.
func (r *Result) Counts() map[string]int64 {
	out := map[string]int64{}
	for _, row := range r.Rows {
		out[r.displayValue(row.Value)] += row.Calls
	}
	return out
}
