// Package queries holds deskstat's SQL: the canonical schema and one named query a
// file, embedded. It is the only package that writes SQL; values always go in as
// parameters and identifiers only from the schema's list of columns.
package queries

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"text/template"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

//go:embed *.sql
var files embed.FS

// SQL returns the embedded query file name (without .sql). It panics on an unknown
// name: the set of files is fixed at build time and covered by tests.
func SQL(name string) string {
	b, err := files.ReadFile(name + ".sql")
	if err != nil {
		panic(fmt.Sprintf("queries: no query %q", name))
	}
	return string(b)
}

// Template fills a query file's {{.Field}} placeholders, with the templates the
// files with define. Callers pass only SQL they built from schema identifiers and
// parameter markers, never values.
func Template(name string, data any, with ...string) string {
	t := template.New(name).Option("missingkey=error")
	for _, w := range with {
		template.Must(t.New(w).Parse(SQL(w)))
	}
	t = template.Must(t.New(name).Parse(SQL(name)))
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		panic(fmt.Sprintf("queries: %s: %v", name, err))
	}
	return b.String()
}

// Open opens (creating if needed) the database at path, or an in-memory one when path
// is empty, and applies the schema. Read-only opens require an existing database.
func Open(ctx context.Context, path string, readOnly bool) (*sql.DB, error) {
	dsn := path
	if readOnly {
		if path == "" {
			return nil, errors.New("an in-memory database cannot be opened read-only")
		}
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no database at %s: give export files instead (deskstat breakdown calls.csv), or load them into it first (deskstat ingest --db %s calls.csv)", path, path)
		}
		dsn += "?access_mode=read_only"
	} else if path != "" {
		// DuckDB says only that it cannot open the file: say why, where we can.
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return nil, fmt.Errorf("database %s: a folder, not a database file: name a file, such as %s", path, filepath.Join(path, "calls.duckdb"))
		}
		if dir := filepath.Dir(path); dir != "." {
			if _, err := os.Stat(dir); err != nil {
				return nil, fmt.Errorf("database %s: folder %s does not exist", path, dir)
			}
		}
	}
	spill := strings.ReplaceAll(spillDir(), "'", "''")
	// Extensions cannot be downloaded here or on council networks: never try.
	connector, err := duckdb.NewConnector(dsn, func(ex driver.ExecerContext) error {
		_, err := ex.ExecContext(ctx, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false; "+
			"SET memory_limit = '"+DefaultMemoryLimit+"'; SET temp_directory = '"+spill+"'", nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", displayPath(path), Error(lockError(err), "open it"))
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", displayPath(path), Error(lockError(err), "open it"))
	}
	if !readOnly {
		if _, err := db.ExecContext(ctx, SQL("schema")); err != nil {
			db.Close()
			return nil, fmt.Errorf("create schema in %s: %w", displayPath(path), Error(err, "create the tables"))
		}
	}
	if err := checkVersion(ctx, db, readOnly); err != nil {
		db.Close()
		if errors.Is(err, errUpgrade) {
			// A database of the model before: upgraded in place (opened for writing
			// once), then opened as asked.
			up, err := Open(ctx, path, false)
			if err != nil {
				return nil, err
			}
			if err := up.Close(); err != nil {
				return nil, fmt.Errorf("database %s: upgrade: %w", displayPath(path), err)
			}
			return Open(ctx, path, readOnly)
		}
		return nil, fmt.Errorf("database %s: %w", displayPath(path), Error(err, "read its version"))
	}
	return db, nil
}

// errUpgrade says that a database holds the model before this one, which a
// read-write open upgrades.
var errUpgrade = errors.New("made by the deskstat before: open it for writing to upgrade it")

var opened atomic.Int64

// spillDir is where a database opened now spills: in the temporary folder (a
// deskstat's own, see cmd.Run), named for this process so that a later deskstat
// removes it should this one be killed. DuckDB makes it when it first spills and
// removes it on closing; its default, .tmp beside the database or in the current
// folder, stayed behind.
func spillDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("deskstat-%d-spill%d", os.Getpid(), opened.Add(1)))
}

// DefaultMemoryLimit caps DuckDB's memory: an import of ten million rows stays
// under 1 GiB (DuckDB's own use beyond the limit grows with the rows: about 290 MiB
// at ten million), spilling to disk (see spillDir). SetMemoryLimit changes it.
const DefaultMemoryLimit = "640MB"

// SetMemoryLimit sets DuckDB's memory limit, e.g. "2GB".
func SetMemoryLimit(ctx context.Context, db *sql.DB, limit string) error {
	if _, err := db.ExecContext(ctx, "SET GLOBAL memory_limit = '"+strings.ReplaceAll(limit, "'", "''")+"'"); err != nil {
		return fmt.Errorf("memory limit %q is not a size: write a number and a unit, such as 2GB or 512MB", limit)
	}
	return nil
}

// schemaVersion is the model schema.sql creates. A database holding another model
// is refused: reading it as this one would give wrong figures.
const schemaVersion = 3

func checkVersion(ctx context.Context, db *sql.DB, readOnly bool) error {
	var v sql.NullInt64
	var hasVersion, hasSource bool
	err := db.QueryRowContext(ctx, SQL("schema_version")).Scan(&hasVersion, &hasSource)
	if err == nil && hasVersion {
		err = db.QueryRowContext(ctx, "SELECT max(version) FROM schema_version").Scan(&v)
	}
	switch {
	case err != nil:
		return fmt.Errorf("read schema version: %w", err)
	case v.Valid && v.Int64 > schemaVersion:
		return fmt.Errorf("made by a newer deskstat (schema %d; this one reads %d): upgrade deskstat", v.Int64, schemaVersion)
	case v.Valid && v.Int64 == 2 && readOnly:
		return errUpgrade
	case v.Valid && v.Int64 == 2:
		_, err := db.ExecContext(ctx, SQL("migrate_2"))
		return err
	case v.Valid && v.Int64 < schemaVersion, !v.Valid && !hasSource:
		return fmt.Errorf("made by an older deskstat: import the exports again into a new database")
	case !v.Valid && !readOnly:
		_, err := db.ExecContext(ctx, "INSERT INTO schema_version VALUES ($1)", schemaVersion)
		return err
	}
	return nil
}

// UseTimeZone sets the zone in which naive times in exports are read and in which
// reports show times and cut days and months. With zone empty it is the zone every
// import in the database was read in, if they agree, else the machine's. It returns
// the zone in use.
func UseTimeZone(ctx context.Context, db *sql.DB, zone string) (string, error) {
	if zone == "" {
		var z sql.NullString
		if err := db.QueryRowContext(ctx, SQL("import_zone")).Scan(&z); err != nil {
			return "", fmt.Errorf("read the imports' time zone: %w", Error(err, "read it"))
		}
		zone = z.String
	}
	if zone != "" {
		// SET takes no parameters; DuckDB checks the name against its zone list.
		if _, err := db.ExecContext(ctx, "SET GLOBAL TimeZone = '"+strings.ReplaceAll(zone, "'", "''")+"'"); err != nil {
			return "", fmt.Errorf("time zone %q is not known (use a name such as Europe/London or UTC)", zone)
		}
	}
	err := db.QueryRowContext(ctx, "SELECT current_setting('TimeZone')").Scan(&zone)
	return zone, Error(err, "read the time zone in use")
}

// conflictingLock is how DuckDB says another process holds a database file.
var conflictingLock = regexp.MustCompile(`Conflicting lock is held in (.*) \(PID ([0-9]+)\)`)

// lockError says plainly that another program has the database open.
func lockError(err error) error {
	m := conflictingLock.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	who := "another deskstat"
	if !strings.HasSuffix(m[1], "deskstat") {
		who = "another program (" + m[1] + ")"
	}
	return fmt.Errorf("the database is in use by %s (pid %s): wait for it to finish, or use another --db", who, m[2])
}

func displayPath(path string) string {
	if path == "" {
		return "(memory)"
	}
	return path
}

// Ident quotes a SQL identifier.
func Ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// StartQueryLog makes DuckDB keep the statements run from now on; QueryLog reads them.
func StartQueryLog(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, SQL("query_log_start"))
	return err
}

// QueryLog returns the statements run since StartQueryLog, in order.
func QueryLog(ctx context.Context, db *sql.DB) ([]string, error) {
	return Strings(ctx, db, SQL("query_log"))
}

// Querier is a database or one connection to it.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Strings runs a query of one text column and returns its values in order.
func Strings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
