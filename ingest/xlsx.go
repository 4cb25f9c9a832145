package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"sync"

	duckdb "github.com/marcboeker/go-duckdb/v2"
	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/queries"
)

// stageXLSX appends every row of one sheet, blank ones included so that row
// numbers stay the sheet's, to the raw grid as text. The sheet is the one asked for,
// else the first with a header row. Cells are read raw: dates arrive as Excel
// serials, converted in SQL with the other date forms.
func stageXLSX(ctx context.Context, conn *sql.Conn, s *Summary, opts Options) error {
	f, err := excelize.OpenFile(s.File, excelize.Options{RawCellValue: true})
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
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()

	// The grid's width comes from the rows around the header; a later row with
	// values beyond it is an error rather than a silent loss.
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
	if _, err := conn.ExecContext(ctx, queries.RawTable(width)); err != nil {
		return err
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

	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", "raw")
		if err != nil {
			return err
		}
		vals := make([]driver.Value, width)
		n := 0
		appendRow := func(cols []string) error {
			n++
			for i := range vals {
				vals[i] = nil
				if i < len(cols) {
					if v := strings.TrimSpace(cols[i]); !slices.Contains(missingMarkers, v) {
						vals[i] = v
					}
				}
			}
			for i := width; i < len(cols); i++ {
				if cols[i] != "" {
					return fmt.Errorf("sheet %q row %d column %d: a value beyond the table's last column", sheet, n, i+1)
				}
			}
			return app.AppendRow(vals...)
		}
		for _, cols := range head {
			if err := appendRow(cols); err != nil {
				app.Close()
				return err
			}
		}
		for batch := range batches {
			if err := ctx.Err(); err != nil {
				app.Close()
				return err
			}
			for _, cols := range batch {
				if err := appendRow(cols); err != nil {
					app.Close()
					return err
				}
			}
			opts.Progress(fmt.Sprintf("reading (%d rows)", n), 0, 0)
		}
		if err := <-readErr; err != nil {
			app.Close()
			return err
		}
		return app.Close()
	})
}

// xlsxBatch is how many rows go from the sheet reader to the appender at a time.
const xlsxBatch = 1024

// chooseSheet picks the sheet to read: the one named, else the first whose first
// rows hold a header, so that a notes or cover sheet in front is passed over.
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
	for _, name := range sheets {
		top, err := sheetTop(f, name)
		if err != nil {
			return "", "", err
		}
		if _, ok := findHeader(top, overrides); ok {
			sheet = name
			break
		}
	}
	if sheet == "" {
		sheet = sheets[0] // the load then says there is no header
	}
	if len(sheets) > 1 {
		others := slices.DeleteFunc(slices.Clone(sheets), func(n string) bool { return n == sheet })
		warning = fmt.Sprintf("read sheet %q; the workbook also has %s (use --sheet to read another)", sheet, quoteList(others))
	}
	return sheet, warning, nil
}

// sheetTop returns the first rows of a sheet, trimmed, for finding the header.
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
			cols[i] = strings.TrimSpace(cols[i])
		}
		top = append(top, cols)
	}
	return top, nil
}
