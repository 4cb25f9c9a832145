package queries_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// An export read back answers as the database it came from: the same tickets,
// events, imports and rejects, so the same figures; tickets and events are in
// folders by opened month; a folder with anything in it is not written into.
func TestParquetRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := loadFile(t, "../samples/process_mining_log.csv")
	dir := filepath.Join(t.TempDir(), "warehouse")
	if err := queries.ExportParquet(ctx, db, dir, false); err != nil {
		t.Fatal(err)
	}
	months, err := filepath.Glob(filepath.Join(dir, "tickets", "opened_month=*"))
	if err != nil || len(months) != 3 { // March, April and May 2013
		t.Errorf("ticket folders %v, want one a month opened", months)
	}
	back, err := queries.OpenParquet(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if _, err := queries.UseTimeZone(ctx, back, "UTC"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"tickets", "events", "imports", "rejects"} {
		var a, b int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&a); err != nil {
			t.Fatal(err)
		}
		if err := back.QueryRow("SELECT count(*) FROM " + table).Scan(&b); err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("%s: %d rows, %d read back", table, a, b)
		}
	}
	for name, run := range map[string]func(d *sql.DB) (*report.Measures, error){
		"sla": func(d *sql.DB) (*report.Measures, error) {
			return queries.SLA(ctx, d, report.Filter{}, "severity", queries.DefaultSLA)
		},
		"states": func(d *sql.DB) (*report.Measures, error) { return queries.States(ctx, d, report.Filter{}, "severity") },
		"resolution": func(d *sql.DB) (*report.Measures, error) {
			return queries.Resolution(ctx, d, report.Filter{}, "severity")
		},
	} {
		a, err := run(db)
		if err != nil {
			t.Fatal(err)
		}
		b, err := run(back)
		if err != nil {
			t.Fatal(err)
		}
		ra, rb := a.Rows, b.Rows
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("%s: %v from the database, %v from its export", name, ra, rb)
		}
	}
	if err := queries.ExportParquet(ctx, db, dir, false); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("export into a full folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "imports", "imports.parquet")); err != nil {
		t.Error(err)
	}
	// Who handled each call is not in the files unless asked for.
	var named int
	if err := back.QueryRow("SELECT count(assigned_to) + count(caller) + count(summary) FROM tickets").Scan(&named); err != nil {
		t.Fatal(err)
	}
	if named != 0 {
		t.Errorf("%d tickets exported with who handled them", named)
	}
	with := filepath.Join(t.TempDir(), "personal")
	if err := queries.ExportParquet(ctx, db, with, true); err != nil {
		t.Fatal(err)
	}
	full, err := queries.OpenParquet(ctx, with)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	if err := full.QueryRow("SELECT count(assigned_to) FROM tickets").Scan(&named); err != nil || named != 7 {
		t.Errorf("--allow-personal: %d of 7 tickets with who handled them (%v)", named, err)
	}
}
