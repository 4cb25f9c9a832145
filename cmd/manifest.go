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
	"github.com/spf13/pflag"

	"github.com/deskstat/deskstat/ingest"
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

// rerunArgs is the command again as cobra parsed it: its path and arguments, and
// the flags given but --manifest, -o and --format (with the format written), and
// the indexes of those that name files: the FILEs (arguments that are files) and
// the values of --profile and --db. A report that read a database names it
// (--db), so that the command reads the same one again wherever it is run.
func rerunArgs(c *cobra.Command, dir string, format report.Format) ([]string, []int) {
	out := strings.Fields(c.CommandPath())[1:]
	var paths []int
	files := false
	for _, a := range c.Flags().Args() {
		if fileExists(ingest.InDir(dir, a)) {
			paths, files = append(paths, len(out)), true
		}
		out = append(out, a)
	}
	hasDB := false
	c.Flags().Visit(func(f *pflag.Flag) {
		v := f.Value
		if o, ok := v.(*onceValue); ok {
			v = o.Value
		}
		switch {
		case f.Name == "manifest" || f.Name == "output" || f.Name == "format":
		case v.Type() == "stringArray":
			for _, x := range v.(pflag.SliceValue).GetSlice() {
				out = append(out, "--"+f.Name, x) // repeated, as given
			}
		case v.Type() == "bool":
			out = append(out, "--"+f.Name+"="+v.String())
		default:
			out = append(out, "--"+f.Name, v.String())
			if f.Name == "profile" || f.Name == "db" {
				paths = append(paths, len(out)-1)
				hasDB = hasDB || f.Name == "db"
			}
		}
	})
	if !files && !hasDB {
		if f := c.Flags().Lookup("db"); f != nil {
			out = append(out, "--db", f.Value.String())
			paths = append(paths, len(out)-1)
		}
	}
	return append(out, "--format", string(format)), paths
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// writeManifest records the command c that just ran with args.
func writeManifest(s *app, c *cobra.Command) error {
	if s.written == nil {
		return fmt.Errorf("--manifest: this command writes no figures to record")
	}
	w := s.written
	dir, err := filepath.Abs(s.dir)
	if err != nil {
		return fmt.Errorf("--manifest: %w", err)
	}
	// Where the command ran, from the manifest: no absolute path (it can name a
	// person's home) goes into a file that travels with the figures.
	if abs, err := filepath.Abs(filepath.Dir(s.at(s.manifest))); err == nil {
		if dir, err = filepath.Rel(abs, dir); err != nil {
			dir = ""
		}
	}
	command, paths := rerunArgs(c, s.dir, w.format)
	// The inputs as published: under a policy, no count the output hides.
	m := Manifest{Version: buildVersion(), Command: command, Dir: filepath.ToSlash(dir), PathArgs: paths, Format: string(w.format), Output: w.output,
		OutputSHA256: sum(w.bytes), Inputs: w.meta.Sources, Filter: w.meta.Filter, SQL: w.sql, Made: time.Now().UTC().Truncate(time.Second)}
	if f := c.Flags().Lookup("profile"); f != nil && f.Value.String() != "" {
		p := f.Value.String()
		b, err := os.ReadFile(s.at(p))
		if err != nil {
			return fmt.Errorf("--manifest: %w", err)
		}
		m.Profile = &FileSum{Path: p, SHA256: sum(b)}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(s.at(s.manifest), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("--manifest: %w", err)
	}
	fmt.Fprintf(s.errOut, "recorded %s\n", s.manifest)
	return nil
}
