package cmd

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newRejectsCmd(s *streams) *cobra.Command {
	var allowPersonal bool
	c := newListCmd(s, &cobra.Command{
		Use:   "rejects [--db PATH]",
		Short: "List the rows that could not be loaded, with why",
		Long: `List the rows that ingest could not load: the file, sheet, row and column at fault,
the reason, and the row as it was in the export.

Who raised or handled a call is personal data, and free text can name them: the
values of the row's personal and free-text columns (caller, requester, assigned to,
summary, description ..., and whatever the import mapped to them) are shown as
"(withheld)" unless --allow-personal is given.`,
		Example: `  deskstat rejects --db calls.duckdb
  deskstat rejects --format json > rejects.json`,
	}, func(ctx context.Context, db *sql.DB) (*report.Grid, error) {
		if allowPersonal {
			fmt.Fprintln(s.errOut, "deskstat: "+report.PersonalWarning)
		}
		return queries.Rejects(ctx, db, queries.RejectOptions{
			PersonalHeader:  func(h string) bool { return ingest.PersonalReason(h) != "" },
			PersonalColumns: ingest.WithheldColumns(),
			AllowPersonal:   allowPersonal,
		})
	})
	c.Flags().BoolVar(&allowPersonal, "allow-personal", false, "show the rows' personal columns (who raised or handled calls: not for publication)")
	return c
}

func newImportsCmd(s *streams) *cobra.Command {
	return newListCmd(s, &cobra.Command{
		Use:   "imports [--db PATH]",
		Short: "List what was imported, when, with checksums and counts",
		Long: `List every import into the database: when, from which file (and sheet), its
SHA-256, the system it came from, the time zone its times were read in, and what
it did: rows read, loaded, rejected and skipped, earlier updates superseded (event
logs), and tickets new, updated and not loaded because the database holds a later
update.`,
		Example: `  deskstat imports --db calls.duckdb
  deskstat imports --format json`,
	}, queries.Imports)
}

// newListCmd makes a command that lists records of the database as a table, CSV,
// JSON or Markdown.
func newListCmd(s *streams, c *cobra.Command, list func(context.Context, *sql.DB) (*report.Grid, error)) *cobra.Command {
	var db string
	var format report.Format
	c.Args = positional(cobra.NoArgs)
	c.RunE = func(c *cobra.Command, args []string) error {
		conn, err := openDB(c.Context(), s, db, true)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := queries.UseTimeZone(c.Context(), conn, ""); err != nil {
			return err
		}
		g, err := list(c.Context(), conn)
		if err != nil {
			return err
		}
		if format == "" {
			format = defaultFormat(s, "")
		}
		return report.WriteGrid(s.out, format, g)
	}
	c.Flags().StringVar(&db, "db", dbPath(), "database `PATH` (env DESKSTAT_DB)")
	c.Flags().VarP(&format, "format", "f", "output format: table, csv, json, markdown")
	return c
}
