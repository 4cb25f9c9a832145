package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

type ingestOptions struct {
	db    string
	load  loadFlags
	files []string
}

func newIngestCmd(s *app) *cobra.Command {
	o := &ingestOptions{}
	c := &cobra.Command{
		Use:   "ingest [--db PATH] [--profile FILE] FILE...",
		Short: "Load call exports (CSV, TSV, CSV.gz, XLSX) into a database",
		Long: `Load call exports into a DuckDB database file, one transaction per file: a file
either loads whole or not at all. Rows that cannot be loaded (no reference, a date
that cannot be read) are kept with the reason and listed by 'deskstat rejects';
--strict fails the import instead.

The header row is found among the first rows (title rows above it are fine) and its
columns are recognised by name: ServiceNow, Jira Service Management, Zendesk and
Freshservice exports and hand-kept logs need no mapping; --map or the profile's
columns name any others. An event log (a row per update) loads the latest update of
each ticket.

A ticket is its source and reference: the same file again loads nothing, and a newer
export of the same tickets updates them. 'deskstat imports' lists what was loaded.
'deskstat describe' says what a file will give without loading it.`,
		Example: `  deskstat ingest --profile samples/council_profile.yaml samples/council_calls_2013_2014.xlsx
  DESKSTAT_DB=calls.duckdb deskstat ingest export_2014.csv.gz`,
		Args: needFiles("load"),
		RunE: func(c *cobra.Command, args []string) error {
			o.files = args
			return o.run(c, s)
		},
	}
	c.Flags().StringVar(&o.db, "db", dbPath(), "database `PATH` (env DESKSTAT_DB)")
	o.load.register(c)
	return c
}

func (o *ingestOptions) run(c *cobra.Command, s *app) error {
	lo, zone, err := o.load.options(s.dir)
	if err != nil {
		return err
	}
	ctx := c.Context()
	_, statErr := os.Stat(s.at(o.db))
	created := errors.Is(statErr, fs.ErrNotExist)
	db, err := openForLoad(ctx, s, o.db, zone)
	if err != nil {
		return err
	}
	loaded, err := loadFiles(ctx, db, o.files, lo, s.out, s.errOut)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil && loaded+1 < len(o.files) {
		// Each file is one transaction: those before are loaded, those after not tried.
		err = fmt.Errorf("%w\n%d of %d files loaded; not tried: %s", err, loaded, len(o.files), strings.Join(o.files[loaded+1:], ", "))
	}
	if err != nil && loaded == 0 && created {
		// Nothing loaded into a database made for it: no empty database is left
		// behind for a later report to read as "no calls".
		for _, f := range []string{s.at(o.db), s.at(o.db) + ".wal"} {
			_ = os.Remove(f)
		}
	}
	return err
}
