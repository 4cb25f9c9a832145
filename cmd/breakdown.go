package cmd

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// reportFlags are the flags of every command that reports on calls: where the
// calls come from (FILEs loaded into memory, or the database) and which count.
type reportFlags struct {
	db       string
	load     loadFlags
	severity []int
	from, to string
	where    []string
	format   report.Format
	output   string
	files    []string

	allowPersonal bool
	suppress      string
	threshold     int
	releaseLog    string

	parsed  report.Filter   // set by check
	formats []report.Format // what the command writes; nil: every format
}

type breakdownOptions struct {
	reportFlags
	by     string
	across string // a two-way table's columns: a column, or month, week, quarter
	answer bool   // write the FOI reply (deskstat answer) rather than the table
}

func newBreakdownCmd(s *streams) *cobra.Command {
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
	c.Flags().StringVar(&o.by, "by", "category", "group by this `COLUMN`")
	c.Flags().StringVar(&o.across, "across", "", "a two-way table: columns by this `COLUMN`, or month, week, quarter (rows by --by, with both margins)")
	registerByCompletion(c)
	_ = c.RegisterFlagCompletionFunc("across", cobra.FixedCompletions(append([]string{"month", "week", "quarter"}, queries.ColumnNames()...), cobra.ShellCompDirectiveNoFileComp))
	return c
}

// register adds the flags to a command, with their completions.
func (o *reportFlags) register(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&o.db, "db", dbPath(), "database `PATH` to read when no FILE is given (env DESKSTAT_DB)")
	f.BoolVar(&o.allowPersonal, "allow-personal", false, "allow --by, --where and --map on who raised or handled calls (personal data: not for publication)")
	o.load.allowPersonal = &o.allowPersonal
	o.load.register(c)
	f.Var(severityList{&o.severity}, "severity", "count only these severities, e.g. 1,2")
	f.StringVar(&o.from, "from", "", "first day or month opened, inclusive: 2013-06-01 or 2013-06")
	f.StringVar(&o.to, "to", "", "last day or month opened, inclusive: 2014-09-30 or 2014-09")
	f.StringArrayVar(&o.where, "where", nil, "only calls where `COLUMN=VALUE`; COLUMN!=VALUE leaves them out, COLUMN~TEXT finds TEXT anywhere in the value (also in summary: counted, never shown); repeatable: one column's = and ~ any of them, different columns all; case-insensitive")
	f.VarP(&o.format, "format", "f", "output format: "+report.FormatNames())
	f.StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of stdout (format from its extension unless --format)")
	f.StringVar(&o.suppress, "suppress", "none", "hide small counts before publishing: "+strings.Join(report.Policies, ", "))
	f.Var(thresholdValue{&o.threshold}, "suppress-threshold", "hide counts from 1 to `N`-1, N 3 or more, in place of the policy's threshold (default: the policy's own: lt5 5, dfe 6, ons 10)")
	f.StringVar(&o.releaseLog, "release-log", "", "under --suppress, audit against the outputs recorded in `FILE` and record this one there (for reports straight from files; from a database, its own record is used)")
	_ = c.RegisterFlagCompletionFunc("suppress", cobra.FixedCompletions(report.Policies, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		names := make([]string, len(report.Formats))
		for i, f := range report.Formats {
			names[i] = string(f)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("where", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var cols []string
		for _, n := range queries.ColumnNames() {
			cols = append(cols, n+"=")
		}
		return cols, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
}

func registerByCompletion(c *cobra.Command) {
	_ = c.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(queries.ColumnNames(), cobra.ShellCompDirectiveNoFileComp))
}

// filter is the report.Filter the flags ask for.
func (o *reportFlags) filter() (report.Filter, error) {
	f := report.Filter{Personal: o.allowPersonal}
	for _, s := range o.severity { // 1 to 5: the flag checks them
		if !slices.Contains(f.Severities, s) {
			f.Severities = append(f.Severities, s)
		}
	}
	p, err := report.ParsePeriod(o.from, o.to)
	if err != nil {
		return f, usageError{err}
	}
	f.Period = p
	for _, w := range o.where {
		c, ok := parseCondition(w)
		if !ok {
			return f, usagef("--where %q: want COLUMN=VALUE, COLUMN!=VALUE or COLUMN~TEXT, e.g. \"service=Children's Social Care\"", w)
		}
		if err := queries.CheckCondition(c, o.allowPersonal); err != nil {
			return f, usageError{err}
		}
		f.Where = append(f.Where, c)
	}
	return f, nil
}

// singlesOut refuses a search of the free text (summary~TEXT) together with a
// grouping or filter by ticket: it would say which call's text holds TEXT, a
// call's text read back a word at a time.
func (o *reportFlags) singlesOut(by ...string) error {
	if o.allowPersonal {
		return nil
	}
	free, ticket := false, slices.Contains(by, "ticket_id")
	for _, c := range o.parsed.Where {
		col, _ := queries.LookupColumn(c.Column, true)
		free = free || col.FreeText && c.Op == report.OpMentions
		ticket = ticket || c.Column == "ticket_id"
	}
	if free && ticket {
		return usagef("--where summary~TEXT with calls named one by one (by ticket_id) would tell which call's text holds TEXT: not without --allow-personal")
	}
	return nil
}

// parseCondition reads a --where: COLUMN=VALUE, COLUMN!=VALUE or COLUMN~TEXT, the
// first =, != or ~ ending the column's name (a value may hold them too).
func parseCondition(w string) (report.Condition, bool) {
	i := strings.IndexAny(w, "=~")
	if i < 0 {
		return report.Condition{}, false
	}
	c := report.Condition{Column: w[:i], Op: report.OpIs, Value: strings.TrimSpace(w[i+1:])}
	switch {
	case w[i] == '~':
		c.Op = report.OpMentions
	case i > 0 && w[i-1] == '!':
		c.Op, c.Column = report.OpIsNot, w[:i-1]
	}
	c.Column = strings.TrimSpace(c.Column)
	if c.Column == "" || c.Op == report.OpMentions && c.Value == "" {
		return c, false
	}
	return c, true
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

// suppression is the disclosure control the flags ask for.
func (o *reportFlags) suppression() report.Suppression {
	return report.Suppression{Policy: o.suppress, Threshold: o.threshold}
}

// check parses the filter and settles the format.
func (o *reportFlags) check() error {
	if !slices.Contains(report.Policies, o.suppress) {
		return usagef("--suppress %q: want one of %s", o.suppress, strings.Join(report.Policies, ", "))
	}
	if o.threshold != 0 && o.threshold < 3 { // set other than by the flag, which checks it
		return usagef("--suppress-threshold %d: want 3 or more (counts from 1 to N-1 are hidden)", o.threshold)
	}
	f, err := o.filter()
	if err != nil {
		return err
	}
	o.parsed = f
	if o.format == "" && o.output != "" {
		if o.format = report.FormatForPath(o.output); o.format == "" {
			return usagef("-o %s: cannot tell the format from the file's name: end it in .csv, .json, .md, .txt, .html or .xlsx (any case), or give --format", o.output)
		}
	}
	if o.formats != nil && o.format != "" && !slices.Contains(o.formats, o.format) {
		names := make([]string, len(o.formats))
		for i, f := range o.formats {
			names[i] = string(f)
		}
		return usagef("this command cannot write %s: it writes %s", o.format, strings.Join(names, ", "))
	}
	return nil
}

func (o *breakdownOptions) run(c *cobra.Command, s *streams) error {
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
	rel, err := o.releases(c.Context(), db, command, report.Question{By: o.by})
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

// open loads the FILEs into an in-memory database, or opens the database.
func (o *reportFlags) open(ctx context.Context, s *streams) (*sql.DB, error) {
	var db *sql.DB
	var err error
	if len(o.files) > 0 {
		lo, zone, err := o.load.options()
		if err != nil {
			return nil, err
		}
		if db, err = openForLoad(ctx, s, "", zone); err != nil {
			return nil, err
		}
		if _, err := loadFiles(ctx, db, o.files, lo, nil, s.errOut); err != nil {
			db.Close()
			return nil, err
		}
	} else {
		// Under a policy the output is recorded as a release in the database: a
		// Parquet export, read into memory, keeps none.
		if queries.IsParquetExport(o.db) && o.suppression().Active() && o.releaseLog == "" {
			return nil, usagef("--suppress on a Parquet export: give --release-log FILE, where this output is recorded and later ones audited against it")
		}
		// Under a policy the output is recorded as a release in the database.
		if _, err := os.Stat(o.db); err != nil && o.suppression().Active() {
			return nil, fmt.Errorf("no database at %s: give export files (deskstat breakdown calls.csv), load them with 'deskstat ingest' first, or pass --db", o.db)
		}
		if db, err = openDB(ctx, s, o.db, !o.suppression().Active()); err != nil {
			return nil, err
		}
		if _, err := queries.UseTimeZone(ctx, db, o.load.tz); err != nil {
			db.Close()
			return nil, err
		}
	}
	if queries.FreeTextWithheld(db) {
		for _, c := range o.parsed.Where {
			if col, _ := queries.LookupColumn(c.Column, true); col.FreeText {
				db.Close()
				return nil, usagef("--where %s: this Parquet export leaves out the calls' free text (export it with --allow-personal to search it)", c.Column)
			}
		}
	}
	lo, _, err := o.load.options()
	if err == nil && lo.Profile != nil && lo.Profile.WorkingHours != nil {
		err = queries.UseCalendar(ctx, db, *lo.Profile.WorkingHours)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	if s.manifest != "" { // the manifest records the statements the report runs
		if err := queries.StartQueryLog(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
		s.queryLog = func() ([]string, error) { return queries.QueryLog(ctx, db) }
	}
	return db, nil
}

// writeResult writes a report to the output file (atomically) or stdout. The
// default format is a table on a terminal and CSV in a pipe. A CSV file ends with
// its notes after a blank line; CSV on stdout has them on stderr (only the
// personal-data warning, when there is one, stays with the figures).
func writeResult(s *streams, format report.Format, output string, meta report.Meta, notes []string, write func(io.Writer, report.Format) error) error {
	if format == "" {
		format = defaultFormat(s, output)
	}
	if format == report.XLSX && output == "" && isTerminal(s.out) {
		return usagef("an XLSX workbook is not for a terminal: give -o FILE.xlsx")
	}
	if format == report.HTML && output == "" && isTerminal(s.out) {
		return usagef("an HTML page is not for a terminal (a megabyte of chart library): give -o FILE.html")
	}
	if format == report.CSV && output == "" {
		for _, n := range notes {
			fmt.Fprintln(s.errOut, n)
		}
	}
	// Rendered whole first: a manifest records what was written.
	var out bytes.Buffer
	if err := write(&out, format); err != nil {
		return err
	}
	if format == report.CSV {
		// A CSV file says what it counted, after the table; a pipe is for programs
		// and has the notes on stderr, but personal data always carries its warning.
		if output == "" {
			notes = nil
			if meta.Filter.Personal {
				notes = []string{report.PersonalWarning}
			}
		}
		if err := report.WriteCSVNotes(&out, notes); err != nil {
			return err
		}
	}
	s.written = &written{format: format, output: output, bytes: out.Bytes(), meta: meta}
	if s.queryLog != nil {
		var err error
		if s.written.sql, err = s.queryLog(); err != nil {
			return fmt.Errorf("--manifest: read the statements run: %w", err)
		}
	}
	if output == "" {
		w := s.out
		if format == report.XLSX || format == report.HTML { // not text: written as made
			w = rawWriter(w)
		}
		_, err := w.Write(out.Bytes())
		return err
	}
	if err := writeFile(output, out.Bytes()); err != nil {
		// The file's name once, not the name of a temporary copy beside it.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("write %s: %w", output, err)
	}
	fmt.Fprintf(s.errOut, "wrote %s (%s)\n", output, format)
	return nil
}

// writeFile puts b in the file output. A regular file (or a new one) is replaced
// whole, by renaming a complete copy over it, keeping its mode; a device, a FIFO
// or a symlink is written through, as the shell's > would: replacing it would turn
// /dev/null into a plain file, or cut the link.
func writeFile(output string, b []byte) error {
	mode := os.FileMode(0o644)
	st, err := os.Lstat(output)
	switch {
	case err == nil && st.IsDir():
		return errors.New("a folder, not a file")
	case err == nil && !st.Mode().IsRegular():
		f, err := os.OpenFile(output, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	case err == nil:
		mode = st.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	dir := filepath.Dir(output)
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) || err == nil && !st.IsDir() {
		return fmt.Errorf("folder %s does not exist", dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(output)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), output)
}

// defaultFormat is a table for a person at a terminal and CSV for a pipe or a file.
func defaultFormat(s *streams, output string) report.Format {
	if output == "" && isTerminal(s.out) {
		return report.Table
	}
	return report.CSV
}

// runCrosstab writes the two-way table (--across), disclosure control covering
// both its margins.
func (o *breakdownOptions) runCrosstab(c *cobra.Command, s *streams, db *sql.DB) error {
	m, err := queries.Crosstab(c.Context(), db, o.parsed, o.by, o.across)
	if err != nil {
		return err
	}
	rel, err := o.releases(c.Context(), db, "breakdown", report.Question{By: o.by, Across: o.across})
	if err != nil {
		return err
	}
	return o.publishMeasures(c.Context(), s, m, rel, rel.same())
}
