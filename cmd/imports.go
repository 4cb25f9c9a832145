package cmd

import (
	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
)

func newImportsCmd(s *app) *cobra.Command {
	return newListCmd(s, &cobra.Command{
		Use:   "imports [--db PATH]",
		Short: "List what was imported, when, with checksums and counts",
		Long: `List every import into the database: when, from which file (and sheet), its
SHA-256, the system it came from, the time zone its times were read in, and what
it did: rows read, loaded, rejected and skipped, earlier updates superseded (event
logs), and tickets new, updated and not loaded because the database holds a later
update.`,
		Example: `  deskstat imports --db calls.duckdb
  deskstat imports --format json`,
	}, queries.Imports)
}
