package cmd

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// BenchmarkPackAudit measures disclosure control of a whole monthly pack (April 2016)
// of the shared ServiceNow log under each policy, beside the baseline of making the
// pack (its queries) in the same run: the audit's cost is read as a ratio to it, and
// the target is an audit under 0.5 s.
//
//	go test ./cmd -run '^$' -bench PackAudit -count 4
func BenchmarkPackAudit(b *testing.B) {
	const log = "../../shared/datasets/servicenow_incident_event_log.csv.gz"
	if _, err := os.Stat(log); err != nil {
		b.Skip("the shared ServiceNow dataset is not beside this repository")
	}
	ctx := context.Background()
	dbPath := filepath.Join(b.TempDir(), "sn.duckdb")
	if code := Main(ctx, []string{"ingest", "--db", dbPath, log}, nil, io.Discard, io.Discard); code != 0 {
		b.Fatalf("ingest exit %d", code)
	}
	db, err := queries.Open(ctx, dbPath, true)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := queries.UseTimeZone(ctx, db, ""); err != nil {
		b.Fatal(err)
	}
	p, err := report.ParsePeriod("2016-04", "2016-04")
	if err != nil {
		b.Fatal(err)
	}
	f := report.Filter{Period: p}
	pack := func(b *testing.B) *report.Pack {
		pk, err := queries.Monthly(ctx, db, f, queries.DefaultSLA, 3)
		if err != nil {
			b.Fatal(err)
		}
		return pk
	}
	b.Run("pack", func(b *testing.B) {
		for b.Loop() {
			pack(b)
		}
	})
	for _, policy := range []string{"lt5", "dfe", "ons"} {
		b.Run("audit/"+policy, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				pk := pack(b)
				b.StartTimer()
				if _, err := (report.Suppression{Policy: policy}).ApplyPack(ctx, pk, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
