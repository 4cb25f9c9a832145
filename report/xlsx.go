package report

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes tables to a workbook: an "About" sheet with the title and the
// notes (what was counted, the definitions), then a sheet a table, with numbers
// and whole months and weeks as real number and date cells.
func writeXLSX(w io.Writer, title string, tables []*Measures, notes []string) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	decimalFmt, twoFmt := "0.0", "0.00" // as the table shows
	oneDecimal, err := x.NewStyle(&excelize.Style{CustomNumFmt: &decimalFmt})
	if err != nil {
		return err
	}
	twoDecimals, err := x.NewStyle(&excelize.Style{CustomNumFmt: &twoFmt})
	if err != nil {
		return err
	}
	monthFmt, weekFmt := "mmm yyyy", `"week of "yyyy-mm-dd`
	month, err := x.NewStyle(&excelize.Style{CustomNumFmt: &monthFmt})
	if err != nil {
		return err
	}
	week, err := x.NewStyle(&excelize.Style{CustomNumFmt: &weekFmt})
	if err != nil {
		return err
	}
	const about = "About"
	if err := x.SetSheetName("Sheet1", about); err != nil {
		return err
	}
	_ = x.SetCellValue(about, "A1", title)
	_ = x.SetCellStyle(about, "A1", "A1", bold)
	for i, n := range notes {
		_ = x.SetCellValue(about, fmt.Sprintf("A%d", i+3), spreadsheetSafe(n))
	}
	_ = x.SetColWidth(about, "A", "A", 120)
	used := map[string]bool{strings.ToLower(about): true}
	for _, t := range tables {
		name := sheetName(t.Title, used)
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		if t.Withheld != "" && len(t.Rows) == 0 {
			_ = x.SetCellValue(name, "A1", spreadsheetSafe(t.Withheld))
			_ = x.SetColWidth(name, "A", "A", 120)
			continue
		}
		for j, c := range t.Columns {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			h := c.Name
			if c.Unit == "hours" || c.Unit == "percent" {
				h += map[string]string{"hours": " (h)", "percent": " (%)"}[c.Unit]
			}
			_ = x.SetCellValue(name, cell, spreadsheetSafe(h))
			_ = x.SetCellStyle(name, cell, cell, bold)
		}
		for i, row := range t.Rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				switch v := v.(type) {
				case nil:
					// unknown: an empty cell
				case float64:
					d := t.Columns[j].decimals()
					if f := shownFloat(v, d); f != nil {
						_ = x.SetCellValue(name, cell, f)
						_ = x.SetCellStyle(name, cell, cell, map[int]int{1: oneDecimal, 2: twoDecimals}[d])
					}
				case Span:
					switch v.Whole {
					case "month", "week":
						_ = x.SetCellValue(name, cell, v.Start)
						_ = x.SetCellStyle(name, cell, cell, map[string]int{"month": month, "week": week}[v.Whole])
					default:
						_ = x.SetCellValue(name, cell, spreadsheetSafe(v.Label))
					}
				case string:
					_ = x.SetCellValue(name, cell, spreadsheetSafe(v))
				default:
					_ = x.SetCellValue(name, cell, v)
				}
			}
		}
		last, _ := excelize.ColumnNumberToName(len(t.Columns))
		_ = x.SetColWidth(name, "A", "A", 40)
		if len(t.Columns) > 1 {
			_ = x.SetColWidth(name, "B", last, 16)
		}
	}
	return x.Write(w)
}

// cutAtWord cuts s to at most n characters, at the end of a word where one ends
// in the second half ("Calls opened by severity per", not "... per mo"), the
// words that are left trimmed of a trailing "by", "per" or comma.
func cutAtWord(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i >= n/2 && (len(r) == n || r[n] != ' ') {
		cut = cut[:i]
	}
	for _, w := range []string{" by", " per", " against the", " against", " of", " and", " in", ",", " the"} {
		cut = strings.TrimSuffix(strings.TrimSpace(cut), w)
	}
	return strings.TrimSpace(cut)
}

// datePhrase is a phrase of time in a title: "at 1 October 2014 00:00", "in
// September 2014", "from 2013-06".
var datePhrase = regexp.MustCompile(`(?i)\s(at|on|in|from|since|until|to|for)(\s+(\d[\d:./-]*|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))+`)

// sheetName makes a sheet name Excel accepts: at most 31 characters, none of
// []:*?/\, unique in the workbook. A phrase of time the 31st character falls in
// goes whole (the sheet's first row has the title), not cut to a day without its
// year.
func sheetName(title string, used map[string]bool) string {
	title = strings.ReplaceAll(title, ": ", " - ")
	for _, loc := range datePhrase.FindAllStringIndex(title, -1) {
		if from, to := len([]rune(title[:loc[0]])), len([]rune(title[:loc[1]])); from < 31 && to > 31 {
			title = title[:loc[0]]
			break
		}
	}
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, title)
	name = cutAtWord(name, 31)
	base := name
	for k := 2; used[strings.ToLower(name)]; k++ {
		suffix := fmt.Sprintf(" (%d)", k)
		name = cutAtWord(base, 31-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}
