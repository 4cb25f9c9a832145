package cmd

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newTrendCmd(s *app) *cobra.Command {
	return newMeasureCmd(s, &measureOptions{}, &cobra.Command{
		Use:   "trend [FILE...] [flags]",
		Short: "Calls created and resolved per month (week, quarter), and the backlog",
		Long: `Calls created and calls resolved in each month (or --interval week or quarter) of
the period asked for (else the span of the data), and the backlog of open calls at
each period's end. A call opened before the period and resolved in it counts as
resolved then.`,
		Example: `  deskstat trend --from 2014-01 --to 2014-12 --severity 1,2
  deskstat trend --interval quarter`,
	}, "", func(ctx context.Context, db *sql.DB, o *measureOptions) (*report.Measures, error) {
		if !slices.Contains(queries.Intervals, o.interval) {
			return nil, usagef("--interval %q: want one of %s", o.interval, strings.Join(queries.Intervals, ", "))
		}
		return queries.Trend(ctx, db, o.parsed, o.interval)
	})
}
