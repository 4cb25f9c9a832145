package cmd

import (
	"context"
	"database/sql"
	"slices"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/report"
)

// newListCmd makes a command that lists records of the database as a table, CSV,
// JSON or Markdown.
func newListCmd(s *app, c *cobra.Command, list func(context.Context, *sql.DB) (*report.Grid, error)) *cobra.Command {
	var db string
	var format report.Format
	c.Args = positional(cobra.NoArgs)
	c.RunE = func(c *cobra.Command, args []string) error {
		if format != "" && !slices.Contains([]report.Format{report.Table, report.CSV, report.JSON, report.Markdown}, format) {
			return usagef("--format %s: a listing is written as table, csv, json or markdown", format)
		}
		conn, err := openToRead(c.Context(), s, db)
		if err != nil {
			return err
		}
		defer conn.Close()
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
