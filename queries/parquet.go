package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The tables an export writes: tickets and events Hive-partitioned by the month
// each ticket was opened (opened_month=2014-09, in the session's zone), imports,
// rejects and releases whole (the releases, so that what was published from the
// database is audited against from the export too).
var exportTables = []struct {
	name        string
	partitioned bool
}{{"tickets", true}, {"events", true}, {"imports", false}, {"rejects", false}, {"releases", false}}

// quoteLiteral is s as a SQL string literal: COPY takes its file as a constant,
// not a parameter.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ExportParquet writes the database's tickets, events, imports and rejects as
// Parquet under dir (made if missing; refused if it holds anything), for a
// warehouse to read, or for --db DIR. Unless personal, who raised and handled
// each call and its free text are left empty, and a rejected row's cells out.
func ExportParquet(ctx context.Context, db *sql.DB, dir string, personal bool) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file: export into a new folder", dir)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: export into a new folder", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export into %s: %w", dir, errors.Unwrap(err))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export into %s: %w", dir, errors.Unwrap(err))
	}
	// What the export left out, for whoever reads it back.
	about := fmt.Sprintf(`{"written_by": "deskstat", "free_text": %t}`+"\n", personal)
	if err := os.WriteFile(filepath.Join(dir, aboutFile), []byte(about), 0o644); err != nil {
		return err
	}
	for _, t := range exportTables {
		target := filepath.Join(dir, t.name)
		var q string
		if t.partitioned {
			// events take their ticket's opened month, so that a month's folder
			// holds its tickets' whole history.
			from := "SELECT * REPLACE (NULL::VARCHAR AS caller, NULL::VARCHAR AS assigned_to, NULL::VARCHAR AS summary), strftime(opened_at, '%Y-%m') AS opened_month FROM tickets"
			if personal {
				from = "SELECT *, strftime(opened_at, '%Y-%m') AS opened_month FROM tickets"
			}
			if t.name == "events" {
				from = "SELECT e.*, strftime(t.opened_at, '%Y-%m') AS opened_month FROM events e JOIN tickets t USING (source, ticket_id)"
			}
			q = fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, PARTITION_BY (opened_month), WRITE_PARTITION_COLUMNS false)", from, quoteLiteral(target))
		} else {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			from := t.name
			if t.name == "rejects" && !personal {
				from = "(SELECT * REPLACE ('{}'::JSON AS raw) FROM rejects)" // the row as it was: withheld
			}
			q = fmt.Sprintf("COPY %s TO %s (FORMAT parquet)", from, quoteLiteral(filepath.Join(target, t.name+".parquet")))
		}
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("export %s: %w", t.name, Error(err, "write the Parquet files"))
		}
	}
	return nil
}

// aboutFile says what an export holds: whether the calls' free text (and who
// raised and handled them) went with it.
const aboutFile = "deskstat-export.json"

// withoutText are the databases read from an export that left the free text out.
var withoutText sync.Map

// FreeTextWithheld says whether db was read from an export that left the calls'
// free text out: a search of it would find nothing.
func FreeTextWithheld(db *sql.DB) bool {
	_, ok := withoutText.Load(db)
	return ok
}

// IsParquetExport says whether path is a folder ExportParquet wrote.
func IsParquetExport(path string) bool {
	st, err := os.Stat(filepath.Join(path, "tickets"))
	return err == nil && st.IsDir()
}

// OpenParquet reads a folder ExportParquet wrote into a new in-memory database,
// which reports then read as they read a database file; the folder is not
// changed.
func OpenParquet(ctx context.Context, dir string) (*sql.DB, error) {
	db, err := Open(ctx, "", false)
	if err != nil {
		return nil, err
	}
	var about struct {
		FreeText bool `json:"free_text"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, aboutFile)); err == nil {
		_ = json.Unmarshal(b, &about)
	}
	if !about.FreeText {
		withoutText.Store(db, true)
	}
	for _, t := range exportTables {
		files := filepath.Join(dir, t.name, "**", "*.parquet")
		if matches, _ := filepath.Glob(filepath.Join(dir, t.name, "*")); len(matches) == 0 {
			continue // an empty table writes no file
		}
		q := fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM read_parquet(%s, hive_partitioning = false)", t.name, quoteLiteral(files))
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("read the Parquet export %s (%s): %w", dir, t.name, Error(err, "read its files"))
		}
	}
	return db, nil
}
