package queries

import (
	"context"
	"database/sql"
	"testing"
)

// TestCell: a cell is trimmed of the spaces exports hold, wherever they are, and an
// empty or all-space cell is no value; what is not a space stays.
func TestCell(t *testing.T) {
	ctx := context.Background()
	conn := memConn(t)
	if _, err := NewLoad(ctx, conn, []string{"", "N/A"}); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]sql.NullString{
		"Sev 1":             {String: "Sev 1", Valid: true},
		" Sev 1":            {String: "Sev 1", Valid: true},
		"Sev 1 ":            {String: "Sev 1", Valid: true},
		"\u00a0Sev 1\u00a0": {String: "Sev 1", Valid: true},
		"\u3000Sev 1\u3000": {String: "Sev 1", Valid: true},
		"Sev 1\u00a0 ":      {String: "Sev 1", Valid: true},
		"Réf 1":             {String: "Réf 1", Valid: true},
		"éé":                {String: "éé", Valid: true},
		"Children's Care ":  {String: "Children's Care", Valid: true},
		"":                  {},
		"   ":               {},
		"\u00a0":            {},
		"a b":               {String: "a b", Valid: true},
		"\tx":               {String: "\tx", Valid: true}, // a tab is no space to trim, as everywhere in DuckDB
	} {
		var got sql.NullString
		if err := conn.QueryRowContext(ctx, "SELECT cell(?)", in).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("cell(%q) = %q (%v), want %q (%v)", in, got.String, got.Valid, want.String, want.Valid)
		}
	}
}

// memConn is a connection to a new database in memory, closed when the test ends.
func memConn(tb testing.TB) *sql.Conn {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, "", false)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}
