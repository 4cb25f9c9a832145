package cmd

import (
	"context"
	"database/sql"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newSLACmd(s *app) *cobra.Command {
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
		policy, err := o.policy(s.dir)
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
func slaListing(c *cobra.Command, s *app, o *measureOptions, args []string, ticket string, disagreements bool) error {
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
	policy, err := o.policy(s.dir)
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
