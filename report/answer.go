package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// SeverityMeanings are the definitions an answer states for the severities it counts.
var SeverityMeanings = map[int]string{
	1: "a critical system is broken",
	2: "normal business is disrupted",
	3: "moderate: work goes on with difficulty",
	4: "low: an inconvenience",
	5: "planning: a request or change, no fault",
}

// AnswerFormats are the formats an answer is written in: the letter's text, its
// parts as JSON, or the text as a web page.
var AnswerFormats = []Format{Text, JSON, HTML}

// answerParts are the sentences of an FOI answer: the breakdown's, then what the
// data held can answer for, the severity definitions, and the disclosure policy.
type answerParts struct {
	textParts
	NotHeld    []string // "Calls before 3 June 2013 are not held."
	Held       string   // "The call log held runs from ... to ...", or ""
	Severities []int
	Defined    string // "Severities: Sev 1, a critical system is broken; ..."
	Withheld   string // "No figures are withheld: ...", or "" when a policy applied
}

func newAnswerParts(r *Result) answerParts {
	a := answerParts{textParts: newTextParts(r), NotHeld: r.Meta.NotHeld()}
	if held := r.Meta.Held; !held.From.IsZero() {
		a.Held = fmt.Sprintf("The call log held runs from %s to %s.", held.From.Format(day), held.To.Format(day))
	}
	a.Severities = r.Meta.Filter.Severities
	if len(a.Severities) == 0 {
		a.Severities = []int{1, 2, 3, 4, 5}
	}
	var b strings.Builder
	b.WriteString("Severities:")
	for i, s := range a.Severities {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " Sev %d, %s", s, SeverityMeanings[s])
	}
	b.WriteString(".")
	a.Defined = b.String()
	if r.Meta.Suppression == "" {
		a.Withheld = "No figures are withheld: check small numbers before publishing (--suppress)."
	}
	return a
}

// after are the sentences after the breakdown's.
func (a answerParts) after() []string {
	out := append([]string(nil), a.NotHeld...)
	if a.Held != "" {
		out = append(out, a.Held)
	}
	out = append(out, a.Defined)
	if a.Withheld != "" {
		out = append(out, a.Withheld)
	}
	return out
}

func (a answerParts) String() string {
	var b strings.Builder
	b.WriteString(a.textParts.String())
	for _, s := range a.after() {
		b.WriteString(s + "\n")
	}
	return b.String()
}

// WriteAnswer writes the FOI officer's letter-ready answer: the breakdown in the
// wording of a reply, then what the data held can answer for (the calls before or
// after it are not held), the severity definitions used, and the disclosure policy.
func WriteAnswer(w io.Writer, r *Result) error {
	_, err := io.WriteString(w, newAnswerParts(r).String())
	return err
}

// WriteAnswerAs writes the answer as text (WriteAnswer), JSON (its parts as fields,
// the text whole too) or an HTML page (the text, escaped).
func WriteAnswerAs(w io.Writer, f Format, r *Result) error {
	switch f {
	case Text, "":
		return WriteAnswer(w, r)
	case JSON:
		return writeAnswerJSON(w, r)
	case HTML:
		return writeAnswerHTML(w, r)
	}
	return fmt.Errorf("an answer is written as %s, not %s", AnswerFormatNames(), f)
}

// AnswerFormatNames lists the answer's formats for help and errors.
func AnswerFormatNames() string {
	names := make([]string, len(AnswerFormats))
	for i, f := range AnswerFormats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

func writeAnswerJSON(w io.Writer, r *Result) error {
	a := newAnswerParts(r)
	type severity struct {
		Severity int    `json:"severity"`
		Meaning  string `json:"meaning"`
	}
	out := struct {
		Heading    string     `json:"heading"`
		By         string     `json:"by"`
		Total      any        `json:"total"`
		Rows       []jsonRow  `json:"rows"`
		Details    []string   `json:"details"`
		Covered    string     `json:"covered,omitempty"`
		Statements []string   `json:"statements"`
		NotHeld    []string   `json:"not_held"`
		Held       string     `json:"held,omitempty"`
		Severities []severity `json:"severities"`
		Withheld   string     `json:"withheld,omitempty"`
		Text       string     `json:"text"`
		jsonMeta
	}{Heading: a.Heading, By: r.By, Total: r.jsonTotal(), Rows: r.jsonRows(), Details: nonNil(a.Details), Covered: a.Covered,
		Statements: nonNil(a.Statements), NotHeld: nonNil(a.NotHeld), Held: a.Held, Withheld: a.Withheld, Text: a.String(),
		jsonMeta: newJSONMeta(r.Meta)}
	for _, s := range a.Severities {
		out.Severities = append(out.Severities, severity{s, SeverityMeanings[s]})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeAnswerHTML writes the answer's text as a page to paste from or attach: the
// heading and total, the details as a list, the statements as paragraphs; every
// sentence escaped, nothing loaded.
// writeAnswerHTML writes the reply as a page: its heading and total, the details
// as a bar chart and a table, and what the answer rests on.
func writeAnswerHTML(w io.Writer, r *Result) error {
	a := newAnswerParts(r)
	m := r.measures()
	m.Title = "" // the page's heading says what it counts
	var notes []string
	if a.Covered != "" {
		notes = append(notes, a.Covered)
	}
	notes = append(append(notes, a.Statements...), a.after()...)
	return writePage(w, &Pack{Title: a.Heading, Sections: []*Measures{m}}, []string{a.Total}, "What the answer rests on", notes)
}
