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

func newRejectsCmd(s *app) *cobra.Command {
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
