package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/ingest"
)

// TestDuckDBErrorsInWords: a row DuckDB's reader refuses fails the import naming
// the file and the row, never echoing the row (a name) or DuckDB's advice.
func TestDuckDBErrorsInWords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.csv")
	text := "Number,Opened,Priority,Short description\nINC1,2014-01-02 10:00,1 - Critical,printer\n" +
		"INC2,2014-01-03 10:00,2 - High,Mary O'Neill " + strings.Repeat("x", 10_000_100) + "\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ingest.File(context.Background(), openDB(t), path, ingest.Options{})
	if err == nil {
		t.Fatal("a 10 MB row was read")
	}
	got := err.Error()
	for _, w := range []string{path + `: `, "row 3: the row is"} {
		if !strings.Contains(got, w) {
			t.Errorf("message %.300q\nlacks %q", got, w)
		}
	}
	for _, r := range []string{"Mary", "Original Line", "max_line_size", "Possible", "xxxx"} {
		if strings.Contains(got, r) {
			t.Errorf("message %.300q\nholds DuckDB's raw %q", got, r)
		}
	}
}
