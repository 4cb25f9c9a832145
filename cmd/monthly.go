package cmd

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// monthlyOptions are the pack's flags: a report's, and the fewest calls a change
// is flagged on.
type monthlyOptions struct {
	measureOptions
	minCount int
}

func newMonthlyCmd(s *app) *cobra.Command {
	o := &monthlyOptions{}
	o.formats = report.PackFormats
	c := &cobra.Command{
		Use:   "monthly [MONTH] [FILE...] [flags]",
		Short: "The monthly pack: volumes, change, run charts, trend, backlog, time to resolve, SLA, categories, suppliers",
		Long: `The pack a service manager sends on, for a month (2014-09) or --from/--to (a quarter,
a year): calls by severity per month over the 24 months to the period's end; the
last month's change against the 12 before it, flagged as 'changes' does; run charts
of those months per severity (u-chart limits, Anhøj's rules; left out under a
disclosure policy); created against resolved over the twelve months to the period's
end, the backlog's ageing at its end, time to resolve and SLA by severity, the top
categories and, where calls have suppliers, the suppliers side by side.

-o report.html writes the pack to send on: one self-contained page, a chart over
each table, that opens offline. A table on a terminal; -o report.xlsx writes a
workbook with a sheet a table, -o report.json or --format json the figures for
other tools. Every output states the period, the filters, the data covered and the
definitions.`,
		Example: `  deskstat monthly 2014-09 --profile samples/council_profile.yaml -o report.html
  deskstat monthly 2014-09 --profile samples/council_profile.yaml
  deskstat monthly --from 2014-07 --to 2014-09 -o q3.xlsx`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error { return o.run(c, s, args) },
	}
	o.register(c)
	makesFigures(c)
	c.Flags().IntVar(&o.minCount, "min-count", 3, "flag the last month's change only where it has at least `N` calls")
	return c
}

// run makes the pack for the month or period asked for and writes it.
func (o *monthlyOptions) run(c *cobra.Command, s *app, args []string) error {
	args, err := o.takeMonth(args)
	if err != nil {
		return err
	}
	o.files = args
	if err := o.check(); err != nil {
		return err
	}
	if o.parsed.Period.From.IsZero() || o.parsed.Period.To.IsZero() {
		return usagef("say which month (deskstat monthly 2014-09) or give --from and --to")
	}
	if err := checkMinCount(o.minCount); err != nil {
		return err
	}
	policy, err := o.policy(s.dir)
	if err != nil {
		return err
	}
	db, err := o.open(c.Context(), s)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := queries.Monthly(c.Context(), db, o.parsed, policy, o.minCount)
	if err != nil {
		return err
	}
	rel, err := o.releases(c.Context(), s, db, "monthly", report.Question{})
	if err != nil {
		return err
	}
	// the tables together: a figure hidden in one is hidden in all
	published, err := o.suppression().ApplyPack(c.Context(), p, rel.same())
	if err != nil {
		return err
	}
	if o.format == "" && o.output == "" && !isTerminal(s.out) {
		o.format = report.JSON // a pipe gets the figures whole; CSV cannot hold several tables
	}
	if o.format == "" {
		o.format = report.Table
	}
	if err := writeResult(s, o.format, o.output, p.Meta, p.Notes(), func(w io.Writer, f report.Format) error { return report.WritePack(w, f, p) }); err != nil {
		return err
	}
	return rel.record(c.Context(), published)
}
