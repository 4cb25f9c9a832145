package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Description is what deskstat understood of one export, without loading it: the
// answer to "what will you make of this file?".
type Description struct {
	File      string   `json:"file"`
	SHA256    string   `json:"sha256"`
	Format    string   `json:"format"`
	Encoding  string   `json:"encoding,omitempty"`
	Delimiter string   `json:"delimiter,omitempty"`
	Sheet     string   `json:"sheet,omitempty"`
	Sheets    []string `json:"sheets,omitempty"`
	HeaderRow int      `json:"header_row"`
	Shape     string   `json:"shape"` // the tool that exported it, or "generic"
	Source    string   `json:"source"`
	TimeZone  string   `json:"time_zone"`

	Columns []MappedColumn `json:"columns"`
	Unused  []string       `json:"unused_columns"`
	Dates   []DateFormat   `json:"dates"`

	Severities []SeverityLabel `json:"severity_labels"`
	Ladder     string          `json:"severity_ladder,omitempty"` // labels read by rank in it: "Major > High > Medium > Low"
	// OpenedFrom is the event time column each ticket's opened time is read from
	// (its first event's), when the export has no opened column.
	OpenedFrom string `json:"opened_from,omitempty"`
	// Changelog says the rows are changes of one field each (Field, From, To): the
	// status is read from the changes of status.
	Changelog bool          `json:"changelog"`
	Statuses  []StatusValue `json:"statuses"`

	Rows struct {
		Read     int64 `json:"read"`
		Loadable int64 `json:"loadable"`
		Rejected int64 `json:"rejected"`
		Skipped  int64 `json:"skipped"`
	} `json:"rows"`
	Tickets    int64 `json:"tickets"`
	EventLog   bool  `json:"event_log"`  // rows repeat a ticket id, one per update
	Superseded int64 `json:"superseded"` // earlier updates the latest replaces

	Warnings []string     `json:"warnings"`
	Rejects  []RejectNote `json:"first_rejects"`
}

// MappedColumn is one canonical column and the export column it is read from.
type MappedColumn struct {
	Column string `json:"column"`
	Header string `json:"header"`
}

// DateFormat is how one date column is written and read.
type DateFormat struct {
	Column   string `json:"column"`
	Header   string `json:"header"`
	Format   string `json:"format"`
	Order    string `json:"order,omitempty"`
	Evidence string `json:"evidence,omitempty"`
	Values   int64  `json:"values"`
	Read     int64  `json:"read"`
}

// SeverityLabel is one severity label found and what it is read as.
type SeverityLabel struct {
	Label    string `json:"label"`
	Severity int    `json:"severity"` // 0: not recognised
	From     string `json:"from,omitempty"`
	Tickets  int64  `json:"tickets"`
}

// StatusValue is one status value found, the phase it is read as ("" when not
// known), the rows that hold it, and the tickets whose latest update does.
type StatusValue struct {
	Status  string `json:"status"`
	Phase   string `json:"phase"`
	Rows    int64  `json:"rows"`
	Tickets int64  `json:"tickets"`
}

// RejectNote is one row that cannot be loaded.
type RejectNote struct {
	Row    int64  `json:"row"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// WriteDescriptions writes descriptions as readable sections with tables, or JSON.
func WriteDescriptions(w io.Writer, f Format, ds []Description) error {
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	case Table, Text:
	default:
		return fmt.Errorf("format %s is not available for describe (use table or json)", f)
	}
	// Made whole, then written: an output that cannot be written is an error.
	var b bytes.Buffer
	for i, d := range ds {
		if i > 0 {
			fmt.Fprintln(&b)
		}
		if err := writeDescription(&b, d); err != nil {
			return err
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// oneLined is d with every value that comes from the file on one line.
func (d Description) oneLined() Description {
	d.File, d.Sheet = OneLine(d.File), OneLine(d.Sheet)
	d.Sheets = each(d.Sheets, func(s *string) { *s = OneLine(*s) })
	d.Unused = each(d.Unused, func(s *string) { *s = OneLine(*s) })
	d.Warnings = each(d.Warnings, func(s *string) { *s = OneLine(*s) })
	d.Columns = each(d.Columns, func(c *MappedColumn) { c.Header = OneLine(c.Header) })
	d.Dates = each(d.Dates, func(c *DateFormat) { c.Header, c.Evidence = OneLine(c.Header), OneLine(c.Evidence) })
	d.Severities = each(d.Severities, func(l *SeverityLabel) { l.Label = OneLine(l.Label) })
	d.Statuses = each(d.Statuses, func(v *StatusValue) { v.Status = OneLine(v.Status) })
	d.Rejects = each(d.Rejects, func(r *RejectNote) { r.Column, r.Reason = OneLine(r.Column), OneLine(r.Reason) })
	return d
}

// each is a copy of xs with f done to every element.
func each[T any](xs []T, f func(*T)) []T {
	out := slices.Clone(xs)
	for i := range out {
		f(&out[i])
	}
	return out
}

func writeDescription(w io.Writer, d Description) error {
	d = d.oneLined()
	fmt.Fprintf(w, "%s\n", d.File)
	var form []string
	form = append(form, d.Format)
	if d.Encoding != "" {
		form = append(form, d.Encoding)
	}
	if d.Delimiter != "" {
		form = append(form, "delimiter "+delimiterName(d.Delimiter))
	}
	if d.Sheet != "" {
		form = append(form, fmt.Sprintf("sheet %q of %d", d.Sheet, len(d.Sheets)))
	}
	form = append(form, fmt.Sprintf("header on row %d", d.HeaderRow))
	fmt.Fprintf(w, "  format:   %s\n", strings.Join(form, ", "))
	fmt.Fprintf(w, "  shape:    %s (tickets kept as source %q; times without a zone read in %s)\n", d.Shape, d.Source, d.TimeZone)
	fmt.Fprintf(w, "  rows:     %d read, %d loadable, %d rejected, %d skipped (blank or total rows)\n",
		d.Rows.Read, d.Rows.Loadable, d.Rows.Rejected, d.Rows.Skipped)
	if d.EventLog {
		fmt.Fprintf(w, "  tickets:  %d: an event log, rows repeat ticket ids (one per update); the latest update of each is kept, %d earlier ones superseded\n", d.Tickets, d.Superseded)
	} else {
		fmt.Fprintf(w, "  tickets:  %d, one row each\n", d.Tickets)
	}
	fmt.Fprintln(w)

	cols := make([][]string, len(d.Columns))
	for i, c := range d.Columns {
		cols[i] = []string{c.Header, c.Column}
	}
	if err := WriteGrid(w, Table, &Grid{Columns: []string{"export column", "read as"}, Rows: cols}); err != nil {
		return err
	}
	if len(d.Unused) > 0 {
		fmt.Fprintf(w, "Not used: %s\n", strings.Join(d.Unused, ", "))
	}
	fmt.Fprintln(w)

	if d.Changelog {
		fmt.Fprintln(w, "Changelog: a row per change of one field (Field, From, To); the status is read from the changes of status, the first status (the one changed from) held from opening; other changes keep the status before them; a Status column beside them (the status now) is not read.")
		fmt.Fprintln(w)
	}
	if d.OpenedFrom != "" {
		fmt.Fprintf(w, "Opened: each ticket's first event in %q (the export has no opened column).\n\n", d.OpenedFrom)
	}
	var dates [][]string
	for _, dc := range d.Dates {
		if d.OpenedFrom != "" && dc.Column == "opened_at" {
			continue // the event time column, listed as such
		}
		order := dc.Order
		if order == "" {
			order = "does not arise"
		}
		if dc.Evidence != "" {
			order += ": " + dc.Evidence
		}
		dates = append(dates, []string{dc.Header, dc.Format, order, fmt.Sprintf("%d of %d", dc.Read, dc.Values)})
	}
	if err := WriteGrid(w, Table, &Grid{Columns: []string{"date column", "format", "day/month order", "read"}, Rows: dates}); err != nil {
		return err
	}
	fmt.Fprintln(w)

	sevs := make([][]string, len(d.Severities))
	for i, s := range d.Severities {
		read := "not recognised"
		if s.Severity > 0 {
			read = "Sev " + strconv.Itoa(s.Severity)
			if s.From == "matrix" {
				read += " (impact x urgency)"
			}
		}
		label := s.Label
		if label == "" {
			label = "(blank)"
		}
		sevs[i] = []string{label, read, strconv.FormatInt(s.Tickets, 10)}
	}
	if err := WriteGrid(w, Table, &Grid{Columns: []string{"severity label", "read as", "tickets"}, Rows: sevs}); err != nil {
		return err
	}
	if d.Ladder != "" {
		fmt.Fprintf(w, "Severity labels read by their rank in the ladder %s.\n", d.Ladder)
	}
	if len(d.Statuses) > 0 {
		fmt.Fprintln(w)
		sts := make([][]string, len(d.Statuses))
		var unknown []string
		for i, st := range d.Statuses {
			phase := st.Phase
			if phase == "" {
				phase, unknown = "not known", append(unknown, strconv.Quote(st.Status))
			}
			sts[i] = []string{st.Status, phase, strconv.FormatInt(st.Rows, 10), strconv.FormatInt(st.Tickets, 10)}
		}
		if err := WriteGrid(w, Table, &Grid{Columns: []string{"status", "read as", "rows", "tickets ending in it"}, Rows: sts}); err != nil {
			return err
		}
		if len(unknown) > 0 {
			fmt.Fprintf(w, "Not known: %s: a ticket ending in it is counted neither open nor resolved; name it in the profile's new_states, open_states, pause_states, resolved_states or closed_states.\n", strings.Join(unknown, ", "))
		}
	}
	for _, warning := range d.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
	for _, r := range d.Rejects {
		if r.Column != "" {
			fmt.Fprintf(w, "rejected: row %d column %q: %s\n", r.Row, r.Column, r.Reason)
		} else {
			fmt.Fprintf(w, "rejected: row %d: %s\n", r.Row, r.Reason)
		}
	}
	return nil
}

func delimiterName(d string) string {
	switch d {
	case "\t":
		return "tab"
	case ",":
		return "comma"
	case ";":
		return "semicolon"
	case "|":
		return "pipe"
	}
	return strconv.Quote(d)
}
