// Package cmd is deskstat's command tree: each command parses its flags into an
// options struct, checks them, calls the engine (ingest, queries) and hands the
// result to a report writer. No SQL and no file parsing here.
//
// A file a command (breakdown.go, trend.go, monthly.go, verify.go ...); what they
// share, a file each: root.go (Main, the app and its streams, exit codes), flags.go (the
// report flags and flag values), load.go (reading export files), output.go
// (writing an output), measure.go (the measure commands' one shape), list.go
// (listings), manifest.go, releases.go, terminal.go, progress.go, tempdir.go.
package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// Version is set at build time with -ldflags "-X github.com/deskstat/deskstat/cmd.Version=...";
// else buildVersion reads it from the build.
var Version = "dev"

// buildVersion says which build this is: Version when set at build time, else the
// module's version, else the commit it was built from (vcs.revision, "+modified"
// when the tree had changes), else "dev".
func buildVersion() string {
	if Version != "dev" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	return versionFrom(info)
}

func versionFrom(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "dev-" + rev
	if modified {
		v += "+modified"
	}
	return v
}

// usageError marks errors in how the command was called: they print the usage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// streams are where a command reads and writes; tests give their own.
type streams struct {
	in          io.Reader
	out, errOut io.Writer
}

// app is one run of deskstat, what its commands share: the streams, the root's
// flags, the folder relative paths are read from, and what the command wrote
// (for --manifest).
type app struct {
	streams
	dir         string // relative paths are from here; "" for the working directory
	checking    bool   // verify runs the command again: nothing is published or recorded
	memoryLimit string // --memory-limit
	memoryFlag  *pflag.Flag
	manifest    string   // --manifest
	written     *written // what a reporting command wrote
	queryLog    func() ([]string, error)
}

// at is where the path p as given is: in s.dir when p is relative.
func (s *app) at(p string) string { return ingest.InDir(s.dir, p) }

// Main runs deskstat with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return mainIn(ctx, "", false, args, stdin, stdout, stderr)
}

// mainIn is Main with relative paths read from dir ("" for the working directory):
// verify runs a recorded command as if from the folder it ran in, checking (no
// release recorded: making the figures again publishes nothing).
func mainIn(ctx context.Context, dir string, checking bool, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	safeOut, safeErr := newSafeWriter(stdout), newSafeWriter(stderr)
	defer safeOut.Flush()
	defer safeErr.Flush()
	stdout, stderr = safeOut, safeErr // text from a file never reaches a terminal raw
	s := &app{streams: streams{in: stdin, out: stdout, errOut: stderr}, dir: dir, checking: checking}
	root := newRoot(s)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	c, err := root.ExecuteContextC(ctx)
	if err == nil && s.manifest != "" {
		err = writeManifest(s, c)
	}
	if err == nil && safeOut.failed != nil { // whatever the command, its output is not whole
		err = fmt.Errorf("cannot write the output: %w", safeOut.failed)
	}
	if err == nil {
		return exitOK
	}
	// Whatever DuckDB said and no step put into words yet (a report's query).
	err = queries.Error(err, "make the figures")
	if strings.HasPrefix(err.Error(), "unknown command ") || strings.HasPrefix(err.Error(), "unknown shorthand flag") {
		err = usageError{err} // a mistyped command is a usage error, as a mistyped flag is
	}
	fmt.Fprintf(stderr, "deskstat: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", c.CommandPath())
		return exitUsage
	}
	return exitFailure
}

func newRoot(s *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "deskstat",
		Short: "Severity and category figures from help-desk call exports",
		Long: `deskstat turns help-desk ticket exports (ServiceNow, Jira Service Management,
Zendesk, Freshservice, hand-kept Excel logs; CSV, CSV.gz or XLSX) into the numbers
people ask for: how many severity 1 and 2 calls, about what, and when.

Calls are loaded into a DuckDB database file (or memory), classified by severity and by
the category rules of a profile, and reported as a table, letter-ready text, CSV, JSON,
Markdown or a self-contained HTML page with a chart. Reports never show who raised or
handled a call.`,
		Example: `  # An FOI answer straight from an export, no database needed:
  deskstat breakdown calls.xlsx --profile profile.yaml --severity 1,2 \
      --from 2013-06 --to 2014-09 --where "service=Children's Social Care" --format text

  # Load exports once, then ask many questions:
  deskstat ingest --profile profile.yaml calls_2013.csv calls_2014.xlsx
  deskstat breakdown --severity 1,2 --by service`,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	limit := os.Getenv("DESKSTAT_MEMORY_LIMIT")
	if limit == "" {
		limit = queries.DefaultMemoryLimit
	}
	root.PersistentFlags().StringVar(&s.memoryLimit, "memory-limit", limit,
		"cap on the memory DuckDB uses, e.g. 2GB; larger work spills to disk (env DESKSTAT_MEMORY_LIMIT)")
	root.PersistentFlags().StringVar(&s.manifest, "manifest", "", "record in `FILE` (JSON) how the figures were made: version, inputs and checksums, filters; check with 'deskstat verify'")
	s.memoryFlag = root.PersistentFlags().Lookup("memory-limit")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error { return checkOutputs(s, c, args) }
	root.AddCommand(newIngestCmd(s), newDescribeCmd(s), newBreakdownCmd(s), newAnswerCmd(s), newTrendCmd(s), newResolutionCmd(s), newSLACmd(s), newStatesCmd(s), newChangesCmd(s), newExportCmd(s), newRulesCmd(s), newCompareCmd(s), newMonthlyCmd(s), newVerifyCmd(s), newRejectsCmd(s), newImportsCmd(s), newReleasesCmd(s))
	root.InitDefaultHelpCmd()
	if help, _, err := root.Find([]string{"help"}); err == nil && help != root {
		// Help on a command that is not one is a usage error, not a line of help.
		help.Run = nil
		help.RunE = func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || len(rest) > 0 || (len(args) > 0 && cmd == c.Root()) {
				return usagef("help %s: no such command ('deskstat --help' lists them)", strings.Join(args, " "))
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		}
	}
	root.InitDefaultCompletionCmd()
	if comp, _, err := root.Find([]string{"completion"}); err == nil && comp != root {
		// Its shells are its subcommands; anything else is a usage error, not help.
		comp.Args = cobra.ArbitraryArgs
		comp.RunE = func(c *cobra.Command, args []string) error {
			shells := make([]string, 0, len(c.Commands()))
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					shells = append(shells, sub.Name())
				}
			}
			if len(args) == 0 {
				return usagef("completion: give a shell: %s", strings.Join(shells, ", "))
			}
			return usagef("completion %q: not a shell deskstat knows: %s", args[0], strings.Join(shells, ", "))
		}
	}
	onceOnly(root.PersistentFlags())
	for _, c := range root.Commands() {
		onceOnly(c.Flags())
	}
	return root
}

// dbPath is the default database: DESKSTAT_DB, else deskstat.duckdb here.
func dbPath() string {
	if p := os.Getenv("DESKSTAT_DB"); p != "" {
		return p
	}
	return "deskstat.duckdb"
}

// needFiles is the argument check of a command that reads export files.
func needFiles(what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("give the export files to %s (CSV, TSV, CSV.gz or XLSX), e.g. deskstat %s calls.csv", what, c.Name())
		}
		return nil
	}
}

// oneArg is the argument check of a command that takes one thing, said as what
// it wants ("a manifest file: deskstat verify answer.manifest.json").
func oneArg(want string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("give %s", want)
		}
		return nil
	}
}

// positional wraps a cobra argument check so that its failure is a usage error.
func positional(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// openDB opens the database with the memory limit --memory-limit asks for.
func openDB(ctx context.Context, s *app, path string, readOnly bool) (*sql.DB, error) {
	path = s.at(path)
	open := queries.Open
	if path != "" && queries.IsParquetExport(path) {
		// deskstat export's folder: read into memory, the folder left as it is
		open = func(ctx context.Context, path string, _ bool) (*sql.DB, error) { return queries.OpenParquet(ctx, path) }
	}
	db, err := open(ctx, path, readOnly)
	if err != nil {
		return nil, err
	}
	if s.memoryLimit != queries.DefaultMemoryLimit {
		what := "--memory-limit"
		if s.memoryFlag != nil && !s.memoryFlag.Changed && os.Getenv("DESKSTAT_MEMORY_LIMIT") != "" {
			what = "DESKSTAT_MEMORY_LIMIT (environment)"
		}
		err := checkMemoryLimit(s.memoryLimit)
		if err == nil {
			err = queries.SetMemoryLimit(ctx, db, s.memoryLimit)
		}
		if err != nil {
			db.Close()
			return nil, usagef("%s: %v", what, err)
		}
	}
	return db, nil
}

// openToRead opens the database read-only, in the zone its imports were read in:
// for the commands that list or export what it holds.
func openToRead(ctx context.Context, s *app, path string) (*sql.DB, error) {
	db, err := openDB(ctx, s, path, true)
	if err != nil {
		return nil, err
	}
	if _, err := queries.UseTimeZone(ctx, db, ""); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

var sizeForm = regexp.MustCompile(`^\s*([+-]?[0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*$`)

// checkMemoryLimit refuses a limit that is not a positive size: DuckDB reads -1
// (and other negative sizes) as no cap at all, which is not what a cap is for.
func checkMemoryLimit(limit string) error {
	m := sizeForm.FindStringSubmatch(limit)
	if m == nil {
		if strings.HasPrefix(strings.TrimSpace(limit), "-") {
			return fmt.Errorf("memory limit %q: want a positive size such as 2GB", limit)
		}
		return nil // DuckDB says what is wrong with it
	}
	if n, err := strconv.ParseFloat(m[1], 64); err != nil || n <= 0 {
		return fmt.Errorf("memory limit %q: want a positive size such as 2GB (a cap of none or less is no cap)", limit)
	}
	return nil
}
