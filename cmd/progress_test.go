package cmd

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgress: in a pipe nothing is written; on a terminal, nothing before
// progressDelay, then a line with the file, the step and the time so far, which
// moves while the step does not change, and is cleared at the end.
func TestProgress(t *testing.T) {
	var pipe bytes.Buffer
	p := newProgress(&pipe, "calls.csv")
	p.update("reading")
	time.Sleep(progressDelay + 300*time.Millisecond)
	p.finish()
	if pipe.Len() != 0 {
		t.Errorf("wrote %q to a pipe; want nothing", pipe.String())
	}

	var tty bytes.Buffer
	start := time.Now()
	p = &progress{w: &tty, file: "calls.xlsx", start: start}
	p.update("reading values")
	p.draw(start.Add(3 * time.Second))
	p.draw(start.Add(4 * time.Second))
	want := "\r\033[Kcalls.xlsx: reading values 3s\r\033[Kcalls.xlsx: reading values 4s"
	if got := tty.String(); got != want {
		t.Errorf("lines %q, want %q", got, want)
	}
}

// TestProgressOnTerminal runs the line as an import uses it, on a writer that
// says it is a terminal: a short import draws nothing; a long one draws the step
// it is in, the time moving on its own, and clears the line when it ends.
func TestProgressOnTerminal(t *testing.T) {
	var b bytes.Buffer
	short := newProgress(screen{buf: &b, term: true}, "calls.csv")
	short.update("reading")
	short.finish()
	if b.Len() != 0 {
		t.Errorf("a short import drew %q; want nothing", b.String())
	}
	long := newProgress(screen{buf: &b, term: true}, "calls.csv")
	long.update("loading")
	time.Sleep(progressDelay + 700*time.Millisecond)
	long.finish()
	got := b.String()
	if n := strings.Count(got, "calls.csv: loading "); n < 2 {
		t.Errorf("drew %q: want the line redrawn while the step runs", got)
	}
	if !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("drew %q: want the line cleared at the end", got)
	}
}

// TestFitLine: the line stays narrower than the terminal, whatever the file name,
// keeping the step and the time; a name that fits is whole.
func TestFitLine(t *testing.T) {
	long := strings.Repeat("exports/", 12) + "servicenow_incident_event_log.csv.gz"
	for _, width := range []int{20, 40, 80, 200} {
		got := fitLine(long, "keeping the latest updates 12s", width)
		if n := len([]rune(got)); n >= width {
			t.Errorf("width %d: %q is %d columns", width, got, n)
		}
		if width >= 80 && !strings.HasSuffix(got, "event_log.csv.gz: keeping the latest updates 12s") {
			t.Errorf("width %d: %q lost the end of the name, the step or the time", width, got)
		}
	}
	if got := fitLine("calls.csv", "reading 1s", 80); got != "calls.csv: reading 1s" {
		t.Errorf("%q: want the line whole", got)
	}
}
