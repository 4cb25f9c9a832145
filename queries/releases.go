package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/deskstat/deskstat/report"
)

// RecordRelease records an output published under a policy, and returns it with
// its number and time.
func RecordRelease(ctx context.Context, db *sql.DB, r report.Release) (report.Release, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return r, err
	}
	var made time.Time
	if err := db.QueryRowContext(ctx, SQL("insert_release"), string(b)).Scan(&r.ID, &made); err != nil {
		return r, fmt.Errorf("record the release: %w", err)
	}
	r.Made = made.UTC()
	return r, nil
}

// Releases lists the outputs published from the database under a policy, oldest
// first.
func Releases(ctx context.Context, db *sql.DB) ([]report.Release, error) {
	var has bool
	if err := db.QueryRowContext(ctx, SQL("has_releases")).Scan(&has); err != nil {
		return nil, fmt.Errorf("read releases: %w", err)
	}
	if !has {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, SQL("releases"))
	if err != nil {
		return nil, fmt.Errorf("read releases: %w", err)
	}
	defer rows.Close()
	var out []report.Release
	for rows.Next() {
		var id int64
		var made time.Time
		var body string
		if err := rows.Scan(&id, &made, &body); err != nil {
			return nil, fmt.Errorf("read releases: %w", err)
		}
		var r report.Release
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("read release %d: %w", id, err)
		}
		r.ID, r.Made = id, made.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
