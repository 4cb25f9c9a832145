package cmd

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgress: in a pipe nothing is written; the line it draws on a terminal
// shows the phase, a bar when the total is known, and the time so far.
func TestProgress(t *testing.T) {
	var pipe bytes.Buffer
	p := newProgress(&pipe, "calls.csv")
	p.update("reading", 10, 100)
	time.Sleep(progressDelay + 300*time.Millisecond)
	p.finish()
	if pipe.Len() != 0 {
		t.Errorf("wrote %q to a pipe; want nothing", pipe.String())
	}

	var tty bytes.Buffer
	start := time.Now()
	p = &progress{w: &tty, file: "calls.xlsx", start: start}
	p.update("reading", 50, 100)
	p.draw(start.Add(3 * time.Second))
	got := tty.String()
	for _, want := range []string{"\r\033[K", "calls.xlsx: reading", "[###############...............]  50%", "3s"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
	tty.Reset()
	p.update("reading values", 0, 0)
	p.draw(start.Add(4 * time.Second))
	if got := tty.String(); strings.Contains(got, "%") || !strings.Contains(got, "reading values 4s") {
		t.Errorf("line %q: want the phase and time, no bar, when the total is unknown", got)
	}
}
