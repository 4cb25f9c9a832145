package report

import (
	"fmt"
	"io"
	"strings"
)

// PersonalWarning is the note every output carries when --allow-personal let it
// report who raised or handled calls.
const PersonalWarning = "Personal data: reporting who raised or handled calls was allowed (--allow-personal); do not publish it."

// writeText writes the breakdown as an FOI answer words it, ready to paste into a
// letter: "Analysis of calls (Sev 1 & 2) logged by Children's Social Care between
// June 2013 and September 2014. Total of 32 calls, details as follows: 10x ...".
func writeText(w io.Writer, r *Result) error {
	var b strings.Builder
	b.WriteString("Analysis of calls")
	f := r.Meta.Filter
	if len(f.Severities) > 0 {
		fmt.Fprintf(&b, " (%s)", SeverityWords(f.Severities))
	}
	var others []string
	for _, c := range f.Where {
		if c.Column == "service" {
			fmt.Fprintf(&b, " logged by %s", c.Value)
			continue
		}
		others = append(others, fmt.Sprintf("%s is %s", strings.ReplaceAll(c.Column, "_", " "), c.Value))
	}
	if len(others) > 0 {
		b.WriteString(" where " + strings.Join(others, " and "))
	}
	p := f.Period
	switch {
	case !p.From.IsZero() && !p.To.IsZero():
		b.WriteString(" between " + p.Describe())
	case !p.From.IsZero():
		b.WriteString(" from " + p.word(p.From))
	case !p.To.IsZero():
		b.WriteString(" up to " + p.word(p.To))
	}
	b.WriteString(".\n")
	fmt.Fprintf(&b, "Total of %s %s", r.total(), Plural(r.Total, "call", "calls"))
	if r.Total > 0 {
		b.WriteString(", details as follows:\n")
		for _, row := range r.Rows {
			fmt.Fprintf(&b, "%sx %s\n", r.count(row), r.displayValue(row.Value))
		}
	} else {
		b.WriteString(".\n")
	}
	if !r.Meta.Covered.From.IsZero() {
		fmt.Fprintf(&b, "\nThe calls counted were opened between %s and %s.\n",
			r.Meta.Covered.From.Format(day), r.Meta.Covered.To.Format(day))
	}
	for _, l := range r.Meta.LeftOut {
		fmt.Fprintf(&b, "%d %s not counted: %s.\n", l.Calls, Plural(l.Calls, "call was", "calls were"), l.Reason)
	}
	if r.Meta.Suppression != "" {
		b.WriteString(r.Meta.Suppression + "\n")
	}
	if r.Meta.Filter.Personal {
		b.WriteString(PersonalWarning + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
