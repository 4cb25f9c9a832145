package report

import (
	"fmt"
	"io"
	"strings"
)

// PersonalWarning is the note every output carries when --allow-personal let it
// report who raised or handled calls.
const PersonalWarning = "Personal data: reporting who raised or handled calls was allowed (--allow-personal); do not publish it."

// textParts are the sentences of the breakdown as an FOI answer words it.
type textParts struct {
	Heading    string   // "Analysis of calls (Sev 1 & 2) logged by ... between June 2013 and September 2014."
	Total      string   // "Total of 32 calls, details as follows:", or "Total of 0 calls."
	Details    []string // "10x Access to ..."
	Covered    string   // "The calls counted were opened between ...", or ""
	Statements []string // what was not counted, the disclosure policy, the personal-data warning
}

func newTextParts(r *Result) textParts {
	var p textParts
	var b strings.Builder
	b.WriteString("Analysis of calls")
	f := r.Meta.Filter
	if len(f.Severities) > 0 {
		fmt.Fprintf(&b, " (%s)", SeverityWords(f.Severities))
	}
	var others []string
	for _, col := range ByColumn(f.Where) {
		if by := loggedBy(col); by != "" {
			b.WriteString(" logged by " + by)
			continue
		}
		others = append(others, ConditionWords(col))
	}
	if len(others) > 0 {
		b.WriteString(" where " + strings.Join(others, ", and "))
	}
	period := f.Period
	switch {
	case !period.From.IsZero() && !period.To.IsZero():
		b.WriteString(" between " + period.Describe())
	case !period.From.IsZero():
		b.WriteString(" from " + period.word(period.From))
	case !period.To.IsZero():
		b.WriteString(" up to " + period.word(period.To))
	}
	b.WriteString(".")
	p.Heading = b.String()
	p.Total = fmt.Sprintf("Total of %s %s", r.total(), Plural(r.Total, "call", "calls"))
	if r.Total > 0 && r.Meta.Withheld == "" {
		p.Total += ", details as follows:"
		for _, row := range r.Rows {
			p.Details = append(p.Details, fmt.Sprintf("%sx %s", r.count(row), r.displayValue(row.Value)))
		}
	} else {
		p.Total += "."
	}
	if !r.Meta.Covered.From.IsZero() {
		p.Covered = fmt.Sprintf("The calls counted were opened between %s and %s.",
			r.Meta.Covered.From.Format(day), r.Meta.Covered.To.Format(day))
	}
	for _, l := range r.Meta.LeftOut {
		p.Statements = append(p.Statements, fmt.Sprintf("%s %s not counted: %s.", l.Count(), Plural(l.plural(), "call was", "calls were"), l.Why()))
	}
	if r.Meta.Partial != "" {
		p.Statements = append(p.Statements, r.Meta.Partial)
	}
	if r.Meta.Suppression != "" {
		p.Statements = append(p.Statements, r.Meta.Suppression)
	}
	if r.Meta.Withheld != "" {
		p.Statements = append(p.Statements, r.Meta.Withheld)
	}
	if r.Meta.Forced != "" {
		p.Statements = append(p.Statements, r.Meta.Forced)
	}
	if r.Meta.Filter.Personal {
		p.Statements = append(p.Statements, PersonalWarning)
	}
	return p
}

// String is the text: heading, total and details, then after a blank line what the
// calls counted cover, and the statements.
func (p textParts) String() string {
	var b strings.Builder
	b.WriteString(p.Heading + "\n" + p.Total + "\n")
	for _, d := range p.Details {
		b.WriteString(d + "\n")
	}
	if p.Covered != "" {
		b.WriteString("\n" + p.Covered + "\n")
	}
	for _, s := range p.Statements {
		b.WriteString(s + "\n")
	}
	return b.String()
}

// writeText writes the breakdown as an FOI answer words it, ready to paste into a
// letter: "Analysis of calls (Sev 1 & 2) logged by Children's Social Care between
// June 2013 and September 2014. Total of 32 calls, details as follows: 10x ...".
func writeText(w io.Writer, r *Result) error {
	_, err := io.WriteString(w, newTextParts(r).String())
	return err
}

// loggedBy is a letter's "logged by Children's Social Care or Adult Social Care":
// the service's conditions when all are "is", else "".
func loggedBy(col []Condition) string {
	if col[0].Column != "service" {
		return ""
	}
	var names []string
	for _, c := range col {
		if c.op() != OpIs {
			return ""
		}
		names = append(names, c.Value)
	}
	return strings.Join(names, " or ")
}
