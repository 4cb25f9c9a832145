package cmd

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
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
	Command      []string        `json:"command"` // to run again: no --manifest, no -o, the format explicit
	Format       string          `json:"format"`
	Output       string          `json:"output,omitempty"`
	OutputSHA256 string          `json:"output_sha256"`
	Inputs       []report.Source `json:"inputs"`
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

// rerunArgs are args without --manifest and -o/--output, with the format given.
func rerunArgs(args []string, format report.Format) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--manifest" || a == "-o" || a == "--output" || a == "--format" || a == "-f":
			i++
			continue
		case strings.HasPrefix(a, "--manifest=") || strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "--format="):
			continue
		}
		out = append(out, a)
	}
	return append(out, "--format", string(format))
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

// writeManifest records the command that just ran.
func writeManifest(s *streams, args []string) error {
	if s.written == nil {
		return fmt.Errorf("--manifest: this command writes no figures to record")
	}
	w := s.written
	m := Manifest{Version: Version, Command: rerunArgs(args, w.format), Format: string(w.format), Output: w.output,
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

func newVerifyCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "verify MANIFEST",
		Short: "Make a recorded figure again and say whether it is identical",
		Long: `Read a manifest written with --manifest, check that the inputs and the profile have
the checksums recorded, run the same command again, and say whether its output is
byte for byte the one recorded.`,
		Example: `  deskstat answer calls.xlsx --profile p.yaml --severity 1,2 --manifest answer.json
  deskstat verify answer.json`,
		Args: positional(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var m Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				return fmt.Errorf("%s is not a deskstat manifest: %w", args[0], err)
			}
			var problems []string
			if m.Profile != nil {
				if pb, err := os.ReadFile(m.Profile.Path); err != nil || sum(pb) != m.Profile.SHA256 {
					problems = append(problems, fmt.Sprintf("the profile %s is missing or changed", m.Profile.Path))
				}
			}
			var out, errOut bytes.Buffer
			if code := Main(context.WithoutCancel(c.Context()), m.Command, nil, &out, &errOut); code != 0 {
				return fmt.Errorf("running %q again failed: %s", strings.Join(m.Command, " "), strings.TrimSpace(errOut.String()))
			}
			for _, in := range m.Inputs {
				// A file loaded into a database may be gone; the figures still say.
				if b, err := os.ReadFile(in.Path); err == nil && sum(b) != in.SHA256 {
					problems = append(problems, fmt.Sprintf("the input %s has changed (SHA-256 %s, recorded %s)", in.Path, sum(b), in.SHA256))
				}
			}
			if sum(out.Bytes()) != m.OutputSHA256 {
				problems = append(problems, "the figures differ from those recorded")
			}
			if m.Version != Version {
				fmt.Fprintf(s.errOut, "note: recorded with deskstat %s, checked with %s\n", m.Version, Version)
			}
			if len(problems) > 0 {
				return fmt.Errorf("not identical: %s", strings.Join(problems, "; "))
			}
			fmt.Fprintf(s.out, "identical: %s gives the same %d bytes (SHA-256 %s) from the same inputs\n",
				strings.Join(m.Command, " "), out.Len(), m.OutputSHA256)
			return nil
		},
	}
}
