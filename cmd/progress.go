package cmd

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress draws one status line for a long import on a terminal's stderr: the
// phase, a bar where the total is known, and the time so far. In a pipe or a file
// it writes nothing.
type progress struct {
	w     io.Writer
	file  string
	start time.Time
	stop  chan struct{}
	wg    sync.WaitGroup

	mu          sync.Mutex
	phase       string
	done, total int64
	drawn       bool
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
func (p *progress) update(phase string, done, total int64) {
	p.mu.Lock()
	p.phase, p.done, p.total = phase, done, total
	p.mu.Unlock()
}

func (p *progress) draw(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("%s: %s", p.file, p.phase)
	if p.total > 0 {
		const width = 30
		n := min(width, int(p.done*width/p.total))
		line += fmt.Sprintf(" [%s%s] %3d%%", strings.Repeat("#", n), strings.Repeat(".", width-n), min(100, p.done*100/p.total))
	}
	line += fmt.Sprintf(" %.0fs", now.Sub(p.start).Seconds())
	fmt.Fprintf(p.w, "\r\033[K%s", line)
	p.drawn = true
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
