package queries

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/deskstat/deskstat/report"
)

// Rejects lists the rows that could not be loaded.
func Rejects(ctx context.Context, db *sql.DB) (*report.Grid, error) {
	return grid(ctx, db, "rejects", "list rejects", []string{"file", "sheet", "row", "column", "reason", "raw"})
}

// Imports lists the imports, oldest first.
func Imports(ctx context.Context, db *sql.DB) (*report.Grid, error) {
	return grid(ctx, db, "imports", "list imports", []string{"import", "imported at", "source", "file", "sheet", "encoding",
		"sha256", "time zone", "rows read", "loaded", "rejected", "skipped", "superseded", "new", "updated", "not loaded"})
}

// grid runs a query whose columns are all text into a listing with the given headers.
func grid(ctx context.Context, db *sql.DB, query, what string, columns []string) (*report.Grid, error) {
	rows, err := db.QueryContext(ctx, SQL(query))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	g := &report.Grid{Columns: columns}
	for rows.Next() {
		row := make([]string, len(columns))
		dest := make([]any, len(row))
		for i := range row {
			dest[i] = &row[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		g.Rows = append(g.Rows, row)
	}
	return g, rows.Err()
}
