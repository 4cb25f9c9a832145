// Package cmd is deskstat's command tree: each command parses its flags into an
// options struct, checks them, calls the engine (ingest, queries) and hands the
// result to a report writer. No SQL and no file parsing here.
package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// Version is set at build time with -ldflags "-X github.com/deskstat/deskstat/cmd.Version=...".
var Version = "dev"

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
	memoryLimit string   // --memory-limit
	manifest    string   // --manifest
	written     *written // what a reporting command wrote
	queryLog    func() ([]string, error)
}

// Main runs deskstat with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &streams{in: stdin, out: stdout, errOut: stderr}
	root := newRoot(s)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	c, err := root.ExecuteContextC(ctx)
	if err == nil && s.manifest != "" {
		err = writeManifest(s, args)
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "deskstat: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", c.CommandPath())
		return exitUsage
	}
	return exitFailure
}

func newRoot(s *streams) *cobra.Command {
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
		Version:       Version,
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
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newIngestCmd(s), newDescribeCmd(s), newBreakdownCmd(s), newAnswerCmd(s), newTrendCmd(s), newResolutionCmd(s), newSLACmd(s), newCompareCmd(s), newMonthlyCmd(s), newVerifyCmd(s), newRejectsCmd(s), newImportsCmd(s))
	return root
}

// dbPath is the default database: DESKSTAT_DB, else deskstat.duckdb here.
func dbPath() string {
	if p := os.Getenv("DESKSTAT_DB"); p != "" {
		return p
	}
	return "deskstat.duckdb"
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
func openDB(ctx context.Context, s *streams, path string, readOnly bool) (*sql.DB, error) {
	db, err := queries.Open(ctx, path, readOnly)
	if err != nil {
		return nil, err
	}
	if s.memoryLimit != queries.DefaultMemoryLimit {
		if err := queries.SetMemoryLimit(ctx, db, s.memoryLimit); err != nil {
			db.Close()
			return nil, usagef("--memory-limit: %v", err)
		}
	}
	return db, nil
}
