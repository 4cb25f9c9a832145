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
	"strings"
	"text/template"

	duckdb "github.com/marcboeker/go-duckdb/v2"
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

// Template fills a query file's {{.Field}} placeholders. Callers pass only SQL they
// built from schema identifiers and parameter markers, never values.
func Template(name string, data any) string {
	t := template.Must(template.New(name).Option("missingkey=error").Parse(SQL(name)))
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
			return nil, fmt.Errorf("no database at %s: load calls with 'deskstat ingest' first, or pass --db", path)
		}
		dsn += "?access_mode=read_only"
	}
	// Extensions cannot be downloaded here or on council networks: never try.
	connector, err := duckdb.NewConnector(dsn, func(ex driver.ExecerContext) error {
		_, err := ex.ExecContext(ctx, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false", nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", displayPath(path), err)
	}
	db := sql.OpenDB(connector)
	if !readOnly {
		if _, err := db.ExecContext(ctx, SQL("schema")); err != nil {
			db.Close()
			return nil, fmt.Errorf("create schema in %s: %w", displayPath(path), err)
		}
	}
	return db, nil
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
