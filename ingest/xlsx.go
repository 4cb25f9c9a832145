package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	duckdb "github.com/marcboeker/go-duckdb/v2"
	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/queries"
)

// stageXLSX appends every row of the workbook's first sheet, blank ones included so
// that row numbers stay the sheet's, to the raw grid as text. Cells are read raw:
// dates arrive as Excel serials, converted in SQL with the other date forms.
func stageXLSX(ctx context.Context, conn *sql.Conn, path string) (string, error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return "", fmt.Errorf("open workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return "", fmt.Errorf("the workbook has no sheets")
	}
	sheet := sheets[0]
	rows, err := f.Rows(sheet)
	if err != nil {
		return sheet, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()

	// The grid's width comes from the rows around the header; a later row with
	// values beyond it is an error rather than a silent loss.
	var head [][]string
	width := 0
	for len(head) < headerSearchRows*2 && rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return sheet, fmt.Errorf("sheet %q row %d: %w", sheet, len(head)+1, err)
		}
		head = append(head, cols)
		width = max(width, len(cols))
	}
	if width == 0 {
		return sheet, fmt.Errorf("sheet %q is empty", sheet)
	}
	if _, err := conn.ExecContext(ctx, queries.RawTable(width)); err != nil {
		return sheet, err
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
				if i < len(cols) && cols[i] != "" {
					vals[i] = cols[i]
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
			if n%4096 == 0 && ctx.Err() != nil {
				app.Close()
				return ctx.Err()
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
	return sheet, err
}
