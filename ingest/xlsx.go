package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

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
	total := int64(0)
	if dim, err := f.GetSheetDimension(sheet); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, row, err := excelize.CellNameToCoordinates(last); err == nil {
				total = int64(row)
			}
		}
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
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", "raw")
		if err != nil {
			return err
		}
		vals := make([]driver.Value, width)
		appendRow := func(n int, cols []string) error {
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
		n := 0
		for _, cols := range head {
			n++
			if err := appendRow(n, cols); err != nil {
				app.Close()
				return err
			}
		}
		for rows.Next() {
			n++
			if n%4096 == 0 {
				if ctx.Err() != nil {
					app.Close()
					return ctx.Err()
				}
				opts.Progress("reading", int64(n), total)
			}
			cols, err := rows.Columns()
			if err != nil {
				app.Close()
				return fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
			}
			if err := appendRow(n, cols); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
	return err
}

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
