package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
)

// Text from an export reaches the terminal in tables, letters, CSV, warnings,
// rejected rows and errors. A control character in it (an ESC sequence in a
// category, a carriage return in a service) would be obeyed by the terminal: it
// could clear the screen or write over the counts shown. Every byte deskstat
// writes to standard output and standard error passes through a safeWriter, which
// shows such characters instead, as \u001b: readable, and inside a JSON string
// the valid escape of the same character.

// safeWriter writes to w with control characters shown, not obeyed: C0 but for
// tab and line feed, DEL, C1, and the bidirectional controls that reorder what
// is displayed. A character split between two writes is held until it is whole.
type safeWriter struct {
	w      io.Writer
	carry  []byte // the start of a character the last write ended in
	failed error  // the first write that failed: the command's output is not whole
}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

// shown is how a control rune is written, or "" when it is written as it is.
func (s *safeWriter) shown(r rune) string {
	switch {
	case r == '\t' || r == '\n':
		return ""
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
		return fmt.Sprintf(`\u%04x`, r)
	}
	return ""
}

func (s *safeWriter) Write(p []byte) (int, error) {
	n := len(p)
	b := append(s.carry, p...)
	s.carry = nil
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			if esc := s.shown(rune(b[i])); esc != "" {
				out = append(out, esc...)
			} else {
				out = append(out, b[i])
			}
			i++
			continue
		}
		if !utf8.FullRune(b[i:]) {
			s.carry = append([]byte(nil), b[i:]...) // the rest comes with the next write
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		if esc := s.shown(r); esc != "" && r != utf8.RuneError {
			out = append(out, esc...)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if _, err := s.w.Write(out); err != nil {
		if s.failed == nil {
			s.failed = err
		}
		return 0, err
	}
	return n, nil
}

// Flush writes a character left incomplete at the end, as it is.
func (s *safeWriter) Flush() error {
	if len(s.carry) == 0 {
		return nil
	}
	_, err := s.w.Write(s.carry)
	s.carry = nil
	return err
}

// isTerminal says whether w (or the stream a safeWriter writes to) is a terminal,
// or says it stands for one (a test reading the README's tour as a user sees it).
func isTerminal(w io.Writer) bool {
	if s, ok := w.(*safeWriter); ok {
		w = s.w
	}
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// rawWriter is the stream under a safeWriter: for deskstat's own control
// sequences (the progress line) and for bytes that are not text (a workbook).
func rawWriter(w io.Writer) io.Writer {
	if s, ok := w.(*safeWriter); ok {
		return s.w
	}
	return w
}

// visible is s with its control characters shown, for a line deskstat writes past
// its safeWriters (the progress line's file name).
func visible(s string) string {
	var b strings.Builder
	w := newSafeWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Flush()
	return b.String()
}
