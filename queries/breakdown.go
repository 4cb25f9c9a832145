package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/deskstat/deskstat/report"
)

// Breakdown counts the calls the filter admits per value of column by, and says
// what it counted: the period the data covers and the calls it had to leave out.
func Breakdown(ctx context.Context, db *sql.DB, f report.Filter, by string) (*report.Result, error) {
	col, err := LookupColumn(by, f.Personal)
	if err != nil {
		return nil, fmt.Errorf("--by: %w", err)
	}
	cond, args, err := where(f, true)
	if err != nil {
		return nil, err
	}
	order := "calls DESC, value"
	if col.Numeric {
		order = "TRY_CAST(value AS INTEGER) NULLS LAST"
	}
	res := &report.Result{
		Title:   "Calls by " + strings.ReplaceAll(by, "_", " "),
		By:      by,
		Columns: []string{by, "calls"},
		Meta:    report.Meta{Filter: f},
	}
	q := Template("breakdown", map[string]string{"By": Ident(col.Name), "Where": cond, "Order": order})
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("breakdown by %s: %w", by, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v sql.NullString
		var n int64
		if err := rows.Scan(&v, &n); err != nil {
			return nil, fmt.Errorf("breakdown by %s: %w", by, err)
		}
		res.Rows = append(res.Rows, report.Row{Value: v.String, Calls: n})
		res.Total += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("breakdown by %s: %w", by, err)
	}
	if err := describe(ctx, db, f, cond, args, &res.Meta); err != nil {
		return nil, err
	}
	return res, nil
}

// describe fills in the period covered by the calls that cond (f as SQL) admits,
// the calls left out, and the sources.
func describe(ctx context.Context, db *sql.DB, f report.Filter, cond string, args []any, meta *report.Meta) error {
	if len(meta.Filter.Where) > 0 {
		w, err := spelledAsData(ctx, db, meta.Filter.Where)
		if err != nil {
			return err
		}
		meta.Filter.Where = w
	}
	var first, last sql.NullTime
	var n int64
	if err := db.QueryRowContext(ctx, Template("coverage", map[string]string{"Where": cond}), args...).Scan(&first, &last, &n); err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	if first.Valid {
		meta.Covered = report.Period{From: first.Time, To: last.Time}
	}
	held, err := span(ctx, db)
	if err != nil {
		return err
	}
	if held.first.Valid {
		meta.Held = report.Period{From: held.first.Time, To: held.last.Time}
	}
	switch {
	case held.bases.Valid:
		switch held.bases.String {
		case "highest":
			meta.Severity = "Severity: of a call from an event log, the highest it had over its history, not its final one (the profile's severity_basis: highest)."
		case "opening":
			meta.Severity = "Severity: of a call from an event log, its severity at opening (its first update's), not its final one (the profile's severity_basis: opening)."
		default:
			meta.Severity = fmt.Sprintf("Severity: of calls from event logs, the one each import's severity_basis named (%s), not the final one.", held.bases.String)
		}
	case held.changed:
		meta.Severity = "Severity: each call's final one (its latest update's); some calls' severity changed over their history (--by severity_highest or severity_opened reads those instead, and the profile's severity_basis can make either the one used)."
	}
	if len(f.Severities) > 0 {
		if err := leftUnknown(ctx, db, f, meta); err != nil {
			return err
		}
	}
	rej, err := rejected(ctx, db)
	if err != nil {
		return err
	}
	if rej.calls > 0 {
		why := "rejected at import"
		if rej.rows != rej.calls {
			why += fmt.Sprintf(", %d rows of them", rej.rows)
		}
		if rej.inMemory {
			why += " (listed as the files were read; 'deskstat ingest' keeps them, and 'deskstat rejects' lists them)"
		} else {
			why += " (see 'deskstat rejects')"
		}
		meta.LeftOut = append(meta.LeftOut, report.LeftOut{Calls: rej.calls, Reason: why})
	}
	if rej.partial {
		see := "see 'deskstat rejects'"
		if rej.inMemory {
			see = "listed as the files were read; 'deskstat ingest' keeps them"
		}
		meta.Partial = "Some calls counted had updates rejected at import: each is counted as its other updates leave it, which may not be its latest state (" + see + ")."
	}
	meta.Sources, err = sources(ctx, db)
	return err
}

// leftUnknown notes the calls the filter would admit but for a severity label that
// was not recognised, by label: a severity filter, or a target per severity, cannot
// judge them.
func leftUnknown(ctx context.Context, db *sql.DB, f report.Filter, meta *report.Meta) error {
	cond, args, err := where(f, false)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, Template("unknown_severity", map[string]string{"Where": cond}), args...)
	if err != nil {
		return fmt.Errorf("unknown severities: %w", err)
	}
	defer rows.Close()
	l := report.LeftOut{Reason: "severity not recognised"}
	for rows.Next() {
		var p report.Part
		if err := rows.Scan(&p.Label, &p.Calls); err != nil {
			return fmt.Errorf("unknown severities: %w", err)
		}
		l.Calls += p.Calls
		l.Parts = append(l.Parts, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("unknown severities: %w", err)
	}
	if l.Calls > 0 {
		meta.LeftOut = append(meta.LeftOut, l)
	}
	return nil
}
