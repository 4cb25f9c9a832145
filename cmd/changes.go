package cmd

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newChangesCmd(s *app) *cobra.Command {
	o := &measureOptions{}
	minCount := 3
	c := newMeasureCmd(s, o, &cobra.Command{
		Use:   "changes [MONTH] [FILE...] [flags]",
		Short: "Is a month up or down on the year before, or is that noise?",
		Long: `For a month (2014-09; default: the latest month held), per severity (or --by any
column) and for all: the calls opened that month against the mean of the 12 months
before, the rate ratio, and its exact 95% confidence interval (the conditional
binomial method, as R's poisson.test). A group is flagged up or down only where the
interval excludes 1 and the month has at least --min-count calls: a change unlikely
to be noise, never a bare "up 200%".`,
		Example: `  deskstat changes 2014-09 --profile samples/council_profile.yaml
  deskstat changes --by category --severity 1,2 --min-count 5`,
	}, "severity", func(ctx context.Context, db *sql.DB, o *measureOptions) (*report.Measures, error) {
		return queries.Changes(ctx, db, o.parsed, o.by, minCount)
	})
	c.Flags().IntVar(&minCount, "min-count", 3, "flag a change only where the month has at least `N` calls")
	run := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		args, err := o.takeMonth(args)
		if err != nil {
			return err
		}
		if err := checkMinCount(minCount); err != nil {
			return err
		}
		return run(c, args)
	}
	return c
}

// checkMinCount checks --min-count, the fewest calls a change is flagged on.
func checkMinCount(n int) error {
	if n < 1 {
		return usagef("--min-count %d: want 1 or more", n)
	}
	return nil
}
