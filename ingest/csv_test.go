package ingest

import (
	"github.com/deskstat/deskstat/queries"
	"reflect"
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

// TestRecordSampler counts a text's records, notes its empty lines (the reader
// drops them) and splits the records it keeps into values, wherever the writes
// split the text: a CR LF, a quoted line end, an inch mark, a last line unended.
func TestRecordSampler(t *testing.T) {
	long := strings.Repeat("x", 1<<16-1)
	for _, c := range []struct {
		text    string
		records int64
		empties []queries.Gap
		rows    [][]string
	}{
		{"a,b\nc,d\n", 2, nil, [][]string{{"a", "b"}, {"c", "d"}}},
		{"a,b\n\nc,d\n", 3, []queries.Gap{{Row: 2, Count: 1}}, [][]string{{"a", "b"}, {""}, {"c", "d"}}},
		{"\na,b\n", 2, []queries.Gap{{Row: 1, Count: 1}}, [][]string{{""}, {"a", "b"}}},
		{"a,b\r\n\r\nc,d\r\n", 3, []queries.Gap{{Row: 2, Count: 1}}, [][]string{{"a", "b"}, {""}, {"c", "d"}}},
		{"a,5\" floppy\n\nc,d", 3, []queries.Gap{{Row: 2, Count: 1}}, [][]string{{"a", "5\" floppy"}, {""}, {"c", "d"}}},
		{"a,\"b\n\nc\"\nd\n", 2, nil, [][]string{{"a", "b\n\nc"}, {"d"}}},
		{"a, \"b,\"\"c\"\"\",d\n", 1, nil, [][]string{{"a", "b,\"c\"", "d"}}},
		{"a\rb\n", 2, nil, [][]string{{"a"}, {"b"}}},
		{long + "\r\n\r\nb\n", 3, []queries.Gap{{Row: 2, Count: 1}}, [][]string{{long}, {""}, {"b"}}},
	} {
		for split := 0; split <= len(c.text); split += max(1, len(c.text)/40) {
			r := newRecordSampler(',', newRowSample())
			r.Write([]byte(c.text[:split]))
			r.Write([]byte(c.text[split:]))
			r.close()
			if got := r.records(); got != c.records {
				t.Errorf("%.30q split at %d: %d records, want %d", c.text, split, got, c.records)
			}
			if !slices.Equal(r.empties, c.empties) {
				t.Errorf("%.30q split at %d: empty lines %v, want %v", c.text, split, r.empties, c.empties)
			}
			if !reflect.DeepEqual(r.sample.head, c.rows) {
				t.Errorf("%.30q split at %d: rows %.80q, want %.80q", c.text, split, r.sample.head, c.rows)
			}
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
