package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

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
