package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Stdin is the FILE argument that reads standard input.
const Stdin = "-"

// regularFile returns the path of a regular file holding path's bytes, to be
// opened as often as reading needs: path itself, or for "-" (stdin), a pipe, a
// device or a /dev/fd name, a copy read once into a temporary folder that done
// removes. A FIFO opened twice would wait for ever for a second writer.
func regularFile(ctx context.Context, path string, stdin io.Reader) (file string, done func(), err error) {
	if path == Stdin {
		if stdin == nil {
			return "", nil, errors.New("no standard input to read")
		}
		return copyToTemp(ctx, "stdin", stdin)
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, errors.New("no such file")
	}
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", nil, err
	}
	switch {
	case st.IsDir():
		return "", nil, errors.New("a folder, not a file: give the export files in it")
	case st.Mode().IsRegular() && !viewOfOther(path):
		return path, func() {}, nil
	}
	return copyToTemp(ctx, filepath.Base(path), f)
}

// InDir is where the file path as given is when relative names are read from dir
// ("" for the working directory): in dir when path is relative and dir is given;
// standard input ("-") is itself.
func InDir(dir, path string) string {
	if dir == "" || path == "" || path == Stdin || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// viewOfOther reports whether path names another open file (/dev/stdin,
// /dev/fd/3, /proc/self/fd/0): its name says nothing of the format, and opening
// it again may not give the same bytes.
func viewOfOther(path string) bool {
	return strings.HasPrefix(path, "/dev/") || strings.HasPrefix(path, "/proc/")
}

// copyToTemp copies r into a new temporary folder, as a file named after name
// when that says its format, else as the format its first bytes show.
func copyToTemp(ctx context.Context, name string, r io.Reader) (string, func(), error) {
	br := bufio.NewReader(r)
	if kind := fileKind(name); kind != "csv" && kind != "xlsx" {
		head, _ := br.Peek(4)
		switch {
		case bytes.HasPrefix(head, []byte("PK\x03\x04")):
			name += ".xlsx"
		case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
			name += ".csv.gz"
		default:
			name += ".csv"
		}
	}
	dir, err := os.MkdirTemp("", "deskstat-input-")
	if err != nil {
		return "", nil, fmt.Errorf("copy to a temporary file: %w", err)
	}
	done := func() { os.RemoveAll(dir) }
	file := filepath.Join(dir, name)
	out, err := os.Create(file)
	if err == nil {
		_, err = io.Copy(out, contextReader{ctx, br})
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		done()
		return "", nil, fmt.Errorf("copy to a temporary file: %w", err)
	}
	return file, done, nil
}
