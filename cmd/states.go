package cmd

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newStatesCmd(s *app) *cobra.Command {
	return newMeasureCmd(s, &measureOptions{}, &cobra.Command{
		Use:   "states [FILE...] [flags]",
		Short: "Time in each state: how long calls spent new, in progress, waiting, resolved",
		Long: `For the calls the filters admit whose export is an event log (a row per update, with
its time): for each status, the calls that spent time in it and the median, 90th
percentile and total of their hours there, measured from each update to the next in
the order of the updates; the time in all waiting states together (those that pause
an SLA clock); and the time from opening to the first assignment and to the first
work state. With --by, per value of a column too. With the profile's working_hours,
in working hours too.`,
		Example: `  deskstat states --db calls.duckdb
  deskstat states --by severity --severity 1,2
  deskstat states samples/process_mining_log.csv`,
	}, optionalBy, func(ctx context.Context, db *sql.DB, o *measureOptions) (*report.Measures, error) {
		return queries.States(ctx, db, o.parsed, o.by)
	})
}
