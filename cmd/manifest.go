package cmd

import (
	"bytes"
	"context"
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

// runDir is where to run a manifest's command again: the directory it ran in, else
// the manifest's own (the files moved with it), whichever holds the files it names
// as it named them; "" when neither does. The command runs there as recorded, so
// that its notes name the files as they did.
func (m *Manifest) runDir(manifestDir string) string {
	recorded := m.Dir
	if recorded != "" && !filepath.IsAbs(recorded) { // relative to the manifest
		recorded = filepath.Join(manifestDir, filepath.FromSlash(recorded))
	}
	for _, dir := range []string{recorded, manifestDir} {
		if dir == "" {
			continue
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		all := true
		for _, i := range m.PathArgs {
			if i < 0 || i >= len(m.Command) {
				continue
			}
			p := m.Command[i]
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			if _, err := os.Stat(p); err != nil {
				all = false
				break
			}
		}
		if all {
			return dir
		}
	}
	return ""
}

// locate finds a file the manifest names, relative to dir when not absolute.
func locate(dir, p string) string {
	if p == "" || filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}

func newVerifyCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "verify MANIFEST",
		Short: "Make a recorded figure again and say whether it is identical",
		Long: `Read a manifest written with --manifest, check that the inputs and the profile have
the checksums recorded and that the output file written (-o) is still the one
recorded, run the same command again, and say whether its output is byte for byte
the one recorded. Files are found where the manifest says, from any directory: as
named from the directory the command ran in, else beside the manifest.`,
		Example: `  deskstat answer calls.xlsx --profile p.yaml --severity 1,2 -o answer.txt --manifest answer.manifest.json
  deskstat verify answer.manifest.json`,
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
			manifestDir, err := filepath.Abs(filepath.Dir(args[0]))
			if err != nil {
				return err
			}
			dir := m.runDir(manifestDir)
			var problems []string
			if m.Profile != nil {
				if pb, err := os.ReadFile(locate(dir, m.Profile.Path)); err != nil || sum(pb) != m.Profile.SHA256 {
					problems = append(problems, fmt.Sprintf("the profile %s is missing or changed", m.Profile.Path))
				}
			}
			if m.Output != "" {
				// The file published must still be the one made.
				ob, err := os.ReadFile(locate(dir, m.Output))
				switch {
				case err != nil:
					problems = append(problems, fmt.Sprintf("the output %s is missing", m.Output))
				case sum(ob) != m.OutputSHA256:
					problems = append(problems, fmt.Sprintf("the output %s has changed since it was written (SHA-256 %s, recorded %s)", m.Output, sum(ob), m.OutputSHA256))
				}
			}
			for _, in := range m.Inputs {
				// A file loaded into a database may be gone; the figures still say.
				if b, err := os.ReadFile(locate(dir, in.Path)); err == nil && sum(b) != in.SHA256 {
					problems = append(problems, fmt.Sprintf("the input %s has changed (SHA-256 %s, recorded %s)", in.Path, sum(b), in.SHA256))
				}
			}
			command := append([]string(nil), m.Command...)
			var out, errOut bytes.Buffer
			made := func() ([]byte, error) { return out.Bytes(), nil }
			if m.Output != "" {
				// Written to a file as it was: a CSV file ends with its notes.
				tmp, err := os.MkdirTemp("", "deskstat-verify-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				file := filepath.Join(tmp, "output"+filepath.Ext(m.Output))
				command = append(command, "-o", file)
				made = func() ([]byte, error) { return os.ReadFile(file) }
			}
			code, err := runIn(dir, func() int { return Main(context.WithoutCancel(c.Context()), command, nil, &out, &errOut) })
			if err != nil {
				return err
			}
			if code != 0 {
				return fmt.Errorf("running %q again failed: %s", strings.Join(command, " "), strings.TrimSpace(errOut.String()))
			}
			again, err := made()
			if err != nil {
				return err
			}
			if sum(again) != m.OutputSHA256 {
				problems = append(problems, "the figures differ from those recorded")
			}
			if v := buildVersion(); m.Version != v {
				fmt.Fprintf(s.errOut, "note: recorded with deskstat %s, checked with %s\n", m.Version, v)
			}
			if len(problems) > 0 {
				return fmt.Errorf("not identical: %s", strings.Join(problems, "; "))
			}
			fmt.Fprintf(s.out, "identical: %s gives the same %d bytes (SHA-256 %s) from the same inputs\n",
				strings.Join(m.Command, " "), len(again), m.OutputSHA256)
			return nil
		},
	}
}

// runIn runs f with dir as the working directory ("" for here), then returns.
func runIn(dir string, f func() int) (int, error) {
	if dir == "" {
		return f(), nil
	}
	here, err := os.Getwd()
	if err != nil {
		return 0, err
	}
	if err := os.Chdir(dir); err != nil {
		return 0, err
	}
	defer os.Chdir(here)
	return f(), nil
}
