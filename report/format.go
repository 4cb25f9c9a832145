package report

import (
	"fmt"
	"io"
	"strings"
)

// Format is an output format. It implements pflag.Value so that an unknown name is
// rejected when the flag is parsed.
type Format string

const (
	Table    Format = "table"
	Text     Format = "text"
	CSV      Format = "csv"
	JSON     Format = "json"
	Markdown Format = "markdown"
	HTML     Format = "html"
	XLSX     Format = "xlsx"
)

// Formats lists the formats in the order help shows them.
var Formats = []Format{Table, Text, CSV, JSON, Markdown, HTML, XLSX}

func (f *Format) String() string { return string(*f) }
func (f *Format) Type() string   { return "format" }

func (f *Format) Set(s string) error {
	for _, known := range Formats {
		if string(known) == strings.ToLower(s) {
			*f = known
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (known: %s)", s, FormatNames())
}

// FormatNames lists the formats for help and errors.
func FormatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// FormatForPath picks a format from an output file's extension, or "".
func FormatForPath(path string) Format {
	switch {
	case strings.HasSuffix(path, ".html"), strings.HasSuffix(path, ".htm"):
		return HTML
	case strings.HasSuffix(path, ".csv"):
		return CSV
	case strings.HasSuffix(path, ".json"):
		return JSON
	case strings.HasSuffix(path, ".md"):
		return Markdown
	case strings.HasSuffix(path, ".txt"):
		return Text
	case strings.HasSuffix(path, ".xlsx"):
		return XLSX
	}
	return ""
}

// Write writes r to w in format f.
func Write(w io.Writer, f Format, r *Result) error {
	switch f {
	case Table:
		return writeTable(w, r)
	case Text:
		return writeText(w, r)
	case CSV:
		return writeCSV(w, r)
	case JSON:
		return writeJSON(w, r)
	case Markdown:
		return writeMarkdown(w, r)
	case HTML:
		return writeHTML(w, r)
	case XLSX:
		return writeXLSX(w, r.Title, []*Measures{r.measures()}, r.Notes())
	}
	return fmt.Errorf("unknown format %q", f)
}
