package queries_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// testdata/deskstat-duckdb-1.4.1.duckdb.gz is a database written by deskstat when it
// was built on DuckDB 1.4.1 (github.com/marcboeker/go-duckdb/v2 v2.4.3), made in this
// folder with
//
//	deskstat ingest --db deskstat-duckdb-1.4.1.duckdb \
//	    --profile ../samples/council_profile.yaml ../samples/council_calls_2013_2014.xlsx
//
// It holds only that sample. Gzipped: the file is 1 MB of mostly empty blocks.
const oldDatabase = "testdata/deskstat-duckdb-1.4.1.duckdb.gz"

// maxStorage141 is the newest storage format DuckDB 1.4.1 reads: the number a database
// file's header holds at bytes 12-19. A newer one it refuses ("Trying to read a
// database file with version number 68, but we can only read versions between 64 and
// 67"), so a database made by this deskstat must keep to it for older builds to read.
const maxStorage141 = 67

// storageVersion reads a DuckDB database file's header: the storage format number and
// the DuckDB version that created the file.
func storageVersion(t *testing.T, path string) (uint64, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := make([]byte, 64)
	if _, err := io.ReadFull(f, h); err != nil {
		t.Fatal(err)
	}
	if string(h[8:12]) != "DUCK" {
		t.Fatalf("%s is not a DuckDB database: header %q", path, h[:12])
	}
	return binary.LittleEndian.Uint64(h[12:20]), string(bytes.TrimRight(h[52:64], "\x00"))
}

// unpackOld writes the old database into a new folder and returns its path.
func unpackOld(t *testing.T) string {
	t.Helper()
	in, err := os.Open(oldDatabase)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	z, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.duckdb")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, z); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// reports renders deskstat's reports of db as JSON, one string per report.
func reports(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	if _, err := queries.UseTimeZone(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	p, err := report.ParsePeriod("2014-09", "2014-09")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	render := func(name string, write func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.String()
	}
	render("breakdown (the seed question)", func(b *bytes.Buffer) error {
		r, err := queries.Breakdown(ctx, db, seedFilter(t), "category")
		if err != nil {
			return err
		}
		return report.Write(b, report.JSON, r)
	})
	render("breakdown by service", func(b *bytes.Buffer) error {
		r, err := queries.Breakdown(ctx, db, report.Filter{}, "service")
		if err != nil {
			return err
		}
		return report.Write(b, report.JSON, r)
	})
	measures := map[string]func() (*report.Measures, error){
		"resolution": func() (*report.Measures, error) {
			return queries.Resolution(ctx, db, report.Filter{}, "severity")
		},
		"sla": func() (*report.Measures, error) {
			return queries.SLA(ctx, db, report.Filter{}, "severity", queries.DefaultSLA)
		},
		"trend": func() (*report.Measures, error) { return queries.Trend(ctx, db, report.Filter{}, "month") },
		"ageing": func() (*report.Measures, error) {
			return queries.Ageing(ctx, db, report.Filter{}, "severity", time.Date(2014, 9, 30, 0, 0, 0, 0, time.UTC))
		},
	}
	for name, m := range measures {
		render(name, func(b *bytes.Buffer) error {
			r, err := m()
			if err != nil {
				return err
			}
			return report.WriteMeasures(b, report.JSON, r)
		})
	}
	render("monthly 2014-09", func(b *bytes.Buffer) error {
		pk, err := queries.Monthly(ctx, db, report.Filter{Period: p}, queries.DefaultSLA, 3)
		if err != nil {
			return err
		}
		return report.WritePack(b, report.JSON, pk)
	})
	render("rejects", func(b *bytes.Buffer) error {
		g, err := queries.Rejects(ctx, db, queries.RejectOptions{})
		if err != nil {
			return err
		}
		return report.WriteGrid(b, report.JSON, g)
	})
	return out
}

// A database written by deskstat on DuckDB 1.4.1 opens with this build and gives the
// same reports as the same sample loaded by this build; opened for writing, it keeps
// its storage format, so the older build can still read it.
func TestOpensDatabaseOfDuckDB141(t *testing.T) {
	ctx := context.Background()
	path := unpackOld(t)
	if v, by := storageVersion(t, path); v > maxStorage141 || by != "v1.4.1" {
		t.Fatalf("%s: storage %d made by DuckDB %s, want a database DuckDB v1.4.1 made (storage <= %d)", oldDatabase, v, by, maxStorage141)
	}

	old, err := queries.Open(ctx, path, true)
	if err != nil {
		t.Fatalf("open a database of DuckDB 1.4.1: %v", err)
	}
	got := reports(t, old)
	old.Close()
	want := reports(t, loadProfiled(t, "council_calls_2013_2014.xlsx", true))
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s differs on the database of DuckDB 1.4.1:\n%s\nloaded now:\n%s", name, got[name], w)
		}
	}
	if !regexp.MustCompile(`"category": "Total",\s*"calls": 32\b`).MatchString(got["breakdown (the seed question)"]) {
		t.Errorf("the seed question on the old database: %s, want a total of 32", got["breakdown (the seed question)"])
	}

	rw, err := queries.Open(ctx, path, false)
	if err != nil {
		t.Fatalf("open a database of DuckDB 1.4.1 for writing: %v", err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if v, _ := storageVersion(t, path); v > maxStorage141 {
		t.Errorf("opened for writing, the database moved to storage %d: DuckDB 1.4.1 reads up to %d", v, maxStorage141)
	}
}

// A database this build creates is in a storage format DuckDB 1.4.1 reads, so an
// older deskstat can still open it.
func TestNewDatabaseReadableByDuckDB141(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.duckdb")
	db, err := queries.Open(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v, by := storageVersion(t, path); v > maxStorage141 {
		t.Errorf("a new database has storage %d (made by DuckDB %s): DuckDB 1.4.1 reads up to %d", v, by, maxStorage141)
	}
}
