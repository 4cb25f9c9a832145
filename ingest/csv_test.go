package ingest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name string
		head string
		want byte
	}{
		{"comma", "Ref,Date Logged,Severity\nCSD/1,03/06/2013 08:12,Sev 1\nCSD/2,04/06/2013 09:00,Sev 2\n", ','},
		{"semicolon", "Ref;Date Logged;Severity\nCSD/1;03/06/2013 08:12;Sev 1\nCSD/2;04/06/2013 09:00;Sev 2\n", ';'},
		{"tab", "Ref\tDate Logged\tSeverity\nCSD/1\t03/06/2013 08:12\tSev 1\nCSD/2\t04/06/2013 09:00\tSev 2\n", '\t'},
		{"pipe", "Ref|Date Logged|Severity\nCSD/1|03/06/2013 08:12|Sev 1\nCSD/2|04/06/2013 09:00|Sev 2\n", '|'},
		{"CRLF line ends", "Ref;Date Logged;Severity\r\nCSD/1;03/06/2013 08:12;Sev 1\r\nCSD/2;04/06/2013;Sev 2\r\n", ';'},
		{"title row above the header",
			"ICT Service Desk; calls, June 2013, all services\n\nRef|Date Logged|Severity|Summary\nCSD/1|03/06/2013|Sev 1|printer\nCSD/2|04/06/2013|Sev 2|email\n", '|'},
		{"quoted fields hold other delimiters",
			"Ref\tSummary\tSeverity\n" +
				"CSD/1\t\"cannot print; tray 2, A4\"\tSev 1\n" +
				"CSD/2\t\"outlook; calendar, shared; again, again\"\tSev 2\n" +
				"CSD/3\t\"a,b,c,d,e,f\"\tSev 3\n", '\t'},
		{"quoted fields hold newlines",
			"Ref;Summary;Severity\n" +
				"CSD/1;\"line one\nline two\nline three\";Sev 1\n" +
				"CSD/2;\"first\nsecond\";Sev 2\n", ';'},
		{"quoted newlines and commas in a comma file",
			"Ref,Summary,Severity\nCSD/1,\"cannot log in;\nsays: a;b;c\",Sev 1\nCSD/2,\"x;y\",Sev 2\n", ','},
		{"semicolon file whose text has commas",
			"Ref;Date Logged;Summary;Severity\n" +
				"CSD/1;03/06/2013;printer jammed, again;Sev 1\n" +
				"CSD/2;04/06/2013;email, calendar, and contacts lost;Sev 2\n" +
				"CSD/3;05/06/2013;cannot log in;Sev 3\n" +
				"CSD/4;05/06/2013;slow, very slow;Sev 3\n", ';'},
		{"an inch mark in a semicolon file whose header has a comma",
			"Ref;Date Logged;Summary, notes;Severity\nCSD/1;03/06/2013;5\" floppy;Sev 1\nCSD/2;04/06/2013;email;Sev 2\n", ';'},
		{"a tab file whose quoted values hold a semicolon",
			"CSD/1\t\"printer; tray 2\"\tSev 1\nCSD/2\t\"email; calendar\"\tSev 2\n", '\t'},
		{"last line cut short does not count",
			"Ref|Severity|Summary\nCSD/1|Sev 1|a\nCSD/2|Sev 2|b\nCSD/3,x,y,z,w", '|'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(tt.head)); got != tt.want {
				t.Fatalf("sniffDelimiter = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLineEndScan finds two line ends in a row wherever the writes split them.
func TestLineEndScan(t *testing.T) {
	for text, want := range map[string]bool{
		"a,b\nc,d\n":         false,
		"a,b\n\nc,d\n":       true,
		"a,b\r\n\r\nc,d\r\n": true,
		"\na,b\n":            true, // an empty first line
		"a,b\r\nc,d\r\n":     false,
	} {
		for split := 0; split <= len(text); split++ {
			var l lineEndScan
			l.Write([]byte(text[:split]))
			l.Write([]byte(text[split:]))
			if l.found != want {
				t.Errorf("%q split at %d: found %v, want %v", text, split, l.found, want)
			}
		}
		var bytewise lineEndScan
		for i := range len(text) {
			bytewise.Write([]byte{text[i]})
		}
		if bytewise.found != want {
			t.Errorf("%q a byte at a time: found %v, want %v", text, bytewise.found, want)
		}
	}
}

// TestFieldScanUnclosed finds a quote the text never closes, and the record and
// line it opens on, wherever the writes split the text.
func TestFieldScanUnclosed(t *testing.T) {
	for _, c := range []struct {
		text               string
		open               bool
		line, record, last int64
	}{
		{"a,b\nc,\"d\ne,f\n", true, 2, 2, 3},
		{"a,b\r\nc,\"d\r\ne,f", true, 2, 2, 3},
		{"a,\"b\nb\"\nc, \"d\ne,f\n", true, 3, 2, 4}, // a quoted newline above: line 3 is record 2
		{"a,\"b\"x\"y\nz\n", true, 1, 1, 2},          // a closed value reopened
		{"a,\"b\nb\"\r\nc,d\r\n", false, 0, 0, 3},
		{"a,b\"c\nd,e\n", false, 0, 0, 2}, // a quote inside an unquoted value is a character
	} {
		for split := 0; split <= len(c.text); split++ {
			f := &fieldScan{delim: ','}
			f.Write([]byte(c.text[:split]))
			f.Write([]byte(c.text[split:]))
			line, record, open := f.unclosed()
			if open != c.open || open && (line != c.line || record != c.record) || f.lastLine() != c.last {
				t.Errorf("%q split at %d: open %v at line %d record %d, last line %d; want %v, %d, %d, %d",
					c.text, split, open, line, record, f.lastLine(), c.open, c.line, c.record, c.last)
			}
		}
	}
}

// TestWholeRunes keeps a UTF-8 character cut at a chunk's end for the next chunk.
func TestWholeRunes(t *testing.T) {
	text := "a’b€c😀"
	for i := 0; i <= len(text); i++ {
		b := []byte(text[:i])
		n := wholeRunes(b)
		if !utf8.Valid(b[:n]) || i-n >= utf8.UTFMax || n < i && utf8.Valid(b) {
			t.Errorf("%q: %d, want the whole characters", b, n)
		}
	}
	if n := wholeRunes([]byte("a\xff")); n != 2 {
		t.Errorf("a byte that starts no character: %d, want 2", n)
	}
}

// TestFieldCounts counts the values of records as the reader splits them: a quote
// inside an unquoted value is a character, a quote after a closed quoted value
// opens quotes again, and a last record cut short is not counted.
func TestFieldCounts(t *testing.T) {
	for _, c := range []struct {
		head string
		want []int
	}{
		{"a,b,c\nd,e\n", []int{3, 2}},
		{"a,5\" floppy,c\nd,e\n", []int{3, 2}},
		{"a,\"b,\"\"c\"\"\",d\ne\n", []int{3, 1}},
		{"a,\"b\nc\",d\r\ne,f\r\n", []int{3, 2}},
		{"a,\"b\"c,d\"\ne,f\n", []int{3, 2}},  // after a closed quote, a delimiter still ends the value
		{"a,\"b\"c\"d,e\"\nf\n", []int{2, 1}}, // a closed value reopened: "d,e" is in quotes
		{"a,b\n\nc\n", []int{2, 1}},
		{"a,b\nc,d,e", []int{2}},
	} {
		if got := fieldCounts([]byte(c.head), ','); !slices.Equal(got, c.want) {
			t.Errorf("fieldCounts(%q) = %v, want %v", c.head, got, c.want)
		}
	}
}

// TestFillEmptyLines fills the empty lines the reader would drop, and only those:
// not a line inside quotes, and not one after an inch mark, which opens no quotes;
// also where a read of the file ends between the CR and LF of a line end.
func TestFillEmptyLines(t *testing.T) {
	long := strings.Repeat("x", 1<<16-1) // the first read ends after the CR that follows
	for _, c := range []struct{ in, want string }{
		{"a,b\n\nc,d\n", "a,b\n\"\"\nc,d\n"},
		{"\na,b\n", "\"\"\na,b\n"},
		{"a,5\" floppy\n\nc,d\n", "a,5\" floppy\n\"\"\nc,d\n"},
		{"a,\"b\n\nc\"\nd\n", "a,\"b\n\nc\"\nd\n"},
		{"a\r\n\r\nb\r\n", "a\r\n\"\"\r\nb\r\n"},
		{long + "\r\n\r\nb\n", long + "\r\n\"\"\r\nb\n"},
		{"a\rb\n", "a\rb\n"},
	} {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, []byte(c.in), 0o644); err != nil {
			t.Fatal(err)
		}
		filled, err := fillEmptyLines(context.Background(), path, ',')
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filled)
		os.Remove(filled)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("%.40q: filled %.40q, want %.40q", c.in, got, c.want)
		}
	}
}
