package cmd

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newResolutionCmd(s *app) *cobra.Command {
	return newMeasureCmd(s, &measureOptions{}, &cobra.Command{
		Use:   "resolution [FILE...] [flags]",
		Short: "Time to resolve: median, 90th percentile and mean, by severity or any column",
		Long: `Time to resolve the calls the filters admit, by severity (or --by any column) and
for all: the resolved time (else the closed time) minus the opened time, in hours.
Calls still open and calls resolved before they were opened are counted apart; the
share of calls whose resolved time is known is given.`,
		Example: `  deskstat resolution --severity 1,2 --from 2014-01 --to 2014-12
  deskstat resolution samples/council_calls_2013_2014.xlsx --profile samples/council_profile.yaml --by assignment_group`,
	}, "severity", func(ctx context.Context, db *sql.DB, o *measureOptions) (*report.Measures, error) {
		return queries.Resolution(ctx, db, o.parsed, o.by)
	})
}
