package cmd

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	xterm "golang.org/x/term"
)

// progress draws one status line for a long import on a terminal's stderr: the
// file, the step the import is in, and the time so far, redrawn every 200 ms so
// that the time moves while DuckDB works through a step. In a pipe or a file it
// writes nothing, and an import shorter than progressDelay draws nothing.
//
// Why not a progress-bar library: ingest knows its steps, not how far through one
// it is, so there is no bar to draw, only a status line. schollz/progressbar (the
// well-kept one) redraws on its own only in spinner mode, has no delay before the
// first draw, and would bring four modules (virtualterm, go-ansi, colorstring,
// x/term) for these sixty lines.
type progress struct {
	w     io.Writer
	file  string
	start time.Time
	stop  chan struct{}
	wg    sync.WaitGroup

	mu    sync.Mutex
	phase string
	drawn bool
}

// progressDelay is how long an import runs before a line appears: short ones
// stay quiet.
const progressDelay = 500 * time.Millisecond

func newProgress(w io.Writer, file string) *progress {
	p := &progress{w: rawWriter(w), file: visible(file), start: time.Now()} // its own control sequences
	if !isTerminal(w) {
		return p
	}
	p.stop = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case now := <-tick.C:
				if now.Sub(p.start) >= progressDelay {
					p.draw(now)
				}
			}
		}
	}()
	return p
}

// update is ingest's Options.Progress.
func (p *progress) update(phase string) {
	p.mu.Lock()
	p.phase = phase
	p.mu.Unlock()
}

func (p *progress) draw(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	width := 80
	if f, ok := p.w.(*os.File); ok {
		if w, _, err := xterm.GetSize(int(f.Fd())); err == nil && w > 0 {
			width = w // read each time: the window can be resized
		}
	}
	fmt.Fprintf(p.w, "\r\033[K%s", fitLine(p.file, fmt.Sprintf("%s %.0fs", p.phase, now.Sub(p.start).Seconds()), width))
	p.drawn = true
}

// fitLine is "file: rest" in fewer than width columns (a line as wide as the
// terminal wraps, and the next redraw clears only its last row): the file name
// loses its start first, then the line its end.
func fitLine(file, rest string, width int) string {
	line := []rune(file + ": " + rest)
	if len(line) < width {
		return string(line)
	}
	tail := []rune(": " + rest)
	if room := width - 2 - len(tail); room >= 4 {
		f := []rune(file)
		return "…" + string(f[len(f)-room:]) + string(tail)
	}
	return string(line[:max(0, width-1)])
}

// finish stops drawing and clears the line.
func (p *progress) finish() {
	if p.stop == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
