package cmd

import (
	"context"
	"database/sql"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// measureOptions are the flags of the commands that report measures.
type measureOptions struct {
	reportFlags
	by       string
	interval string
}

// newMeasureCmd makes a command that computes measures over the calls the report
// flags admit and writes them in the chosen format.
func newMeasureCmd(s *app, o *measureOptions, c *cobra.Command, defaultBy string, measure func(context.Context, *sql.DB, *measureOptions) (*report.Measures, error)) *cobra.Command {
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(c *cobra.Command, args []string) error {
		o.files = args
		if defaultBy != "" && o.by != "" {
			if _, err := queries.LookupColumn(o.by, o.allowPersonal); err != nil {
				return usagef("--by: %v", err)
			}
		}
		if err := o.check(); err != nil {
			return err
		}
		if err := o.singlesOut(o.by); err != nil {
			return err
		}
		db, err := o.open(c.Context(), s)
		if err != nil {
			return err
		}
		defer db.Close()
		m, err := measure(c.Context(), db, o)
		if err != nil {
			return err
		}
		rel, err := o.releases(c.Context(), s, db, c.Name(), report.Question{By: o.by, Interval: o.interval})
		if err != nil {
			return err
		}
		earlier := rel.same()
		if c.Name() == "trend" {
			steps, err := rel.trends(c.Context(), o.interval, m)
			if err != nil {
				return err
			}
			earlier = append(earlier, steps...)
		}
		return o.publishMeasures(c.Context(), s, m, rel, earlier)
	}
	o.register(c)
	makesFigures(c)
	switch defaultBy {
	case optionalBy:
		c.Flags().StringVar(&o.by, "by", "", "group by this `COLUMN` too")
		registerByCompletion(c)
	case "":
		c.Flags().StringVar(&o.interval, "interval", "month", "cut time into "+strings.Join(queries.Intervals, ", "))
		_ = c.RegisterFlagCompletionFunc("interval", cobra.FixedCompletions(queries.Intervals, cobra.ShellCompDirectiveNoFileComp))
	default:
		c.Flags().StringVar(&o.by, "by", defaultBy, "group by this `COLUMN`")
		registerByCompletion(c)
	}
	return c
}

// publishMeasures hides what the disclosure policy says in m (against earlier
// releases), writes it, and records it as a release.
func (o *reportFlags) publishMeasures(ctx context.Context, s *app, m *report.Measures, rel *release, earlier []report.Earlier) error {
	published, err := o.suppression().ApplyMeasures(ctx, m, earlier)
	if err != nil {
		return err
	}
	if err := writeResult(s, o.format, o.output, m.Meta, append(m.Meta.Notes(), m.Definitions...),
		func(w io.Writer, f report.Format) error { return report.WriteMeasures(w, f, m) }); err != nil {
		return err
	}
	return rel.record(ctx, published)
}

// optionalBy, as a measure command's default --by, says the command groups by no
// column unless asked.
const optionalBy = "-"

// policy is the SLA policy of the profile the flags name (relative to dir), else
// the default.
func (o *measureOptions) policy(dir string) (queries.SLAPolicy, error) {
	lo, _, err := o.load.options(dir)
	if err != nil {
		return queries.SLAPolicy{}, err
	}
	return lo.Profile.SLAPolicy()
}
