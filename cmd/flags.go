package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
	if named := report.FormatForPath(o.output); o.format != "" && named != "" && named != o.format {
		return usagef("-o %s is %s by its name, but --format %s: give one, or a name that ends as the format", o.output, named, o.format)
	}
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

// open loads the FILEs into an in-memory database, or opens the database.
func (o *reportFlags) open(ctx context.Context, s *app) (*sql.DB, error) {
	var db *sql.DB
	var err error
	if len(o.files) > 0 {
		lo, zone, err := o.load.options(s.dir)
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
		if queries.IsParquetExport(s.at(o.db)) && o.suppression().Active() && o.releaseLog == "" {
			return nil, usagef("--suppress on a Parquet export: give --release-log FILE, where this output is recorded and later ones audited against it")
		}
		// Under a policy the output is recorded as a release in the database.
		if _, err := os.Stat(s.at(o.db)); err != nil && o.suppression().Active() {
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
	lo, _, err := o.load.options(s.dir)
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

// singleFlags take one value: given twice, the command is refused rather than one
// of the values silently dropped (--by category --by service counts by service only).
var singleFlags = []string{"by", "format", "output", "from", "to", "profile", "db", "suppress", "suppress-threshold",
	"interval", "sheet", "encoding", "source", "tz", "date-order", "memory-limit", "manifest"}

func onceOnly(fs *pflag.FlagSet) {
	for _, name := range singleFlags {
		if f := fs.Lookup(name); f != nil {
			if _, done := f.Value.(*onceValue); !done {
				f.Value = &onceValue{Value: f.Value, name: name}
			}
		}
	}
}

// onceValue is a flag's value that may be given once.
type onceValue struct {
	pflag.Value
	name  string
	first *string
}

func (o *onceValue) Set(v string) error {
	if o.first != nil {
		if o.name == "by" {
			return fmt.Errorf("--by is already %q: a breakdown groups by one column (run it once per column)", *o.first)
		}
		return fmt.Errorf("--%s is already %q: give it once", o.name, *o.first)
	}
	o.first = &v
	return o.Value.Set(v)
}

// thresholdValue is --suppress-threshold: when given, 3 or more (a threshold of 2
// hides only 1s, and "<2" says the count); when not, the
// policy's own threshold.
type thresholdValue struct{ n *int }

func (t thresholdValue) String() string {
	if t.n == nil {
		return "0"
	}
	return strconv.Itoa(*t.n)
}

func (t thresholdValue) Type() string { return "int" }

func (t thresholdValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 3 {
		return fmt.Errorf("want a whole number, 3 or more: counts from 1 to N-1 are hidden (leave it out for the policy's own threshold)")
	}
	*t.n = n
	return nil
}

// severityList is --severity: severities 1 to 5, comma-separated or repeated.
type severityList struct{ to *[]int }

func (l severityList) Type() string { return "severities" }

func (l severityList) String() string {
	if l.to == nil {
		return ""
	}
	parts := make([]string, len(*l.to))
	for i, n := range *l.to {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func (l severityList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(part)), "sev"))
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 || n > 5 {
			return errors.New("want severities from 1 (critical) to 5 (planning), e.g. 1,2")
		}
		*l.to = append(*l.to, n)
	}
	return nil
}
