package cmd

import (
	"context"
	"database/sql"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newCompareCmd(s *app) *cobra.Command {
	return newMeasureCmd(s, &measureOptions{}, &cobra.Command{
		Use:   "compare [FILE...] --by supplier [flags]",
		Short: "Suppliers (or teams, services) side by side on the same measures",
		Long: `The auditor's table: one column per supplier (or --by assignment_group, service
...), one row per measure (calls, resolved, still open, median, 90th percentile and
mean time to resolve, share resolved within target, open past target), over the
same calls, period and definitions for all, with each one's difference against the
best. Suppliers come from the profile's suppliers rules on assignment groups.`,
		Example: `  deskstat compare samples/council_calls_2013_2014.xlsx --profile samples/council_profile.yaml --by supplier --severity 1,2`,
	}, "supplier", func(ctx context.Context, db *sql.DB, o *measureOptions) (*report.Measures, error) {
		policy, err := o.policy(s.dir)
		if err != nil {
			return nil, err
		}
		return queries.Compare(ctx, db, o.parsed, o.by, policy)
	})
}
