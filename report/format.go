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

// Write writes r to w in format f: as a letter's text (FOI wording), else as the
// table of measures it is, by the one writer of each format.
func Write(w io.Writer, f Format, r *Result) error {
	if f == Text {
		return writeText(w, r)
	}
	return WriteMeasures(w, f, r.measures())
}
