package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteXLSX: a sheet a table after an About sheet with the notes; counts and
// hours are number cells, months date cells, unknown values empty cells.
func TestWriteXLSX(t *testing.T) {
	trend := &Measures{Title: "Calls created and resolved per month",
		Columns: []Measure{{Name: "month"}, {Name: "created", Unit: "calls"}, {Name: "median", Unit: "hours"}},
		Rows:    [][]any{{"2014-09", int64(13), 4.25}, {"2014-10", int64(0), nil}}}
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
	want := []string{"About", "Calls created and resolved per", "A title far longer than Excel's", "A title far longer than Exc (2)"}
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
	if raw != "4.25" {
		t.Errorf("C2 raw %q, want the number 4.25", raw)
	}
	month, _ := x.GetCellValue(s, "A2", excelize.Options{RawCellValue: true})
	if month != "41883" { // 1 September 2014 as an Excel date serial
		t.Errorf("A2 raw %q, want the date serial of 1 September 2014 (41883)", month)
	}
	if v, _ := x.GetCellValue(s, "C3"); v != "" {
		t.Errorf("C3 = %q, want an empty cell for an unknown value", v)
	}
}
