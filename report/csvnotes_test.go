package report

import (
	"bytes"
	"testing"
)

// TestWriteCSVNotes: the notes follow the table after one blank line, one a row in
// the first column, quoted as CSV needs and neutralised as every other cell.
func TestWriteCSVNotes(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("category,count\nPrinting,3\n")
	if err := WriteCSVNotes(&b, []string{"Counted: all calls, any opened date.", "=HYPERLINK(\"x\")", "Data: none."}); err != nil {
		t.Fatal(err)
	}
	want := "category,count\nPrinting,3\n\n\"Counted: all calls, any opened date.\"\n\"'=HYPERLINK(\"\"x\"\")\"\nData: none.\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteCSVNotes(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("no notes: got %q, %v; want nothing", b.String(), err)
	}
}

// TestCSVFloat: measures in CSV read as the table shows them, as numbers.
func TestCSVFloat(t *testing.T) {
	for v, want := range map[float64]string{5.325000000000001: "5.3", 4.316666666666666: "4.3", 100: "100", 1.8560000000000003: "1.9",
		0.04: "0", -0.04: "0", -18.94: "-18.9", 24.025: "24", 50.2880503144654: "50.3"} {
		if got := csvFloat(v); got != want {
			t.Errorf("csvFloat(%v) = %q, want %q", v, got, want)
		}
	}
}
