package cmd

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/report"
)

// written is what a reporting command wrote, kept for its manifest.
type written struct {
	format report.Format
	output string
	bytes  []byte
	meta   report.Meta
	sql    []string
}

// Manifest records how a figure was made, so that anyone with the same inputs can
// make it again and check it is identical (deskstat verify).
type Manifest struct {
	Version      string          `json:"deskstat_version"`
	Command      []string        `json:"command"`             // to run again: no --manifest, no -o, the format explicit
	Dir          string          `json:"dir,omitempty"`       // where it ran, relative to the manifest
	PathArgs     []int           `json:"path_args,omitempty"` // the arguments of Command that are files, relative to Dir
	Format       string          `json:"format"`
	Output       string          `json:"output,omitempty"`
	OutputSHA256 string          `json:"output_sha256"`
	Inputs       []report.Source `json:"inputs"` // paths as given, relative to Dir
	Profile      *FileSum        `json:"profile,omitempty"`
	Filter       report.Filter   `json:"filter"`
	SQL          []string        `json:"sql"` // the statements the report ran, values as parameters
	Made         time.Time       `json:"made_at"`
}

// FileSum is a file and its SHA-256.
type FileSum struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// rerunArgs are args without --manifest and -o/--output, with the format given,
// and the indexes of those that name files: the FILEs (positional arguments that are
// files) and the values of --profile and --db. A report that read a database names
// it (--db), so that the command reads the same one again wherever it is run.
func rerunArgs(args []string, format report.Format, c *cobra.Command) ([]string, []int) {
	positional := map[string]bool{}
	if c != nil {
		for _, a := range c.Flags().Args() {
			if st, err := os.Stat(a); err == nil && !st.IsDir() {
				positional[a] = true
			}
		}
	}
	var out []string
	var paths []int
	hasDB := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--manifest" || a == "-o" || a == "--output" || a == "--format" || a == "-f":
			i++
			continue
		case strings.HasPrefix(a, "--manifest=") || strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "--format="):
			continue
		case (a == "--profile" || a == "--db") && i+1 < len(args):
			hasDB = hasDB || a == "--db"
			out = append(out, a, args[i+1])
			paths = append(paths, len(out)-1)
			i++
			continue
		case strings.HasPrefix(a, "--profile=") || strings.HasPrefix(a, "--db="):
			name, v, _ := strings.Cut(a, "=")
			hasDB = hasDB || name == "--db"
			out = append(out, name, v)
			paths = append(paths, len(out)-1)
			continue
		}
		if positional[a] {
			paths = append(paths, len(out))
		}
		out = append(out, a)
	}
	if c != nil && len(positional) == 0 && !hasDB {
		if f := c.Flags().Lookup("db"); f != nil {
			out = append(out, "--db", f.Value.String())
			paths = append(paths, len(out)-1)
		}
	}
	return append(out, "--format", string(format)), paths
}

func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// writeManifest records the command c that just ran with args.
func writeManifest(s *streams, c *cobra.Command, args []string) error {
	if s.written == nil {
		return fmt.Errorf("--manifest: this command writes no figures to record")
	}
	w := s.written
	dir, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("--manifest: %w", err)
	}
	// Where the command ran, from the manifest: no absolute path (it can name a
	// person's home) goes into a file that travels with the figures.
	if abs, err := filepath.Abs(filepath.Dir(s.manifest)); err == nil {
		if dir, err = filepath.Rel(abs, dir); err != nil {
			dir = ""
		}
	}
	command, paths := rerunArgs(args, w.format, c)
	// The inputs as published: under a policy, no count the output hides.
	m := Manifest{Version: buildVersion(), Command: command, Dir: filepath.ToSlash(dir), PathArgs: paths, Format: string(w.format), Output: w.output,
		OutputSHA256: sum(w.bytes), Inputs: w.meta.Sources, Filter: w.meta.Filter, SQL: w.sql, Made: time.Now().UTC().Truncate(time.Second)}
	if p := flagValue(args, "--profile"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("--manifest: %w", err)
		}
		m.Profile = &FileSum{Path: p, SHA256: sum(b)}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(s.manifest, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("--manifest: %w", err)
	}
	fmt.Fprintf(s.errOut, "recorded %s\n", s.manifest)
	return nil
}
