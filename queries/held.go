package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/deskstat/deskstat/report"
)

// A report describes what the database holds beside each table it makes: the span
// of the calls held, the files behind them, the rows rejected. Each is a scan of
// every ticket, the same for all the tables of one command: under Once, each is
// read once.

type onceKey struct{}

type held struct {
	mu       sync.Mutex
	span     *heldSpan
	sources  []report.Source
	sourced  bool
	rejected *rejects
	// spellings: a filter value (column, value) as the data spells it; "" where
	// the data does not hold it (spelledAsData).
	spellings map[[2]string]string
}

// heldSpan is the first and last opened time of all calls held and the latest
// event, as wall-clock times in the session's zone; asOf is the latest event as an
// instant.
//
// changed says some call's severity changed over its history; bases are the
// severity bases other than the final one that imports used.
type heldSpan struct {
	first, last, latest, asOf sql.NullTime
	changed                   bool
	unmeasured                int64 // calls measures of resolution leave out, of all held
	bases                     sql.NullString
}

// wholeMonths are the first month the calls held reach into and the last month
// held to its last day (a month cut short by the end of the export would read as
// a drop); ok is false when no call is held.
func (s heldSpan) wholeMonths() (first, last time.Time, ok bool) {
	if !s.first.Valid || !s.latest.Valid {
		return first, last, false
	}
	first, last = monthStart(s.first.Time), monthStart(s.latest.Time)
	if s.latest.Time.Before(last.AddDate(0, 1, 0).Add(-24 * time.Hour)) {
		last = last.AddDate(0, -1, 0) // its last day not reached
	}
	return first, last, true
}

// heldShare is the share of month (its first day) the data holds: from the first
// call's day in the first month held, else all of it. An export's first call is
// the only evidence of when it starts: a log that starts on 29 February holds one
// day of February, and a month's count there is not a month's calls.
func (s heldSpan) heldShare(month time.Time) (share float64, days int) {
	all := int(month.AddDate(0, 1, 0).Sub(month).Hours()/24 + 0.5)
	if first := s.first.Time; s.first.Valid && first.Year() == month.Year() && first.Month() == month.Month() {
		days = all - first.Day() + 1
		return float64(days) / float64(all), days
	}
	return 1, all
}

// monthStart is the first day of t's month, midnight UTC.
func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Once returns a context under which the facts of the whole database (held,
// sources, rejected) are read once and kept: for the queries of one command, over
// a database that does not change meanwhile.
func Once(ctx context.Context) context.Context {
	if _, ok := ctx.Value(onceKey{}).(*held); ok {
		return ctx
	}
	return context.WithValue(ctx, onceKey{}, &held{})
}

func kept(ctx context.Context) *held {
	h, _ := ctx.Value(onceKey{}).(*held)
	if h == nil {
		h = &held{} // nothing kept past this call
	}
	return h
}

// span reads the span of the calls held.
func span(ctx context.Context, db *sql.DB) (heldSpan, error) {
	h := kept(ctx)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.span == nil {
		var s heldSpan
		if err := db.QueryRowContext(ctx, SQL("held")).Scan(&s.first, &s.last, &s.latest, &s.asOf, &s.changed, &s.unmeasured, &s.bases); err != nil {
			return s, fmt.Errorf("calls held: %w", err)
		}
		h.span = &s
	}
	return *h.span, nil
}

// sources lists the files behind the figures.
func sources(ctx context.Context, db *sql.DB) ([]report.Source, error) {
	h := kept(ctx)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.sourced {
		rows, err := db.QueryContext(ctx, SQL("sources"))
		if err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var s report.Source
			if err := rows.Scan(&s.Path, &s.SHA256, &s.Rows); err != nil {
				return nil, fmt.Errorf("list sources: %w", err)
			}
			h.sources = append(h.sources, s)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		h.sourced = true
	}
	return append([]report.Source(nil), h.sources...), nil
}

// spelling is value as the data spells it in column (its most frequent spelling
// among the values equal to it but for case and apostrophes), "" when the data
// holds none: read once a command, for all its tables.
func spelling(ctx context.Context, db *sql.DB, column, value string) (string, error) {
	h := kept(ctx)
	h.mu.Lock()
	defer h.mu.Unlock()
	key := [2]string{column, value}
	if v, ok := h.spellings[key]; ok {
		return v, nil
	}
	var spelled string
	q := fmt.Sprintf("SELECT CAST(%s AS VARCHAR) FROM tickets WHERE %s GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
		Ident(column), fmt.Sprintf(textMatch, Ident(column), "$v"))
	if err := db.QueryRowContext(ctx, q, sql.Named("v", value)).Scan(&spelled); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("the filter's values: %w", err)
	}
	if h.spellings == nil {
		h.spellings = map[[2]string]string{}
	}
	h.spellings[key] = spelled
	return spelled, nil
}

// rejects are the calls rejected at import and still left out, and their rows;
// inMemory says the database is not kept (reports straight from files), so the
// rows cannot be listed after.
type rejects struct {
	calls, rows int64
	inMemory    bool
	partial     bool // some rejected rows are of calls held all the same
}

// rejected counts the calls rejected at import and still left out.
func rejected(ctx context.Context, db *sql.DB) (rejects, error) {
	h := kept(ctx)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rejected == nil {
		var r rejects
		if err := db.QueryRowContext(ctx, SQL("reject_count")).Scan(&r.calls, &r.rows, &r.inMemory, &r.partial); err != nil {
			return r, fmt.Errorf("count rejects: %w", err)
		}
		h.rejected = &r
	}
	return *h.rejected, nil
}
