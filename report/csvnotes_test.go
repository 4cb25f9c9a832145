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
