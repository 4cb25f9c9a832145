package cmd

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/ingest"
)

// loadFlags are how files are read: shared by every command that loads files.
type loadFlags struct {
	profile   string
	dateOrder string
}

func (l *loadFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&l.profile, "profile", "", "profile `FILE` (YAML): column names, severity labels, category rules")
	c.Flags().StringVar(&l.dateOrder, "date-order", "", "read n/n/yyyy dates as day-first or month-first (default: detected per column)")
	_ = c.RegisterFlagCompletionFunc("date-order", cobra.FixedCompletions(ingest.DateOrders, cobra.ShellCompDirectiveNoFileComp))
	_ = c.MarkFlagFilename("profile", "yaml", "yml")
}

func (l *loadFlags) options() (ingest.Options, error) {
	var o ingest.Options
	if l.dateOrder != "" {
		if !slices.Contains(ingest.DateOrders, l.dateOrder) {
			return o, usagef("--date-order %q: want %s", l.dateOrder, strings.Join(ingest.DateOrders, " or "))
		}
		o.DateOrder = l.dateOrder
	}
	if l.profile != "" {
		p, err := ingest.LoadProfile(l.profile)
		if err != nil {
			return o, err
		}
		o.Profile = p
	}
	return o, nil
}

// loadFiles imports files one by one (one transaction each), reporting each import
// on out and its warnings and rejected rows on errOut.
func loadFiles(ctx context.Context, db *sql.DB, files []string, o ingest.Options, out, errOut io.Writer) error {
	for _, f := range files {
		s, err := ingest.File(ctx, db, f, o)
		if err != nil {
			return err
		}
		if s.Duplicate != nil {
			fmt.Fprintf(errOut, "deskstat: %s: already imported (import %d, %s, %s): nothing loaded\n",
				s.File, s.Duplicate.ImportID, s.Duplicate.File, s.Duplicate.ImportedAt.Format("2006-01-02 15:04"))
			continue
		}
		if out != nil {
			fmt.Fprintf(out, "%s: %d rows read, %d loaded, %d rejected", s.File, s.Read, s.Loaded, s.Rejected)
			if s.Skipped > 0 {
				fmt.Fprintf(out, ", %d skipped (blank or total rows)", s.Skipped)
			}
			fmt.Fprintln(out)
		}
		for _, w := range s.Warnings {
			fmt.Fprintf(errOut, "deskstat: warning: %s: %s\n", s.File, w)
		}
		if s.Rejected > 0 {
			fmt.Fprintf(errOut, "deskstat: %s: %d rows rejected and kept (list them with 'deskstat rejects'):\n", s.File, s.Rejected)
			for _, r := range s.Rejects {
				fmt.Fprintf(errOut, "  %s\n", r)
			}
		}
	}
	return nil
}
