package report

import (
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

// WriteAnswer writes the FOI officer's letter-ready answer: the breakdown in the
// wording of a reply, then what the data held can answer for (the calls before or
// after it are not held), the severity definitions used, and the disclosure policy.
func WriteAnswer(w io.Writer, r *Result) error {
	if err := writeText(w, r); err != nil {
		return err
	}
	var b strings.Builder
	for _, n := range r.Meta.NotHeld() {
		b.WriteString(n + "\n")
	}
	if held := r.Meta.Held; !held.From.IsZero() {
		fmt.Fprintf(&b, "The call log held runs from %s to %s.\n", held.From.Format(day), held.To.Format(day))
	}
	sevs := r.Meta.Filter.Severities
	if len(sevs) == 0 {
		sevs = []int{1, 2, 3, 4, 5}
	}
	b.WriteString("Severities:")
	for i, s := range sevs {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " Sev %d, %s", s, SeverityMeanings[s])
	}
	b.WriteString(".\n")
	if r.Meta.Suppression == "" {
		b.WriteString("No figures are withheld: check small numbers before publishing (--suppress).\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
