package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/queries"
)

// stageXLSX appends every row of one sheet, blank ones included so that row
// numbers stay the sheet's, to the raw grid as text. The sheet is the one asked for,
// else the first whose header has a ticket id and an opened date. Cells are read
// raw: dates arrive as Excel serials, converted in SQL with the other date forms. A
// workbook in the 1904 date system has its date columns' serials moved to the
// 1900 system's, the one SQL reads.
func stageXLSX(ctx context.Context, l *queries.Load, s *Summary, sample *rowSample, opts Options) error {
	f, err := openWorkbook(s.path, opts.MaxUnpacked)
	if err != nil {
		return fmt.Errorf("open workbook: %w", err)
	}
	defer f.Close()
	s.Sheets = f.GetSheetList()
	sheet, warning, err := chooseSheet(f, s.Sheets, opts)
	if err != nil {
		return err
	}
	s.Sheet = sheet
	if warning != "" {
		s.Warnings = append(s.Warnings, warning)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		return fmt.Errorf("workbook properties: %w", err)
	}
	date1904 := props.Date1904 != nil && *props.Date1904
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()

	// The grid's width comes from the rows around the header, and grows when a later
	// row has values further right: the load then rejects that row as one with more
	// values than the header has columns, as it does a CSV row.
	var head [][]string
	width := 0
	for len(head) < headerSearchRows*2 && rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("sheet %q row %d: %w", sheet, len(head)+1, err)
		}
		head = append(head, cols)
		width = max(width, len(cols))
	}
	if width == 0 {
		return fmt.Errorf("sheet %q is empty", sheet)
	}
	base := width
	// The date columns to move to the 1900 system, and the header row above them.
	var shiftCols []bool
	headerRow := 0
	if date1904 {
		shiftCols, headerRow = dateColumnsOf(head, opts.overrides())
	}
	// excelize parses the sheet's XML in one goroutine while this one appends to
	// DuckDB: the two halves of the work overlap on two cores.
	batches := make(chan [][]string, 8)
	readErr := make(chan error, 1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(batches)
		n := len(head)
		batch := make([][]string, 0, xlsxBatch)
		send := func() bool {
			select {
			case batches <- batch:
				batch = make([][]string, 0, xlsxBatch)
				return true
			case <-stop:
				return false
			}
		}
		for rows.Next() {
			n++
			cols, err := rows.Columns()
			if err != nil {
				readErr <- fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
				return
			}
			if batch = append(batch, cols); len(batch) == xlsxBatch && !send() {
				return
			}
		}
		if len(batch) > 0 && !send() {
			return
		}
		readErr <- rows.Error()
	}()
	defer func() {
		close(stop)
		wg.Wait() // before rows.Close
	}()

	return l.Grid(ctx, width, func(g *queries.Grid) error {
		vals := make([]driver.Value, width)
		n := 0
		appendRow := func(cols []string) error {
			n++
			// Values right of the grid's first width go, in order, into the columns
			// after it: a note in column XFD adds one column, not sixteen thousand.
			extra := 0
			for i := base; i < len(cols); i++ {
				if _, ok := cellValue(cols[i]); ok {
					extra++
				}
			}
			if base+extra > g.Width() {
				if err := g.Widen(ctx, base+extra); err != nil {
					return fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
				}
				vals = make([]driver.Value, g.Width())
			}
			clear(vals)
			j := base
			for i, c := range cols {
				v, ok := cellValue(c)
				if len(v) > maxCellChars {
					s.longCells = true // in bytes: each row is then tested in characters
				}
				switch {
				case !ok:
				case i >= base:
					vals[j] = v
					j++
				case n > headerRow && i < len(shiftCols) && shiftCols[i]:
					vals[i] = from1904(v)
				default:
					vals[i] = v
				}
			}
			if sample.wants(int64(n)) {
				cells := make([]string, len(vals))
				for i, v := range vals {
					if v != nil {
						cells[i] = v.(string)
					}
				}
				sample.add(sampledRow{row: int64(n), cells: cells})
			}
			return g.Append(ctx, vals)
		}
		for _, cols := range head {
			if err := appendRow(cols); err != nil {
				return err
			}
		}
		for batch := range batches {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, cols := range batch {
				if err := appendRow(cols); err != nil {
					return err
				}
			}
			opts.Progress(fmt.Sprintf("reading (%d rows)", n))
		}
		return <-readErr
	})
}

// cellValue is a cell as staged: trimmed, and absent (false) when it is empty or
// a missing-value marker.
func cellValue(cell string) (string, bool) {
	v := strings.TrimSpace(cell)
	if slices.Contains(missingMarkers, v) {
		return "", false
	}
	return v, true
}

// dateColumnsOf finds the header among a sheet's first rows as the load will, and
// returns which columns it maps to dates and the header's 1-based row (0: none).
func dateColumnsOf(head [][]string, overrides map[string]string) ([]bool, int) {
	top := make([][]string, 0, headerSearchRows)
	for _, cols := range head[:min(len(head), headerSearchRows)] {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i], _ = cellValue(c)
		}
		top = append(top, row)
	}
	hi, ok := findHeader(top, overrides)
	if !ok {
		return nil, 0
	}
	m, err := mapHeaders(top[hi], overrides)
	if err != nil {
		return nil, 0 // the load says what is wrong with the header
	}
	dates := make([]bool, len(top[hi]))
	for _, col := range dateColumns {
		if i, ok := m.Columns[col]; ok {
			dates[i] = true
		}
	}
	return dates, hi + 1
}

// days1904 is how many days the 1904 date system's day 0 (1904-01-01) is after the
// 1900 system's (1899-12-30, Excel's 1900 leap day counted).
const days1904 = 1462

// from1904 moves a 1904-system date serial to the 1900 system. Values that are not
// numbers (dates typed as text) are left as they are; a plain decimal keeps its
// digits exactly.
func from1904(v string) string {
	whole, frac, _ := strings.Cut(v, ".")
	if whole != "" && strings.Trim(whole, "0123456789") == "" && strings.Trim(frac, "0123456789") == "" {
		if d, err := strconv.ParseInt(whole, 10, 64); err == nil {
			out := strconv.FormatInt(d+days1904, 10)
			if frac != "" {
				out += "." + frac
			}
			return out
		}
	}
	if x, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) && x >= 0 {
		return strconv.FormatFloat(x+days1904, 'f', -1, 64)
	}
	return v
}

// xlsxBatch is how many rows go from the sheet reader to the appender at a time.
const xlsxBatch = 1024

// chooseSheet picks the sheet to read: the one named, else the first whose header
// row has columns for a ticket id and an opened date, so that a notes, cover or
// summary sheet in front is passed over. When no sheet of several has them, it says
// what each lacks and points to --sheet; a workbook of one sheet is read, for the
// load to say what its header lacks.
func chooseSheet(f *excelize.File, sheets []string, opts Options) (sheet, warning string, err error) {
	if len(sheets) == 0 {
		return "", "", fmt.Errorf("the workbook has no sheets")
	}
	if opts.Sheet != "" {
		for _, name := range sheets {
			if strings.EqualFold(name, opts.Sheet) {
				return name, "", nil
			}
		}
		return "", "", fmt.Errorf("no sheet %q: the workbook has %s", opts.Sheet, quoteList(sheets))
	}
	overrides := opts.overrides()
	var lacks []string
	for _, name := range sheets {
		top, err := sheetTop(f, name)
		if err != nil {
			return "", "", err
		}
		lack := headerLacks(top, overrides)
		if lack == "" {
			sheet = name
			break
		}
		lacks = append(lacks, fmt.Sprintf("%q: %s", name, lack))
	}
	if sheet == "" {
		if len(sheets) > 1 {
			return "", "", fmt.Errorf("no sheet has a header row with a ticket id and an opened date (%s): name the sheet to read with --sheet, and its columns with --map if need be",
				strings.Join(lacks, "; "))
		}
		sheet = sheets[0]
	}
	if len(sheets) > 1 {
		others := slices.DeleteFunc(slices.Clone(sheets), func(n string) bool { return n == sheet })
		warning = fmt.Sprintf("read sheet %q; the workbook also has %s (use --sheet to read another)", sheet, quoteList(others))
	}
	return sheet, warning, nil
}

// headerLacks says what keeps a sheet's first rows from being a table of calls: no
// header row, or no column for a ticket id or an opened date; "" when nothing does.
func headerLacks(top [][]string, overrides map[string]string) string {
	hi, ok := findHeader(top, overrides)
	if !ok {
		return fmt.Sprintf("no header row in the first %d rows", headerSearchRows)
	}
	m, err := mapHeaders(top[hi], overrides)
	if err != nil {
		return fmt.Sprintf("row %d: %v", hi+1, err)
	}
	var missing []string
	for _, need := range []string{"ticket_id", "opened_at"} {
		if _, ok := m.Columns[need]; !ok {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		return fmt.Sprintf("row %d has no column for %s", hi+1, strings.Join(missing, " or "))
	}
	return ""
}

// sheetTop returns the first rows of a sheet as the load sees them, for finding
// the header.
func sheetTop(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()
	var top [][]string
	for len(top) < headerSearchRows && rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("sheet %q row %d: %w", sheet, len(top)+1, err)
		}
		for i := range cols {
			cols[i], _ = cellValue(cols[i])
		}
		top = append(top, cols)
	}
	return top, nil
}
