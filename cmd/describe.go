package cmd

import (
	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/report"
)

type describeOptions struct {
	load   loadFlags
	format report.Format
}

func newDescribeCmd(s *app) *cobra.Command {
	o := &describeOptions{}
	c := &cobra.Command{
		Use:   "describe FILE...",
		Short: "Say what deskstat understands of exports, without loading them",
		Long: `Read exports as ingest would and say what was understood, loading nothing: the
format (delimiter, encoding, sheet, header row), which export column is read as
which canonical column and which are left unused, how each date column is written
and why its day/month order was chosen, the severity labels found and what each
is read as, the row counts, and whether rows repeat a ticket (an event log, of
which the latest update of each ticket is kept).`,
		Example: `  deskstat describe samples/jira_service_desk.csv
  deskstat describe --format json export.csv.gz`,
		Args: needFiles("describe"),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			lo, zone, err := o.load.options(s.dir)
			if err != nil {
				return err
			}
			lo.DryRun, lo.Strict = true, false
			db, err := openForLoad(ctx, s, "", zone)
			if err != nil {
				return err
			}
			defer db.Close()
			var ds []report.Description
			for _, f := range args {
				bar := newProgress(s.errOut, f)
				lo.Progress = bar.update
				sum, err := ingest.File(ctx, db, f, lo)
				bar.finish()
				if err != nil {
					return err
				}
				ds = append(ds, describe(sum))
			}
			if o.format == "" {
				o.format = report.Table
			}
			return report.WriteDescriptions(s.out, o.format, ds)
		},
	}
	o.load.register(c)
	c.Flags().VarP(&o.format, "format", "f", "output format: table or json")
	return c
}

func describe(s *ingest.Summary) report.Description {
	d := report.Description{
		File: s.File, SHA256: s.SHA256, Format: s.Format, Encoding: s.Encoding, Delimiter: s.Delimiter,
		Sheet: s.Sheet, Sheets: s.Sheets, HeaderRow: s.HeaderRow, Shape: firstNonEmpty(s.Mapping.Shape, "generic"),
		Source: s.Source, TimeZone: s.TimeZone, Unused: s.Mapping.Unused(), Tickets: s.Tickets,
		EventLog: s.EventLog(), Superseded: s.Superseded(), Warnings: s.Warnings,
	}
	d.Rows.Read, d.Rows.Loadable, d.Rows.Rejected, d.Rows.Skipped = s.Read, s.Loaded, s.Rejected, s.Skipped
	for _, canon := range ingest.CanonicalColumns() {
		if h := s.Mapping.Header(canon); h != "" {
			d.Columns = append(d.Columns, report.MappedColumn{Column: canon, Header: h})
		}
	}
	for _, dc := range s.Dates {
		d.Dates = append(d.Dates, report.DateFormat{Column: dc.Column, Header: dc.Header, Format: dc.Format,
			Order: dc.Order, Evidence: dc.Evidence, Values: dc.Values, Read: dc.Read})
	}
	for _, sc := range s.Severity {
		d.Severities = append(d.Severities, report.SeverityLabel{Label: sc.Label, Severity: sc.Severity, From: sc.From, Tickets: sc.Tickets})
	}
	d.Ladder, d.OpenedFrom = s.Ladder, s.OpenedFrom
	_, d.Changelog = s.Mapping.Columns["change_field"]
	d.Statuses = []report.StatusValue{}
	for _, st := range s.Statuses {
		d.Statuses = append(d.Statuses, report.StatusValue{Status: st.Status, Phase: st.Phase, Rows: st.Rows, Tickets: st.Tickets})
	}
	for _, r := range s.Rejects {
		d.Rejects = append(d.Rejects, report.RejectNote{Row: r.Row, Column: r.Column, Reason: r.Reason})
	}
	if d.Unused == nil {
		d.Unused = []string{}
	}
	if d.Warnings == nil {
		d.Warnings = []string{}
	}
	return d
}
