package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/deskstat/deskstat/report"
)

// Rejects lists the rows that could not be loaded.
func Rejects(ctx context.Context, db *sql.DB) (*report.Grid, error) {
	rows, err := db.QueryContext(ctx, SQL("rejects"))
	if err != nil {
		return nil, fmt.Errorf("list rejects: %w", err)
	}
	defer rows.Close()
	g := &report.Grid{Columns: []string{"file", "sheet", "row", "column", "reason", "raw"}}
	for rows.Next() {
		var file, sheet, col, reason, raw string
		var row int64
		if err := rows.Scan(&file, &sheet, &row, &col, &reason, &raw); err != nil {
			return nil, fmt.Errorf("list rejects: %w", err)
		}
		g.Rows = append(g.Rows, []string{file, sheet, strconv.FormatInt(row, 10), col, reason, raw})
	}
	return g, rows.Err()
}

// Imports lists the imports, oldest first.
func Imports(ctx context.Context, db *sql.DB) (*report.Grid, error) {
	g := &report.Grid{Columns: []string{"import", "imported at", "source", "file", "sheet", "encoding", "sha256",
		"time zone", "rows read", "loaded", "rejected", "skipped", "superseded", "new", "updated", "not loaded"}}
	rows, err := db.QueryContext(ctx, SQL("imports"))
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		row := make([]string, len(g.Columns))
		dest := make([]any, len(row))
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("list imports: %w", err)
		}
		g.Rows = append(g.Rows, row)
	}
	return g, rows.Err()
}
