package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestListingsJSON: the listings' JSON gives counts as numbers and keys as every
// other JSON output does (rows_read, not "rows read"), in the table's order.
func TestListingsJSON(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "calls.duckdb")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Ref,Date Logged,Severity\nA,03/06/2013,1\nB,31/13/2013,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := Main(context.Background(), args, nil, &out, &errOut); code != 0 {
			t.Fatalf("deskstat %v: exit %d: %s", args, code, errOut.String())
		}
		return out.Bytes()
	}
	run("ingest", "--db", db, bad)
	var imports []map[string]any
	if err := json.Unmarshal(run("imports", "--db", db, "--format", "json"), &imports); err != nil {
		t.Fatal(err)
	}
	if len(imports) != 1 || imports[0]["rows_read"] != 2.0 || imports[0]["loaded"] != 1.0 || imports[0]["import"] != 1.0 {
		t.Errorf("imports: %v; want rows_read 2, loaded 1 and import 1 as numbers", imports)
	}
	// When, with its zone: the same instant whatever zone the reader is in.
	if at, ok := imports[0]["imported_at"].(string); !ok {
		t.Errorf("imports: no imported_at: %v", imports)
	} else if when, err := time.Parse(time.RFC3339, at); err != nil || when.After(time.Now()) || time.Since(when) > time.Hour {
		t.Errorf("imports: imported_at %q: want the time of the import in RFC 3339, with its zone (%v)", at, err)
	}
	var rejects []map[string]any
	if err := json.Unmarshal(run("rejects", "--db", db, "--format", "json"), &rejects); err != nil {
		t.Fatal(err)
	}
	if len(rejects) != 1 || rejects[0]["row"] != 3.0 || rejects[0]["column"] != "Date Logged" {
		t.Errorf("rejects: %v; want row 3 (a number) in Date Logged", rejects)
	}
	// Nothing there is null: a CSV file has no sheet.
	if v, ok := rejects[0]["sheet"]; !ok || v != nil {
		t.Errorf("rejects: sheet %#v for a CSV file: want null", v)
	}
	if v, ok := imports[0]["sheet"]; !ok || v != nil {
		t.Errorf("imports: sheet %#v for a CSV file: want null", v)
	}
	// The row as read is an object a program can read, not a string of JSON.
	if raw, ok := rejects[0]["raw"].(map[string]any); !ok || raw["Ref"] != "B" || raw["Severity"] != "2" {
		t.Errorf("rejects: raw %#v: want the row as an object (Ref B, Severity 2)", rejects[0]["raw"])
	}
}
