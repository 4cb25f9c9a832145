package cmd

import (
	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

type rejectsOptions struct {
	db     string
	format report.Format
}

func newRejectsCmd(s *streams) *cobra.Command {
	o := &rejectsOptions{}
	c := &cobra.Command{
		Use:   "rejects [--db PATH]",
		Short: "List the rows that could not be loaded, with why",
		Long: `List the rows that ingest could not load: the file, sheet, row and column at fault,
the reason, and the row as it was in the export.`,
		Example: `  deskstat rejects --db calls.duckdb
  deskstat rejects --format json > rejects.json`,
		Args: positional(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			db, err := openDB(c.Context(), o.db, true)
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := queries.Rejects(c.Context(), db)
			if err != nil {
				return err
			}
			if o.format == "" {
				o.format = defaultFormat(s, "")
			}
			return report.WriteGrid(s.out, o.format, t)
		},
	}
	c.Flags().StringVar(&o.db, "db", dbPath(), "database `PATH` (env DESKSTAT_DB)")
	c.Flags().VarP(&o.format, "format", "f", "output format: table, csv, json")
	return c
}
