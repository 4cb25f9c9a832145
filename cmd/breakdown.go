package cmd

import (
	"database/sql"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

type breakdownOptions struct {
	reportFlags
	by     string
	across string // a two-way table's columns: a column, or month, week, quarter
	answer bool   // write the FOI reply (deskstat answer) rather than the table
}

func newBreakdownCmd(s *app) *cobra.Command {
	o := &breakdownOptions{}
	c := &cobra.Command{
		Use:   "breakdown [FILE...] [flags]",
		Short: "Count calls by category (or any column) for a period, severity and team",
		Long: `Count the calls that the filters admit, grouped by category or any other column,
and say what was counted: the filters, the period asked for, the period the data
covers, and the calls left out (an unrecognised severity, rows rejected at import).

With FILEs, they are loaded into memory first and no database is needed; without,
the database (--db) is read.

Formats: table (default on a terminal), csv (default in a pipe), text (the wording of
an FOI answer), json, markdown, html (one self-contained page with a chart).

Columns for --by and --where: ` + strings.Join(queries.ColumnNames(), ", ") + `.
Who raised or handled a call is personal data and cannot be reported.`,
		Example: `  # The council's FOI answer, from the sample log:
  deskstat breakdown samples/council_calls_2013_2014.xlsx --profile samples/council_profile.yaml \
      --severity 1,2 --from 2013-06 --to 2014-09 --where "service=Children's Social Care" --format text

  # From a database, by team, as an HTML page:
  deskstat breakdown --db calls.duckdb --severity 1 --by assignment_group -o sev1_by_team.html`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.files = args
			if err := o.check(); err != nil {
				return err
			}
			return o.run(c, s)
		},
	}
	o.register(c)
	makesFigures(c)
	c.Flags().StringVar(&o.by, "by", "category", "group by this `COLUMN`")
	c.Flags().StringVar(&o.across, "across", "", "a two-way table: columns by this `COLUMN`, or month, week, quarter (rows by --by, with both margins)")
	registerByCompletion(c)
	_ = c.RegisterFlagCompletionFunc("across", cobra.FixedCompletions(append([]string{"month", "week", "quarter"}, queries.ColumnNames()...), cobra.ShellCompDirectiveNoFileComp))
	return c
}

func (o *breakdownOptions) check() error {
	if _, err := queries.LookupColumn(o.by, o.allowPersonal); err != nil {
		return usagef("--by: %v", err)
	}
	if o.across != "" {
		if _, period := queries.AcrossPeriods[o.across]; !period {
			if _, err := queries.LookupColumn(o.across, o.allowPersonal); err != nil {
				return usagef("--across: %v (or month, week, quarter)", err)
			}
		}
		if o.across == o.by {
			return usagef("--across %s: the same column as --by", o.across)
		}
		if o.answer {
			return usagef("--across: an answer is a one-way breakdown; use deskstat breakdown --across")
		}
		if o.format == report.Text {
			return usagef("--across: the text format is a one-way breakdown's letter; use table, csv, json, markdown, html or xlsx")
		}
	}
	if err := o.reportFlags.check(); err != nil {
		return err
	}
	return o.singlesOut(o.by, o.across)
}

func (o *breakdownOptions) run(c *cobra.Command, s *app) error {
	db, err := o.open(c.Context(), s)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.across != "" {
		return o.runCrosstab(c, s, db)
	}
	res, err := queries.Breakdown(c.Context(), db, o.parsed, o.by)
	if err != nil {
		return err
	}
	command := map[bool]string{true: "answer", false: "breakdown"}[o.answer]
	rel, err := o.releases(c.Context(), s, db, command, report.Question{By: o.by})
	if err != nil {
		return err
	}
	earlier, err := rel.breakdowns(c.Context(), o.by)
	if err != nil {
		return err
	}
	published, err := o.suppression().Apply(c.Context(), res, earlier)
	if err != nil {
		return err
	}
	if o.answer {
		err = writeResult(s, o.format, o.output, res.Meta, nil, func(w io.Writer, f report.Format) error { return report.WriteAnswerAs(w, f, res) })
	} else {
		err = writeResult(s, o.format, o.output, res.Meta, res.Notes(), func(w io.Writer, f report.Format) error { return report.Write(w, f, res) })
	}
	if err != nil {
		return err
	}
	return rel.record(c.Context(), published)
}

// runCrosstab writes the two-way table (--across), disclosure control covering
// both its margins.
func (o *breakdownOptions) runCrosstab(c *cobra.Command, s *app, db *sql.DB) error {
	m, err := queries.Crosstab(c.Context(), db, o.parsed, o.by, o.across)
	if err != nil {
		return err
	}
	rel, err := o.releases(c.Context(), s, db, "breakdown", report.Question{By: o.by, Across: o.across})
	if err != nil {
		return err
	}
	return o.publishMeasures(c.Context(), s, m, rel, rel.same())
}
