package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Measures is a table of service-management measures (time to resolve, SLA met,
// calls created and resolved per month ...) for groups of calls, with the
// definitions of its measures and what was counted.
type Measures struct {
	Title       string
	Columns     []Measure // the first is the group (severity, month ...)
	Rows        [][]any   // per column: string, int64, float64, or nil when unknown
	Definitions []string  // how each measure is computed, in sentences
	Meta        Meta
	Charts      []Chart // how an HTML page draws the table; none: a table only
	// Withheld, when set, says why the table's figures are not given (under a
	// disclosure policy): a pack prints it in the table's place.
	Withheld string
	// Structure is what the counts are, for disclosure control: the sums they obey.
	Structure Structure
}

// Chart says how to draw some columns of Measures: one series a column, one
// category a row (the All row left out), or with Transpose one series a row and
// one category a column.
type Chart struct {
	Title     string
	Kind      string // bar, stacked (bars), line, hbar (horizontal bars), run
	Columns   []int  // the columns drawn
	Rows      []int  // the rows drawn; nil: all but All
	Transpose bool
	Run       *RunChart // Kind run: the series, from another table of the pack
}

// RunChart is a series of counts drawn as a statistical process control chart:
// each point with its centre line and limits, and the points that signal a
// change chance does not explain (Signal +1 higher, -1 lower, 0 none).
type RunChart struct {
	Labels            []string
	Counts            []int64
	Centre, Low, High []float64
	Signal            []int
}

// Measure is one column of Measures.
type Measure struct {
	Name string `json:"name"`
	Unit string `json:"unit,omitempty"` // calls, hours, percent; "" for the group
	// KeyAs, when set, is the column's key: a value of the data as it is (a
	// two-way table's column), made unique in its table.
	KeyAs string `json:"key,omitempty"`
}

// Span is a period in a table's first column, shown as its label ("2014-11",
// "week of 2014-06-30", "2014 Q4", "2014-11 (from 15 Nov)"); a workbook writes a
// whole month or week as a date cell.
type Span struct {
	Label string
	Start time.Time // the period's first day
	Whole string    // "month" or "week" when the period is not cut short; else ""
	// From and Until are what the row counts: from the first instant, to before the
	// last (cut short, they are not the whole period's).
	From, Until time.Time
}

func (s Span) String() string { return s.Label }

// MarshalJSON writes the label, as the other formats do.
func (s Span) MarshalJSON() ([]byte, error) { return json.Marshal(s.Label) }

// Key is the column's name for machines: a measure's in snake_case with its unit;
// a group's (a supplier's name, say) as it is.
func (c Measure) Key() string {
	if c.KeyAs != "" {
		return c.KeyAs
	}
	if c.Unit == "" {
		return c.Name
	}
	k := strings.ReplaceAll(strings.ReplaceAll(c.Name, ",", ""), " ", "_")
	if c.Unit == "hours" || c.Unit == "percent" {
		k += "_" + c.Unit
	}
	return k
}

// WriteMeasures writes m as a table, CSV, JSON or Markdown.
func WriteMeasures(w io.Writer, f Format, m *Measures) error {
	switch f {
	case Table, Text:
		return writeMeasuresTable(w, m)
	case CSV:
		return writeMeasuresCSV(w, m)
	case JSON:
		return writeMeasuresJSON(w, m)
	case Markdown:
		return writeMeasuresMarkdown(w, m)
	case XLSX:
		return writeXLSX(w, m.Title, []*Measures{m}, append(m.Meta.Notes(), m.Definitions...))
	case HTML:
		return writePackHTML(w, &Pack{Title: m.Title, Sections: []*Measures{m}, Meta: m.Meta})
	}
	return fmt.Errorf("unknown format %q", f)
}

// cell formats one value for people: counts as integers, hours and percentages
// to one decimal place, unknown as "-".
func (m *Measures) cell(col int, v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		if v == "" && col == 0 {
			return "(blank)"
		}
		return OneLine(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if math.IsNaN(v) {
			return "-"
		}
		d := m.Columns[col].decimals()
		return strconv.FormatFloat(shownTo(v, d), 'f', d, 64)
	}
	return fmt.Sprint(v)
}

// raw formats one value for machines: a figure as the table shows it, unknown as "".
func raw(v any, decimals int) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return csvFloat(v, decimals)
	}
	return fmt.Sprint(v)
}

func (m *Measures) headers() []string {
	h := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		h[i] = c.Name
		if c.Unit == "hours" || c.Unit == "percent" {
			h[i] += map[string]string{"hours": " (h)", "percent": " (%)"}[c.Unit]
		}
	}
	return h
}

func writeMeasuresTable(w io.Writer, m *Measures) error {
	if err := writeMeasuresTableOnly(w, m); err != nil {
		return err
	}
	for _, n := range append(m.Meta.Notes(), m.Definitions...) {
		if _, err := fmt.Fprintln(w, n); err != nil {
			return err
		}
	}
	return nil
}

// known is the table as people read it: less the measures no row knows (the
// reopen share of an export that counts no reopens), which would be a column of
// dashes. JSON, CSV and XLSX keep every column, for programs.
func (m *Measures) known() *Measures {
	keep := []int{0}
	for j := 1; j < len(m.Columns); j++ {
		for _, row := range m.Rows {
			if row[j] != nil {
				keep = append(keep, j)
				break
			}
		}
	}
	if len(keep) == len(m.Columns) || len(m.Rows) == 0 || m.Structure.GroupsAcross {
		return m
	}
	v := *m
	v.Columns = make([]Measure, len(keep))
	for k, j := range keep {
		v.Columns[k] = m.Columns[j]
	}
	v.Rows = make([][]any, len(m.Rows))
	for i, row := range m.Rows {
		v.Rows[i] = make([]any, len(keep))
		for k, j := range keep {
			v.Rows[i][k] = row[j]
		}
	}
	return &v
}

func writeMeasuresTableOnly(w io.Writer, m *Measures) error {
	m = m.known()
	align := make([]tw.Align, len(m.Columns))
	for i := range align {
		align[i] = tw.AlignRight
	}
	align[0] = tw.AlignLeft
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	}
	if len(m.Columns) > 8 {
		// Many measures: their headings wrap, so that the table fits a terminal.
		opts = append(opts, tablewriter.WithHeaderAutoWrap(tw.WrapNormal), tablewriter.WithHeaderMaxWidth(12))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(toAny(m.headers())...)
	rows := make([][]string, len(m.Rows))
	for i, row := range m.Rows {
		rows[i] = make([]string, len(row))
		for j, v := range row {
			rows[i][j] = m.cell(j, v)
		}
	}
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// writeMeasuresCSV writes the rows only, with full precision; the notes go to the
// command's stderr.
func writeMeasuresCSV(w io.Writer, m *Measures) error {
	cw := newCSVWriter(w)
	h := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		h[i] = c.Key()
	}
	_ = cw.Write(h)
	for _, row := range m.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = raw(v, m.Columns[i].decimals())
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func writeMeasuresJSON(w io.Writer, m *Measures) error {
	type jsonMeasures struct {
		Title       string       `json:"title"`
		Columns     []Measure    `json:"columns"`
		Rows        []jsonObject `json:"rows"`
		Definitions []string     `json:"definitions"`
		jsonMeta
	}
	out := jsonMeasures{Title: m.Title, Columns: m.Columns, Rows: m.jsonRows(), Definitions: nonNil(m.Definitions), jsonMeta: newJSONMeta(m.Meta)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // JSON for programs: "<5" stays "<5"
	return enc.Encode(out)
}

// jsonRows are the rows as objects keyed by the columns' keys.
func (m *Measures) jsonRows() []jsonObject {
	out := []jsonObject{}
	for _, row := range m.Rows {
		var r jsonObject
		for i, v := range row {
			if f, ok := v.(float64); ok {
				v = shownFloat(f, m.Columns[i].decimals())
			}
			r.keys, r.values = append(r.keys, m.Columns[i].Key()), append(r.values, v)
		}
		out = append(out, r)
	}
	return out
}

// jsonObject is an object whose keys keep their order: a row's, the columns'.
type jsonObject struct {
	keys   []string
	values []any
}

func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := PlainJSON(k)
		if err != nil {
			return nil, err
		}
		v, err := PlainJSON(o.values[i])
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeMeasuresMarkdown(w io.Writer, m *Measures) error {
	writeMeasuresMarkdownTable(w, m)
	for _, n := range append(m.Meta.Notes(), m.Definitions...) {
		if _, err := fmt.Fprintf(w, "%s\n\n", mdEscape(n)); err != nil {
			return err
		}
	}
	return nil
}

// writeMeasuresMarkdownTable writes the title and the table, without notes.
func writeMeasuresMarkdownTable(w io.Writer, m *Measures) {
	m = m.known()
	fmt.Fprintf(w, "## %s\n\n|", mdEscape(m.Title))
	for _, h := range m.headers() {
		fmt.Fprintf(w, " %s |", mdEscape(h))
	}
	fmt.Fprint(w, "\n|")
	for i := range m.Columns {
		fmt.Fprint(w, map[bool]string{true: "---|", false: "---:|"}[i == 0])
	}
	fmt.Fprintln(w)
	for _, row := range m.Rows {
		fmt.Fprint(w, "|")
		for i, v := range row {
			fmt.Fprintf(w, " %s |", mdEscape(m.cell(i, v)))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// shownFloat is a time, percentage, mean or ratio as every format gives it: the
// number a table shows, to its decimal places; nil when not known.
func shownFloat(v float64, decimals int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return shownTo(v, decimals)
}

// Shown is x to one decimal place, as a table prints a time, percentage or mean.
func Shown(x float64) float64 { return shownTo(x, 1) }

// shownTo is x to d decimal places, a half away from nothing (4.25 shows as 4.3,
// as a reader rounding by hand would).
func shownTo(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	r := math.Round(x*p) / p
	if r == 0 {
		return 0 // not -0
	}
	return r
}

// decimals are the places a measure is shown to: a ratio (a rate ratio and its
// interval) to two, where one would read 0.95 as 1.0; a time, percentage or mean
// to one.
func (c Measure) decimals() int {
	if c.Unit == "ratio" {
		return 2
	}
	return 1
}

// Column is the index of the column whose key is key, or -1.
func (m *Measures) Column(key string) int {
	for j, c := range m.Columns {
		if c.Key() == key {
			return j
		}
	}
	return -1
}

// Cell is a row's first value that shows as Text and is told apart from the other
// rows by Key: a state of one group, in a table of states by group, whose Text
// repeats from group to group. Block names the rows that add up to the one of
// them that is Total (each state's groups, to the state's All row): see
// Structure.Blocks.
type Cell struct {
	Text, Key, Block string
	Total            bool
}

func (c Cell) String() string { return c.Text }

// MarshalJSON writes the text, as the other formats do.
func (c Cell) MarshalJSON() ([]byte, error) { return json.Marshal(c.Text) }
