package ingest_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

var updateSamples = flag.Bool("update-samples", false, "rebuild samples/council_calls_2013_2014.xlsx from the CSV")

const (
	sampleCSV     = "../samples/council_calls_2013_2014.csv"
	sampleXLSX    = "../samples/council_calls_2013_2014.xlsx"
	sampleProfile = "../samples/council_profile.yaml"
)

// TestSampleXLSX rebuilds (with -update-samples) the hand-kept XLSX log from the
// CSV: a title row and a blank row above the header, dates as real date cells, and a
// total row at the bottom, as such logs are kept.
func TestSampleXLSX(t *testing.T) {
	if !*updateSamples {
		t.Skip("run with -update-samples to rebuild the sample workbook")
	}
	f, err := os.Open(sampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Call log"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		t.Fatal(err)
	}
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(x.SetCellValue(sheet, "A1", "ICT Service Desk - call log June 2013 to December 2014"))
	must(x.MergeCell(sheet, "A1", "J1"))
	must(x.SetCellStyle(sheet, "A1", "A1", bold))
	header := records[0]
	for i, rec := range records {
		row := i + 3 // title, blank, then the header on row 3
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			if i > 0 && (header[j] == "Date Logged" || header[j] == "Date Resolved") && v != "" {
				tm, err := time.Parse("02/01/2006 15:04", v)
				if err != nil {
					t.Fatalf("row %d: %v", i+1, err)
				}
				must(x.SetCellValue(sheet, cell, tm))
				must(x.SetCellStyle(sheet, cell, cell, dateStyle))
				continue
			}
			if v != "" {
				must(x.SetCellStr(sheet, cell, v))
			}
		}
	}
	last := len(records) + 2
	must(x.SetCellStr(sheet, fmt.Sprintf("A%d", last+2), "Total calls"))
	must(x.SetCellFormula(sheet, fmt.Sprintf("B%d", last+2), fmt.Sprintf("COUNTA(A4:A%d)", last)))
	must(x.SetCellValue(sheet, fmt.Sprintf("B%d", last+2), len(records)-1))
	must(x.SetRowStyle(sheet, 3, 3, bold))
	must(x.SetColWidth(sheet, "A", "J", 18))
	must(x.SetColWidth(sheet, "G", "G", 60))
	must(x.SaveAs(sampleXLSX))
}

// TestSamplesAgree: the CSV and XLSX samples hold the same calls, so deskstat must
// load the same tickets from both (dates from text and from Excel serials alike).
func TestSamplesAgree(t *testing.T) {
	ctx := context.Background()
	p, err := ingest.LoadProfile(sampleProfile)
	if err != nil {
		t.Fatal(err)
	}
	load := func(path string) ([][]any, *ingest.Summary) {
		db, err := queries.Open(ctx, "", false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s, err := ingest.File(ctx, db, path, ingest.Options{Profile: p})
		if err != nil {
			t.Fatal(err)
		}
		return dump(t, db, `SELECT ticket_id, opened_at, resolved_at, severity, severity_label, category, service,
			assignment_group, status, summary FROM tickets ORDER BY ticket_id`), s
	}
	fromCSV, sc := load(sampleCSV)
	fromXLSX, sx := load(sampleXLSX)
	if sc.Loaded != 242 || sx.Loaded != 242 {
		t.Fatalf("loaded %d calls from the CSV and %d from the XLSX, want 242 each", sc.Loaded, sx.Loaded)
	}
	if sx.HeaderRow != 3 || sx.Skipped != 2 || sx.Rejected != 0 {
		t.Errorf("XLSX: header row %d, %d skipped, %d rejected; want header on row 3, the blank and total rows skipped, none rejected",
			sx.HeaderRow, sx.Skipped, sx.Rejected)
	}
	if !reflect.DeepEqual(fromCSV, fromXLSX) {
		for i := range fromCSV {
			if i < len(fromXLSX) && !reflect.DeepEqual(fromCSV[i], fromXLSX[i]) {
				t.Fatalf("first difference:\n csv  %v\n xlsx %v", fromCSV[i], fromXLSX[i])
			}
		}
		t.Fatalf("the samples differ: %d rows from CSV, %d from XLSX", len(fromCSV), len(fromXLSX))
	}
}

// dump returns all rows of a query, for comparisons.
func dump(t *testing.T, db *sql.DB, q string, args ...any) [][]any {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
