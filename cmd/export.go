package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newExportCmd(s *app) *cobra.Command {
	var db, format string
	var personal bool
	c := &cobra.Command{
		Use:   "export --format parquet DIR [--db PATH]",
		Short: "Write the database's tables as Parquet, for a warehouse (or --db DIR)",
		Long: `Write the database's tickets, events, imports, rejects and releases as Parquet files under
DIR (a new folder): tickets and events Hive-partitioned by the month each ticket was
opened (DIR/tickets/opened_month=2014-09/...), imports and rejects one file each. Spark,
Trino or BigQuery read them as they are; --db DIR gives them to every report of
deskstat, read only. The columns are those of the database (README, "Sharing the
tables"), but who raised or handled each call and its free text are left empty, and
a rejected row's cells out, unless --allow-personal (then not for publication).`,
		Example: `  deskstat export --format parquet warehouse/ --db calls.duckdb
  deskstat breakdown --db warehouse/ --severity 1,2`,
		Args: oneArg("the folder to export to: deskstat export --format parquet warehouse/"),
		RunE: func(c *cobra.Command, args []string) error {
			if format != "parquet" {
				return usagef("--format %q: deskstat exports parquet", format)
			}
			conn, err := openToRead(c.Context(), s, db)
			if err != nil {
				return err
			}
			defer conn.Close()
			if personal {
				fmt.Fprintln(s.errOut, "deskstat: "+report.PersonalWarning)
			}
			if err := queries.ExportParquet(c.Context(), conn, s.at(args[0]), personal); err != nil {
				return err
			}
			fmt.Fprintf(s.errOut, "deskstat: wrote %s (parquet: tickets, events, imports, rejects, releases)\n", args[0])
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", dbPath(), "database `PATH` to export (env DESKSTAT_DB)")
	c.Flags().StringVar(&format, "format", "parquet", "the files' `FORMAT`: parquet")
	c.Flags().BoolVar(&personal, "allow-personal", false, "keep who raised and handled calls, their free text and rejected rows' cells (personal data: not for publication)")
	return c
}
