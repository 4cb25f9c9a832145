package queries_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/queries"
)

// raw is what DuckDB puts in its messages that must never reach the user: the
// row's content and advice about its own SQL options.
var raw = []string{"Mary", "Neill", "Original Line", "SET ", "max_line_size", "ignore_errors",
	"store_rejects", "strict_mode", "null_padding", "Possible", "sample_size", "Error:"}

// TestErrorInWords provokes DuckDB's errors on small files whose offending row
// holds a name, and checks each comes out naming the row and column, in our words.
func TestErrorInWords(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	read := func(path, columns, extra string) string {
		return "CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM read_csv('" + path +
			"', header = true, auto_detect = false, columns = " + columns + extra + ")"
	}
	two := "{'id': 'VARCHAR', 'name': 'VARCHAR'}"
	// A quoted value over two lines before the bad row: DuckDB's "Line" counts records.
	lead := "id,name\n\"1\nb\",ok\n"
	tests := []struct {
		name  string
		setup string // run first, error ignored
		query string
		want  []string
	}{
		{"wrong number of columns",
			"", read(file("cols.csv", lead+"2,Mary O'Neill,extra\n"), two, ", strict_mode = true"),
			[]string{"row 3: 3 values where the header has 2"}},
		{"bad date in a strict cast",
			"", read(file("date.csv", "id,opened,name\n\"1\nb\",2014-01-02,x\n2,Mary O'Neill 2014-13-45,x\n"),
				"{'id': 'VARCHAR', 'opened': 'DATE', 'name': 'VARCHAR'}", ""),
			[]string{`row 3, column "opened": a value cannot be read as a date`}},
		{"bad date in the grid's column",
			"", read(file("grid.csv", "a,b\n1,Mary O'Neill\n"), "{'column0': 'VARCHAR', 'column1': 'TIMESTAMP'}", ""),
			[]string{"row 2, column 2: a value cannot be read as a date"}},
		{"too long a line",
			"", read(file("long.csv", lead+"2,Mary O'Neill "+strings.Repeat("x", 200)+"\n"), two, ", max_line_size = 100"),
			[]string{"row 3: the row is", "more than the 100 a row may have"}},
		{"not UTF-8",
			"", read(file("utf8.csv", lead+"2,Mary O'Neill \xff\xfe\n"), two, ""),
			[]string{"row 3: bytes that are not UTF-8", "--encoding"}},
		{"out of memory",
			"SET memory_limit = '1MB'", "SELECT list(range::VARCHAR || ' Mary O''Neill') FROM range(2000000)",
			[]string{"DuckDB ran out of memory", "allowed) while asked to read the file", "--memory-limit"}},
		{"anything else",
			"", "SELECT CAST('Mary O''Neill' AS INTEGER)",
			[]string{"DuckDB could not read the file: could not convert string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := memDB(t)
			if tt.setup != "" {
				if _, err := db.ExecContext(ctx, tt.setup); err != nil {
					t.Fatal(err)
				}
			}
			_, err := db.ExecContext(ctx, tt.query)
			if err == nil {
				t.Fatal("DuckDB read it: the test provokes nothing")
			}
			got := queries.Error(err, "read the file").Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("message %q\nlacks %q", got, w)
				}
			}
			for _, r := range raw {
				if strings.Contains(got, r) {
					t.Errorf("message %q\nholds DuckDB's raw %q", got, r)
				}
			}
		})
	}
}

// TestMemoryLimitInWords: a limit DuckDB cannot read is refused in our words.
func TestMemoryLimitInWords(t *testing.T) {
	err := queries.SetMemoryLimit(context.Background(), memDB(t), "abc")
	if err == nil {
		t.Fatal("limit abc accepted")
	}
	if got := err.Error(); !strings.Contains(got, `"abc" is not a size`) || strings.Contains(got, "Parser") || strings.Contains(got, "SET") {
		t.Errorf("message %q: want ours, not DuckDB's", got)
	}
}
