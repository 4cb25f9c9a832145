package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/ingest"
)

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
			if _, err := os.Stat(ingest.InDir(dir, m.Command[i])); err != nil { // a file, or a Parquet export's folder
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

func newVerifyCmd(s *app) *cobra.Command {
	return &cobra.Command{
		Use:   "verify MANIFEST",
		Short: "Make a recorded figure again and say whether it is identical",
		Long: `Read a manifest written with --manifest, check that the inputs and the profile have
the checksums recorded and that the output file written (-o) is still the one
recorded, run the same command again, and say whether its output is byte for byte
the one recorded. Files are found where the manifest says, from any directory: as
named from the directory the command ran in, else beside the manifest. Making the
figures again publishes nothing: under a disclosure policy no release is recorded.`,
		Example: `  deskstat answer calls.xlsx --profile p.yaml --severity 1,2 -o answer.txt --manifest answer.manifest.json
  deskstat verify answer.manifest.json`,
		Args: oneArg("a manifest file: deskstat verify answer.manifest.json"),
		RunE: func(c *cobra.Command, args []string) error { return verify(c, s, args[0]) },
	}
}

// verify checks the manifest at path: its inputs, profile and output file as
// recorded, and the figures made again identical.
func verify(c *cobra.Command, s *app, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s is not a deskstat manifest: %w", path, err)
	}
	if len(m.Command) == 0 || m.OutputSHA256 == "" {
		return fmt.Errorf("%s is not a deskstat manifest: it records no command and no output (make one with --manifest)", path)
	}
	if rc, _, err := c.Root().Find(m.Command); err != nil || rc == c.Root() || rc.Annotations[figuresAnnotation] == "" {
		return fmt.Errorf("%s is not a deskstat manifest: %q is not a command that makes figures", path, m.Command[0])
	}
	manifestDir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return err
	}
	dir := m.runDir(manifestDir)
	var problems []string
	if m.Profile != nil {
		if pb, err := os.ReadFile(ingest.InDir(dir, m.Profile.Path)); err != nil || sum(pb) != m.Profile.SHA256 {
			problems = append(problems, fmt.Sprintf("the profile %s is missing or changed", m.Profile.Path))
		}
	}
	if m.Output != "" {
		// The file published must still be the one made: where it was written,
		// else beside the manifest (sent on with it).
		out := ingest.InDir(dir, m.Output)
		if _, err := os.Stat(out); err != nil {
			if beside := filepath.Join(manifestDir, filepath.Base(m.Output)); fileExists(beside) {
				out = beside
			}
		}
		ob, err := os.ReadFile(out)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("the output %s is missing", m.Output))
		case sum(ob) != m.OutputSHA256:
			problems = append(problems, fmt.Sprintf("the output %s has changed since it was written (SHA-256 %s, recorded %s)", m.Output, sum(ob), m.OutputSHA256))
		}
	}
	for _, in := range m.Inputs {
		// A file loaded into a database may be gone; the figures still say.
		if b, err := os.ReadFile(ingest.InDir(dir, in.Path)); err == nil && sum(b) != in.SHA256 {
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
	// Run as from the folder it ran in, so that its notes name the files as they did.
	if code := mainIn(context.WithoutCancel(c.Context()), dir, true, command, nil, &out, &errOut); code != 0 {
		said := strings.TrimSpace(strings.ReplaceAll(errOut.String(), "deskstat: ", ""))
		failed := fmt.Sprintf("running %q again failed: %s", strings.Join(m.Command, " "), said)
		if len(problems) > 0 { // what changed first: it is why it failed
			return fmt.Errorf("not identical: %s; %s", strings.Join(problems, "; "), failed)
		}
		return errors.New(failed)
	}
	again, err := made()
	if err != nil {
		return err
	}
	if sum(again) != m.OutputSHA256 {
		problems = append(problems, "the figures differ from those recorded")
	}
	if dir == manifestDir && m.Dir != "" && m.Dir != "." {
		fmt.Fprintf(s.errOut, "note: the files were read beside the manifest, not from the folder the command ran in (%s)\n", m.Dir)
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
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
