package report

import (
	"fmt"
	"strings"
	"time"
)

// Notes says, in sentences, what a result counted: the calls, the period asked for
// and the period the data covers, what was left out, and the files behind it.
// Every human-readable format prints them.
func (r *Result) Notes() []string { return r.Meta.Notes() }

// Scope describes the calls the result's filter admits.
func (r *Result) Scope() string { return r.Meta.Scope() }

// Notes says, in sentences, what was counted (see Result.Notes).
func (m Meta) Notes() []string {
	notes := []string{"Counted: " + m.Scope() + "."}
	if m.Covered.From.IsZero() {
		notes = append(notes, "Data: no calls match.")
	} else {
		// Under disclosure control, days only: the same minute at both ends says one call.
		layout := dayTime
		if m.Suppression != "" {
			layout = day
		}
		notes = append(notes, fmt.Sprintf("Data: the calls counted were opened from %s to %s.",
			m.Covered.From.Format(layout), m.Covered.To.Format(layout)))
	}
	notes = append(notes, m.NotHeld()...)
	for _, l := range m.LeftOut {
		notes = append(notes, fmt.Sprintf("Not counted: %s %s: %s.", l.Count(), Plural(l.plural(), "call", "calls"), l.Why()))
	}
	if m.Partial != "" {
		notes = append(notes, m.Partial)
	}
	if m.Severity != "" {
		notes = append(notes, m.Severity)
	}
	if m.Suppression != "" {
		notes = append(notes, m.Suppression)
	}
	if m.Withheld != "" {
		notes = append(notes, m.Withheld)
	}
	if m.Forced != "" {
		notes = append(notes, m.Forced)
	}
	if m.Filter.Personal {
		notes = append(notes, PersonalWarning)
	}
	for _, s := range m.Sources {
		if s.Withheld {
			notes = append(notes, fmt.Sprintf("Source: %s (SHA-256 %s).", s.Path, s.SHA256))
			continue
		}
		notes = append(notes, fmt.Sprintf("Source: %s (SHA-256 %s, %s %s loaded).", s.Path, s.SHA256, s.Count(), Plural(s.plural(), "call", "calls")))
	}
	return notes
}

const dayTime = "2 January 2006 15:04"

// NotHeld says which days of the period asked for lie outside the call log held:
// "Calls before 3 June 2013 are not held." A count over those days would read as
// none when it is unknown.
func (m Meta) NotHeld() []string {
	p, held := m.Filter.Period, m.Held
	if held.From.IsZero() {
		return nil
	}
	var out []string
	if !p.From.IsZero() && p.From.Before(truncDay(held.From)) {
		out = append(out, fmt.Sprintf("Calls before %s are not held.", held.From.Format(day)))
	}
	if !p.To.IsZero() && p.To.After(truncDay(held.To)) {
		out = append(out, fmt.Sprintf("Calls after %s are not held.", held.To.Format(day)))
	}
	return out
}

// Scope describes the calls a filter admits: "Sev 1 & 2 calls where service is
// "Children's Social Care", opened 1 June 2013 to 30 September 2014".
func (m Meta) Scope() string {
	f := m.Filter
	s := "all calls"
	if len(f.Severities) > 0 {
		s = SeverityWords(f.Severities) + " calls"
	}
	var conds []string
	for _, col := range ByColumn(f.Where) {
		conds = append(conds, ConditionWords(col))
	}
	if len(conds) > 0 {
		s += " where " + strings.Join(conds, ", and ")
	}
	p := f.Period
	switch {
	case !p.From.IsZero() && !p.To.IsZero():
		s += fmt.Sprintf(", opened %s to %s", p.From.Format(day), p.To.Format(day))
	case !p.From.IsZero():
		s += fmt.Sprintf(", opened on or after %s", p.From.Format(day))
	case !p.To.IsZero():
		s += fmt.Sprintf(", opened on or before %s", p.To.Format(day))
	default:
		s += ", any opened date"
	}
	return s
}

const day = "2 January 2006"

// Plural is one when n is 1, else many: Plural(n, "call was", "calls were").
func Plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// date formats a day for machine outputs, "" when unknown.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// displayValue is how a group's value reads to a person.
func (r *Result) displayValue(v string) string {
	severity := r.By == "severity" || r.By == "severity_opened" || r.By == "severity_highest"
	switch {
	case v == "" && severity:
		return "not recognised"
	case v == "":
		return "(blank)"
	case severity:
		return "Sev " + v
	}
	return OneLine(v)
}

// lineBreaks are the characters that would start a new line in a terminal: a
// value from the data holding one could fake a line of its own (a count, a note).
var lineBreaks = strings.NewReplacer("\r\n", `\u000d\u000a`, "\n", `\u000a`, "\r", `\u000d`, "\u2028", `\u2028`, "\u2029", `\u2029`,
	"\v", `\u000b`, "\f", `\u000c`, "\u0085", `\u0085`)

// OneLine is a value from the data as one line of text: its line breaks shown,
// as the terminal writer shows other control characters.
func OneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\v\f\u0085\u2028\u2029") {
		return s
	}
	return lineBreaks.Replace(s)
}
