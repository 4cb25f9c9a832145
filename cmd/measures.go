package cmd

import (
	"context"
	"database/sql"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

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
func newMeasureCmd(s *streams, o *measureOptions, c *cobra.Command, defaultBy string, measure func(context.Context, *sql.DB, *measureOptions) (*report.Measures, error)) *cobra.Command {
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
		rel, err := o.releases(c.Context(), db, c.Name(), report.Question{By: o.by, Interval: o.interval})
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
func (o *reportFlags) publishMeasures(ctx context.Context, s *streams, m *report.Measures, rel *release, earlier []report.Earlier) error {
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

// policy is the SLA policy of the profile the flags name, else the default.
func (o *measureOptions) policy() (queries.SLAPolicy, error) {
	lo, _, err := o.load.options()
	if err != nil {
		return queries.SLAPolicy{}, err
	}
	return lo.Profile.SLAPolicy()
}

func newResolutionCmd(s *streams) *cobra.Command {
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

func newSLACmd(s *streams) *cobra.Command {
	var ticket string
	var check, disagreements bool
	o := &measureOptions{}
	c := newMeasureCmd(s, o, &cobra.Command{
		Use:   "sla [FILE...] [flags]",
		Short: "Calls resolved within their severity's target, breached, and still open",
		Long: `For the calls the filters admit, by severity (or --by any column): how many were
resolved within their severity's target, how many after it, and how many are still
open, within their target or already past it at the time of the latest event in the
data. Targets come from the profile's sla_targets (e.g. 1: 4h, 2: 8h, 3: 3d); the
defaults are 4 hours, 8 hours, 3 days, 5 days and 10 days, in calendar time.

The clock runs from opening to resolution. Where the export is an event log (a row
per update), it stops while the call waits: its status is a paused one (Awaiting
User Info, Pending, On hold, Wait - User ...; the profile's pause_states), or
resolved before the call was reopened. The profile's sla_time: working counts the
working hours only, sla_pauses: false runs the clock through every wait, and
sla_restart_on_reopen: true starts it again when a call is reopened.

--ticket ID prints one call's clock as a timeline: each state, from, to, and whether
the clock counted it or paused. --check holds the clock against the export's own
verdict (ServiceNow's made_sla): calls that agree and disagree, by severity;
--disagreements lists the calls that disagree (ids only).`,
		Example: `  deskstat sla --from 2014-09 --to 2014-09 --profile samples/council_profile.yaml
  deskstat sla --by assignment_group --severity 1,2
  deskstat sla --ticket INC0000045 --db calls.duckdb
  deskstat sla --check --db calls.duckdb`,
	}, "severity", func(ctx context.Context, db *sql.DB, o *measureOptions) (*report.Measures, error) {
		policy, err := o.policy()
		if err != nil {
			return nil, err
		}
		if check {
			return queries.SLACheck(ctx, db, o.parsed, o.by, policy)
		}
		return queries.SLA(ctx, db, o.parsed, o.by, policy)
	})
	f := c.Flags()
	f.StringVar(&ticket, "ticket", "", "print the clock of the call `ID` as a timeline")
	f.BoolVar(&check, "check", false, "hold the SLA against the export's own verdict (made_sla)")
	f.BoolVar(&disagreements, "disagreements", false, "list the calls whose SLA disagrees with the export's own verdict")
	measures := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		if c.Flags().Changed("ticket") && strings.TrimSpace(ticket) == "" {
			return usagef("--ticket: give the call's reference, e.g. --ticket INC0000045")
		}
		if ticket == "" && !disagreements {
			return measures(c, args)
		}
		return slaListing(c, s, o, args, ticket, disagreements)
	}
	return c
}

// slaListing prints a call's SLA clock (--ticket) or the calls whose SLA
// disagrees with the export's (--disagreements): records of single calls, not
// counts, and so never published under a disclosure policy.
func slaListing(c *cobra.Command, s *streams, o *measureOptions, args []string, ticket string, disagreements bool) error {
	o.files = args
	switch {
	case ticket != "" && disagreements:
		return usagef("--ticket and --disagreements: give one")
	case o.suppress != "" && o.suppress != "none":
		return usagef("--suppress: a single call's clock, or a list of calls, is not for publication")
	case o.output != "":
		return usagef("-o: --ticket and --disagreements write to standard output")
	}
	if err := o.check(); err != nil {
		return err
	}
	policy, err := o.policy()
	if err != nil {
		return err
	}
	db, err := o.open(c.Context(), s)
	if err != nil {
		return err
	}
	defer db.Close()
	format := o.format
	if format == "" {
		format = defaultFormat(s, "")
	}
	if disagreements {
		g, err := queries.SLADisagreements(c.Context(), db, o.parsed, policy)
		if err != nil {
			return err
		}
		return report.WriteGrid(s.out, format, g)
	}
	clocks, err := queries.SLATimeline(c.Context(), db, ticket, policy)
	if err != nil {
		return err
	}
	return report.WriteClocks(s.out, format, clocks)
}

func newStatesCmd(s *streams) *cobra.Command {
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

func newChangesCmd(s *streams) *cobra.Command {
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
		if minCount < 1 {
			return usagef("--min-count %d: want 1 or more", minCount)
		}
		return run(c, args)
	}
	return c
}

func newTrendCmd(s *streams) *cobra.Command {
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

func newCompareCmd(s *streams) *cobra.Command {
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
		policy, err := o.policy()
		if err != nil {
			return nil, err
		}
		return queries.Compare(ctx, db, o.parsed, o.by, policy)
	})
}

func newMonthlyCmd(s *streams) *cobra.Command {
	o := &measureOptions{}
	minCount := 3
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
		RunE: func(c *cobra.Command, args []string) error {
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
			if minCount < 1 {
				return usagef("--min-count %d: want 1 or more", minCount)
			}
			policy, err := o.policy()
			if err != nil {
				return err
			}
			db, err := o.open(c.Context(), s)
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := queries.Monthly(c.Context(), db, o.parsed, policy, minCount)
			if err != nil {
				return err
			}
			rel, err := o.releases(c.Context(), db, "monthly", report.Question{})
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
		},
	}
	o.register(c)
	c.Flags().IntVar(&minCount, "min-count", 3, "flag the last month's change only where it has at least `N` calls")
	return c
}

var monthArg = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}$`)

// takeMonth reads a leading MONTH argument (2014-09) as --from and --to that
// month, and returns the arguments after it (the FILEs).
func (o *reportFlags) takeMonth(args []string) ([]string, error) {
	if len(args) == 0 || !monthArg.MatchString(args[0]) {
		return args, nil
	}
	if o.from != "" || o.to != "" {
		return nil, usagef("give a MONTH or --from/--to, not both")
	}
	if _, err := time.Parse("2006-01", args[0]); err != nil {
		return nil, usagef("MONTH %q: want a month as 2014-09", args[0])
	}
	o.from, o.to = args[0], args[0]
	return args[1:], nil
}
