package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/report"
)

// writeResult writes a report to the output file (atomically) or stdout. The
// default format is a table on a terminal and CSV in a pipe. A CSV file ends with
// its notes after a blank line; CSV on stdout has them on stderr (only the
// personal-data warning, when there is one, stays with the figures).
func writeResult(s *app, format report.Format, output string, meta report.Meta, notes []string, write func(io.Writer, report.Format) error) error {
	if format == "" {
		format = defaultFormat(s, output)
	}
	if format == report.XLSX && output == "" && isTerminal(s.out) {
		return usagef("an XLSX workbook is not for a terminal: give -o FILE.xlsx")
	}
	if format == report.HTML && output == "" && isTerminal(s.out) {
		return usagef("an HTML page is not for a terminal (a megabyte of chart library): give -o FILE.html")
	}
	if format == report.CSV && output == "" {
		for _, n := range notes {
			fmt.Fprintln(s.errOut, n)
		}
	}
	// Rendered whole first: a manifest records what was written.
	var out bytes.Buffer
	if err := write(&out, format); err != nil {
		return err
	}
	if format == report.CSV {
		// A CSV file says what it counted, after the table; a pipe is for programs
		// and has the notes on stderr, but personal data always carries its warning.
		if output == "" {
			notes = nil
			if meta.Filter.Personal {
				notes = []string{report.PersonalWarning}
			}
		}
		if err := report.WriteCSVNotes(&out, notes); err != nil {
			return err
		}
	}
	s.written = &written{format: format, output: output, bytes: out.Bytes(), meta: meta}
	if s.queryLog != nil {
		var err error
		if s.written.sql, err = s.queryLog(); err != nil {
			return fmt.Errorf("--manifest: read the statements run: %w", err)
		}
	}
	if output == "" {
		w := s.out
		if format == report.XLSX || format == report.HTML { // not text: written as made
			w = rawWriter(w)
		}
		_, err := w.Write(out.Bytes())
		return err
	}
	if err := writeFile(s.at(output), out.Bytes()); err != nil {
		// The file's name once, not the name of a temporary copy beside it.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("write %s: %w", output, err)
	}
	fmt.Fprintf(s.errOut, "wrote %s (%s)\n", output, format)
	return nil
}

// writeFile puts b in the file output. A regular file (or a new one) is replaced
// whole, by renaming a complete copy over it, keeping its mode; a device, a FIFO
// or a symlink is written through, as the shell's > would: replacing it would turn
// /dev/null into a plain file, or cut the link.
func writeFile(output string, b []byte) error {
	mode := os.FileMode(0o644)
	st, err := os.Lstat(output)
	switch {
	case err == nil && st.IsDir():
		return errors.New("a folder, not a file")
	case err == nil && !st.Mode().IsRegular():
		f, err := os.OpenFile(output, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	case err == nil:
		mode = st.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	dir := filepath.Dir(output)
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) || err == nil && !st.IsDir() {
		return fmt.Errorf("folder %s does not exist", dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(output)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), output)
}

// defaultFormat is a table for a person at a terminal and CSV for a pipe or a file.
func defaultFormat(s *app, output string) report.Format {
	if output == "" && isTerminal(s.out) {
		return report.Table
	}
	return report.CSV
}

// figuresAnnotation marks the commands that make figures (a report written with
// writeResult): those --manifest records and verify runs again.
const figuresAnnotation = "deskstat/figures"

// makesFigures marks c as a command that makes figures.
func makesFigures(c *cobra.Command) *cobra.Command {
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	c.Annotations[figuresAnnotation] = "yes"
	return c
}

// checkOutputs refuses, before anything runs, a --manifest on a command that
// makes no figures, and an output (-o, --manifest) that would overwrite a file
// the command reads (an export, the profile, the database, the release log) or
// the other output.
func checkOutputs(s *app, c *cobra.Command, args []string) error {
	if s.manifest != "" && c.Annotations[figuresAnnotation] == "" {
		return usagef("--manifest: %s writes no figures to record", c.Name())
	}
	if s.manifest != "" && slices.Contains(args, ingest.Stdin) {
		return usagef("--manifest: standard input (-) cannot be read again to check the figures: save it to a file and name that")
	}
	type named struct{ what, path string }
	var reads, writes []named
	for _, a := range args {
		if fileExists(s.at(a)) {
			reads = append(reads, named{"the export " + a, a})
		}
	}
	for _, f := range []string{"profile", "db", "release-log"} {
		if fl := c.Flags().Lookup(f); fl != nil && fl.Value.String() != "" && (f != "db" || len(args) == 0) {
			reads = append(reads, named{"--" + f + " " + fl.Value.String(), fl.Value.String()})
		}
	}
	if fl := c.Flags().Lookup("output"); fl != nil && fl.Value.String() != "" {
		writes = append(writes, named{"-o " + fl.Value.String(), fl.Value.String()})
	}
	if s.manifest != "" {
		writes = append(writes, named{"--manifest " + s.manifest, s.manifest})
	}
	for i, w := range writes {
		for _, r := range append(reads, writes[:i]...) {
			if samePath(s.at(w.path), s.at(r.path)) {
				return usagef("%s would overwrite %s: write it to another file", w.what, r.what)
			}
		}
	}
	return nil
}

// samePath says whether a and b name one file: the same path, or one file by
// two names (a link).
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
