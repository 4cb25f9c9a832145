package cmd

import (
	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

type importsOptions struct {
	db     string
	format report.Format
}

func newImportsCmd(s *streams) *cobra.Command {
	o := &importsOptions{}
	c := &cobra.Command{
		Use:   "imports [--db PATH]",
		Short: "List what was imported, when, with checksums and counts",
		Long: `List every import into the database: when, from which file (and sheet), its
SHA-256, the system it came from, the time zone its times were read in, and what
it did: rows read, loaded, rejected and skipped, earlier updates superseded (event
logs), and tickets new, updated and not loaded because the database holds a later
update.`,
		Example: `  deskstat imports --db calls.duckdb
  deskstat imports --format json`,
		Args: positional(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			db, err := openDB(c.Context(), o.db, true)
			if err != nil {
				return err
			}
			defer db.Close()
			if _, err := queries.UseTimeZone(c.Context(), db, ""); err != nil {
				return err
			}
			g, err := queries.Imports(c.Context(), db)
			if err != nil {
				return err
			}
			if o.format == "" {
				o.format = defaultFormat(s, "")
			}
			return report.WriteGrid(s.out, o.format, g)
		},
	}
	c.Flags().StringVar(&o.db, "db", dbPath(), "database `PATH` (env DESKSTAT_DB)")
	c.Flags().VarP(&o.format, "format", "f", "output format: table, csv, json, markdown")
	return c
}
