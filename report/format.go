package report

import (
	"fmt"
	"io"
	"path/filepath"
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
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return HTML
	case ".csv":
		return CSV
	case ".json":
		return JSON
	case ".md", ".markdown":
		return Markdown
	case ".txt":
		return Text
	case ".xlsx":
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
