package queries

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/deskstat/deskstat/report"
)

// Withheld replaces a personal value in a listing.
const Withheld = "(withheld)"

// RejectOptions say what a listing of rejected rows may show.
type RejectOptions struct {
	// PersonalHeader says whether an export header names people (ingest.PersonalHeader).
	PersonalHeader func(header string) bool
	// PersonalColumns are the canonical columns of personal data: the headers an
	// import mapped to them are withheld whatever their name.
	PersonalColumns []string
	// AllowPersonal shows the values as they were (--allow-personal).
	AllowPersonal bool
}

// Rejects lists the rows that could not be loaded. The values of the row's personal
// columns (who raised or handled the call) are withheld unless o.AllowPersonal.
func Rejects(ctx context.Context, db *sql.DB, o RejectOptions) (*report.Grid, error) {
	columns := []string{"file", "sheet", "row", "column", "reason", "raw"}
	rows, err := db.QueryContext(ctx, SQL("rejects"))
	if err != nil {
		return nil, fmt.Errorf("list rejects: %w", err)
	}
	defer rows.Close()
	g := &report.Grid{Columns: columns, Numbers: []string{"row"}, Objects: []string{"raw"}}
	for rows.Next() {
		row := make([]string, len(columns))
		var mapping string
		dest := []any{&row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &mapping}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("list rejects: %w", err)
		}
		if !o.AllowPersonal {
			// A row rejected for no one column (more or fewer values than the
			// header, other rows taken into a value) does not line up with the
			// header: a person's name can sit under any of its keys.
			misaligned := row[3] == ""
			if row[5], err = withholdPersonal(row[5], mapping, misaligned, o); err != nil {
				return nil, fmt.Errorf("list rejects: row %s of %s: %w", row[2], row[0], err)
			}
		}
		g.Rows = append(g.Rows, row)
	}
	return g, rows.Err()
}

// withholdPersonal rewrites a rejected row (a JSON object, export header -> value,
// in file order) with the values of personal headers replaced by Withheld: headers
// o.PersonalHeader names, and those the import mapped to a personal column; of a
// misaligned row, every value but the first (its reference); and a date column's
// value not written like a date. Blank values stay
// null: that nothing was there is not personal.
func withholdPersonal(raw, mapping string, misaligned bool, o RejectOptions) (string, error) {
	personal, dates := map[string]bool{}, map[string]bool{}
	var m map[string]string
	if err := json.Unmarshal([]byte(mapping), &m); err == nil {
		for _, c := range o.PersonalColumns {
			if h, ok := m[c]; ok {
				personal[h] = true
			}
		}
		for _, c := range []string{"opened_at", "resolved_at", "closed_at", "updated_at"} {
			if h, ok := m[c]; ok {
				dates[h] = true
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", fmt.Errorf("the row kept is not a JSON object")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for first := true; dec.More(); first = false {
		t, err := dec.Token()
		if err != nil {
			return "", err
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return "", err
		}
		// A date column's value not written like a date (perhaps a name moved
		// there by a missing value) is withheld too.
		var text string
		notDate := dates[key] && json.Unmarshal(v, &text) == nil && !DateLike(text)
		if (personal[key] || (o.PersonalHeader != nil && o.PersonalHeader(key)) || (misaligned && !first) || notDate) && string(v) != "null" {
			v = json.RawMessage(`"` + Withheld + `"`)
		}
		if !first {
			b.WriteByte(',')
		}
		k, err := report.PlainJSON(key)
		if err != nil {
			return "", err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.String(), nil
}

// Imports lists the imports, oldest first.
func Imports(ctx context.Context, db *sql.DB) (*report.Grid, error) {
	g, err := grid(ctx, db, "imports", "list imports", []string{"import", "imported at", "source", "file", "sheet", "encoding",
		"sha256", "time zone", "rows read", "loaded", "rejected", "skipped", "superseded", "new", "updated", "not loaded"})
	if g != nil {
		g.Numbers = []string{"import", "rows read", "loaded", "rejected", "skipped", "superseded", "new", "updated", "not loaded"}
	}
	return g, err
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
