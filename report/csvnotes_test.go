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

// TestCSVFloat: measures in CSV read as the table shows them, as numbers, a half
// rounded away from nothing (63/12 = 5.25 is 5.3, as by hand; Go's own formatting
// would give 5.2); a ratio to two places.
func TestCSVFloat(t *testing.T) {
	for v, want := range map[float64]string{5.325000000000001: "5.3", 4.316666666666666: "4.3", 100: "100", 1.8560000000000003: "1.9",
		0.04: "0", -0.04: "0", -18.94: "-18.9", 24.025: "24", 50.2880503144654: "50.3", 63.0 / 12: "5.3", 0.25: "0.3", -0.25: "-0.3"} {
		if got := csvFloat(v, 1); got != want {
			t.Errorf("csvFloat(%v, 1) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{0.9449: "0.94", 0.9551: "0.96", 1.0: "1", 12.2401: "12.24", 0.125: "0.13"} {
		if got := csvFloat(v, 2); got != want {
			t.Errorf("csvFloat(%v, 2) = %q, want %q", v, got, want)
		}
	}
}
