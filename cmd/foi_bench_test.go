package cmd

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// BenchmarkFOI answers an FOI officer's question straight from a raw ServiceNow-shaped
// CSV (made by the ingest benchmarks' generator; .ci/bench passes it in
// DESKSTAT_BENCH_CSV): how many Sev 1 and 2 calls per category were opened in March
// to May 2016. deskstat runs `breakdown FILE` in this process; the baselines answer
// the same question with one DuckDB query over read_csv, and with the sqlite3 shell
// (import, then query) where it is installed. Each checks its answer against
// deskstat's: a fast wrong answer would mean nothing. deskstat's answer is kept in
// DESKSTAT_BENCH_FOI_ANSWER where that is set (.ci/bench sets it), so that a
// baseline's process need not make it, which would count in its peak memory.
//
//	DESKSTAT_BENCH_CSV=/tmp/deskstat-bench/servicenow_1000000_v1.csv go test ./cmd -run '^$' -bench FOI -benchtime 1x
func BenchmarkFOI(b *testing.B) {
	file := os.Getenv("DESKSTAT_BENCH_CSV")
	if file == "" {
		b.Skip("DESKSTAT_BENCH_CSV names no benchmark CSV (.ci/bench makes one)")
	}
	ctx := context.Background()
	answer := os.Getenv("DESKSTAT_BENCH_FOI_ANSWER")
	var want [][]string
	wanted := func(b *testing.B) [][]string {
		if want == nil && answer != "" {
			if f, err := os.Open(answer); err == nil {
				want, err = csv.NewReader(f).ReadAll()
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		if want == nil {
			want = foiDeskstat(b, ctx, file)
		}
		return want
	}

	b.Run("deskstat", func(b *testing.B) {
		var got [][]string
		for b.Loop() {
			got = foiDeskstat(b, ctx, file)
		}
		benchPeak(b)
		if answer != "" {
			var buf bytes.Buffer
			w := csv.NewWriter(&buf)
			w.WriteAll(got)
			if err := os.WriteFile(answer, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("duckdb", func(b *testing.B) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		want := wanted(b)
		for b.Loop() {
			got := foiRows(b, db, `SELECT category, count(*)::VARCHAR FROM read_csv($1, nullstr = '?')
				WHERE priority IN ('1 - Critical', '2 - High')
				  AND strptime(opened_at, '%d/%m/%Y %H:%M') >= TIMESTAMP '2016-03-01'
				  AND strptime(opened_at, '%d/%m/%Y %H:%M') < TIMESTAMP '2016-06-01'
				GROUP BY category`, file)
			foiSame(b, got, want)
		}
		benchPeak(b)
	})
	b.Run("sqlite3", func(b *testing.B) {
		if _, err := exec.LookPath("sqlite3"); err != nil {
			b.Skip("no sqlite3 shell")
		}
		query := `SELECT category, count(*) FROM (
			SELECT category, priority, substr(r, 1, instr(r, '/') - 1) AS m, substr(r, instr(r, '/') + 1, 4) AS y
			FROM (SELECT category, priority, substr(opened_at, instr(opened_at, '/') + 1) AS r FROM t))
			WHERE priority IN ('1 - Critical', '2 - High') AND y = '2016' AND CAST(m AS INTEGER) BETWEEN 3 AND 5
			GROUP BY category;`
		want := wanted(b)
		for b.Loop() {
			out, err := exec.Command("sqlite3", ":memory:", "-cmd", ".mode csv", "-cmd", ".import "+file+" t", query).Output()
			if err != nil {
				b.Fatal(err)
			}
			recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				b.Fatal(err)
			}
			foiSame(b, recs, want)
		}
	})
}

// foiDeskstat answers the question with deskstat breakdown FILE and returns its
// rows (category, calls) without the total.
func foiDeskstat(tb testing.TB, ctx context.Context, file string) [][]string {
	tb.Helper()
	var out, errOut bytes.Buffer
	args := []string{"breakdown", file, "--severity", "1,2", "--from", "2016-03", "--to", "2016-05",
		"--by", "category", "--format", "csv", "-o", filepath.Join(tb.TempDir(), "foi.csv")}
	if code := Main(ctx, args, nil, &out, &errOut); code != 0 {
		tb.Fatalf("deskstat %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	b, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		tb.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var rows [][]string
	for _, rec := range recs[1:] { // the header
		if len(rec) == 2 && rec[0] != "Total" {
			rows = append(rows, rec)
		}
	}
	if len(rows) == 0 {
		tb.Fatalf("deskstat answered with no rows:\n%s", b)
	}
	return rows
}

func foiRows(tb testing.TB, db *sql.DB, query string, args ...any) [][]string {
	tb.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			tb.Fatal(err)
		}
		out = append(out, []string{k, n})
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// foiSame fails unless two answers hold the same (category, count) pairs.
func foiSame(tb testing.TB, got, want [][]string) {
	tb.Helper()
	key := func(rows [][]string) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = fmt.Sprint(r)
		}
		slices.Sort(out)
		return out
	}
	if g, w := key(got), key(want); !slices.Equal(g, w) {
		tb.Fatalf("the baseline's answer differs from deskstat's:\n%v\nwant\n%v", g, w)
	}
}

// benchPeak reports the process's peak resident memory (VmHWM) in MiB: meaningful
// when each sub-benchmark runs in a process of its own, as .ci/bench runs them.
func benchPeak(b *testing.B) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%f kB", &kb); err == nil {
				b.ReportMetric(kb/1024, "peak-MiB")
			}
			return
		}
	}
}
