package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Pack is a report of several tables over one period: the monthly pack.
type Pack struct {
	Title    string
	Sections []*Measures
	Meta     Meta // what the pack counted, for its notes
	// Identities tie counts of different sections: the same figure in two tables,
	// or one table's count split into another's parts.
	Identities []Identity
}

// definitions lists the sections' definitions once each, in order.
func (p *Pack) definitions() []string {
	var out []string
	for _, s := range p.Sections {
		for _, d := range s.Definitions {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// Notes are the pack's notes and definitions.
func (p *Pack) Notes() []string { return append(p.Meta.Notes(), p.definitions()...) }

// PackFormats are the formats a pack is written in: CSV holds one table only.
var PackFormats = []Format{Table, Text, JSON, Markdown, HTML, XLSX}

// WritePack writes the pack as tables one under another, JSON, Markdown or an XLSX
// workbook with a sheet a table.
func WritePack(w io.Writer, f Format, p *Pack) error {
	switch f {
	case Table, Text, Markdown:
		if f == Markdown {
			fmt.Fprintf(w, "# %s\n\n", mdEscape(p.Title))
		} else {
			fmt.Fprintf(w, "%s\n\n", p.Title)
		}
		for _, s := range p.Sections {
			if s.Withheld != "" && len(s.Rows) == 0 {
				if f == Markdown {
					fmt.Fprintf(w, "## %s\n\n%s\n\n", mdEscape(s.Title), mdEscape(s.Withheld))
				} else {
					fmt.Fprintf(w, "%s\n%s\n\n", s.Title, s.Withheld)
				}
				continue
			}
			if f == Markdown {
				writeMeasuresMarkdownTable(w, s)
				continue
			}
			fmt.Fprintf(w, "%s\n", s.Title)
			if err := writeMeasuresTableOnly(w, s); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
		for _, n := range p.Notes() {
			line := n + "\n"
			if f == Markdown {
				line = mdEscape(n) + "\n\n" // a paragraph each
			}
			if _, err := io.WriteString(w, line); err != nil {
				return err
			}
		}
		return nil
	case JSON:
		type section struct {
			Title       string       `json:"title"`
			Columns     []Measure    `json:"columns"`
			Rows        []jsonObject `json:"rows"`
			Definitions []string     `json:"definitions"`
			Withheld    string       `json:"withheld,omitempty"` // why no rows are given
		}
		out := struct {
			Title    string    `json:"title"`
			Sections []section `json:"sections"`
			jsonMeta
		}{Title: p.Title, jsonMeta: newJSONMeta(p.Meta)}
		for _, s := range p.Sections {
			out.Sections = append(out.Sections, section{Title: s.Title, Columns: s.Columns, Rows: s.jsonRows(),
				Definitions: nonNil(s.Definitions), Withheld: s.Withheld})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // JSON for programs: "<5" stays "<5"
		return enc.Encode(out)
	case XLSX:
		return writeXLSX(w, p.Title, p.Sections, p.Notes())
	case HTML:
		return writePackHTML(w, p)
	}
	return fmt.Errorf("format %s is not available for the monthly pack (use table, json, markdown, html or xlsx)", f)
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
