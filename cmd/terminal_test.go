package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostile is an export whose text would drive a terminal: an ESC sequence that
// clears the screen in a category, a carriage return that writes over a line in
// a service, a C1 CSI (U+009B) and a right-to-left override in another category,
// and an ESC in a date that is rejected.
const hostile = "Ref,Date Logged,Priority,Category,Service\r\n" +
	"A1,03/06/2013 09:00,P1,\"Printer\x1b[2J\x1b[H\",\"Housing\rAll 0\"\r\n" +
	"A2,04/06/2013 09:00,P2,\"Mail\u009b31m\u202eevil\",Education\r\n" +
	"A3,31/13/2013\x1b[2J,P2,Mail,Education\r\n" +
	"A4,05/06/2013 09:00,P2,\"Phones\nFAKE: 999 calls were not counted\",Education\r\n" +
	"A5,06/06/2013 09:00\nFAKE: row 99,P2,Mail,Education\r\n"

// rawControl says whether b holds a control character a terminal would obey.
func rawControl(b []byte) bool {
	s := string(b)
	for _, r := range s {
		if r == '\t' || r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return true
		}
	}
	return false
}

// TestControlCharactersNeverRaw: whatever the format, the warnings and the
// listings, no control character from the data reaches standard output or
// standard error raw; JSON still reads back as the data.
func TestControlCharactersNeverRaw(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hostile.csv")
	if err := os.WriteFile(path, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "calls.duckdb")
	for _, args := range [][]string{
		{"ingest", "--db", db, path},
		{"describe", path},
		{"rejects", "--db", db},
		{"rejects", "--db", db, "--format", "json"},
		{"breakdown", path, "--format", "table"},
		{"breakdown", path, "--format", "text"},
		{"breakdown", path, "--format", "csv"},
		{"breakdown", path, "--format", "markdown"},
		{"breakdown", path, "--by", "service", "--format", "table"},
		{"breakdown", path, "--where", "service=Housing\rAll 0", "--format", "text"},
		{"breakdown", path, "--format", "json"},
		{"resolution", path, "--by", "category", "--format", "table"},
		{"breakdown", "--db", db, "--by", "service", "--across", "category", "--format", "csv"},
	} {
		var out, errOut bytes.Buffer
		Main(context.Background(), args, nil, &out, &errOut)
		line := strings.Join(args, " ")
		if rawControl(out.Bytes()) || rawControl(errOut.Bytes()) {
			t.Errorf("deskstat %s: a control character reached the terminal raw:\n%q\n%q", line, out.String(), errOut.String())
		}
		// A line break in a value is shown, not obeyed: no line of the data's own
		// (but in CSV on standard output, where a quoted value keeps it, as CSV
		// does: the notes are on standard error).
		text := out.String() + errOut.String()
		if strings.Contains(line, "--format csv") {
			text = errOut.String()
		}
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(strings.TrimLeft(l, " │|\""), "FAKE") {
				t.Errorf("deskstat %s: a value from the data made a line of its own: %q", line, l)
			}
		}
		if args[0] == "breakdown" && !strings.Contains(line, "service") && !strings.Contains(out.String()+errOut.String(), `\u001b`) {
			t.Errorf("deskstat %s: the escape is not shown:\n%s\n%s", line, out.String(), errOut.String())
		}
		if strings.Contains(line, "json") {
			var v any
			if err := json.Unmarshal(out.Bytes(), &v); err != nil {
				t.Errorf("deskstat %s: not JSON any more: %v\n%s", line, err, out.String())
			}
		}
	}
	var out, errOut bytes.Buffer
	Main(context.Background(), []string{"breakdown", path, "--format", "json"}, nil, &out, &errOut)
	var r struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, row := range r.Rows {
		found[row["category"].(string)] = true
	}
	if !found["Printer\x1b[2J\x1b[H"] || !found["Mail\u009b31m\u202eevil"] {
		t.Errorf("JSON does not read back as the data: %v", found)
	}
}

// TestSafeWriterSplits: a character split between writes is shown whole.
func TestSafeWriterSplits(t *testing.T) {
	var b bytes.Buffer
	w := newSafeWriter(&b)
	csi := []byte("a\u009bb\u202ec é")
	for _, c := range csi {
		if _, err := w.Write([]byte{c}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), `a\u009bb\u202ec é`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// brokenPipe fails every write, as a closed pipe does.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, os.ErrClosed }

// TestUnwritableOutput: a command whose output cannot be written fails (exit 1),
// describe too.
func TestUnwritableOutput(t *testing.T) {
	sample := filepath.Join("..", "samples", "council_calls_2013_2014.csv")
	for _, args := range [][]string{
		{"describe", sample},
		{"describe", sample, "--format", "json"},
		{"breakdown", sample},
		{"monthly", "2014-09", sample, "--format", "json"},
	} {
		var errOut bytes.Buffer
		if code := Main(context.Background(), args, nil, brokenPipe{}, &errOut); code != 1 {
			t.Errorf("deskstat %s: exit %d with its output unwritten, want 1 (%s)", strings.Join(args, " "), code, errOut.String())
		}
	}
}
