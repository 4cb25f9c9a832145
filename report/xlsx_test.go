package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWriteXLSX: a sheet a table after an About sheet with the notes; counts and
// hours are number cells, months date cells, unknown values empty cells.
func TestWriteXLSX(t *testing.T) {
	trend := &Measures{Title: "Calls created and resolved per month",
		Columns: []Measure{{Name: "month"}, {Name: "created", Unit: "calls"}, {Name: "median", Unit: "hours"}},
		Rows: [][]any{{Span{Label: "2014-09", Start: time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC), Whole: "month"}, int64(13), 4.25},
			{Span{Label: "2014-10 (to 10 Oct)", Start: time.Date(2014, 10, 1, 0, 0, 0, 0, time.UTC)}, int64(0), nil},
			{Span{Label: "week of 2014-10-13", Start: time.Date(2014, 10, 13, 0, 0, 0, 0, time.UTC), Whole: "week"}, int64(2), nil}}}
	long := &Measures{Title: "A title far longer than Excel's thirty-one characters", Columns: []Measure{{Name: "x"}}}
	var b bytes.Buffer
	if err := writeXLSX(&b, "Service desk report", []*Measures{trend, long, long}, []string{"Counted: all calls."}); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	// Cut at a word, not within one; the second of two alike numbered.
	want := []string{"About", "Calls created and resolved", "A title far longer than Excel's", "A title far longer than (2)"}
	if len(sheets) != len(want) {
		t.Fatalf("sheets %q, want %q", sheets, want)
	}
	for i := range want {
		if sheets[i] != want[i] {
			t.Errorf("sheet %d is %q, want %q", i, sheets[i], want[i])
		}
	}
	if v, _ := x.GetCellValue("About", "A3"); v != "Counted: all calls." {
		t.Errorf("About!A3 = %q, want the notes", v)
	}
	s := sheets[1]
	for cell, wantType := range map[string]excelize.CellType{"B2": excelize.CellTypeNumber, "C2": excelize.CellTypeNumber} {
		if got, _ := x.GetCellType(s, cell); got != wantType && got != excelize.CellTypeUnset {
			t.Errorf("%s type %v, want a number", cell, got)
		}
	}
	raw, _ := x.GetCellValue(s, "C2", excelize.Options{RawCellValue: true})
	if raw != "4.3" { // as the table shows 4.25
		t.Errorf("C2 raw %q, want the number 4.3, as shown", raw)
	}
	month, _ := x.GetCellValue(s, "A2", excelize.Options{RawCellValue: true})
	if month != "41883" { // 1 September 2014 as an Excel date serial
		t.Errorf("A2 raw %q, want the date serial of 1 September 2014 (41883)", month)
	}
	// A period cut short stays its label; a whole week is a date shown "week of".
	if v, _ := x.GetCellValue(s, "A3"); v != "2014-10 (to 10 Oct)" {
		t.Errorf("A3 = %q, want the cut month's label", v)
	}
	week, _ := x.GetCellValue(s, "A4", excelize.Options{RawCellValue: true})
	shown, _ := x.GetCellValue(s, "A4")
	if week != "41925" || shown != "week of 2014-10-13" {
		t.Errorf("A4 raw %q shown %q, want the serial of 13 October 2014 (41925) shown as week of 2014-10-13", week, shown)
	}
	if v, _ := x.GetCellValue(s, "C3"); v != "" {
		t.Errorf("C3 = %q, want an empty cell for an unknown value", v)
	}
}
