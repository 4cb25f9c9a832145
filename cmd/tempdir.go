package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Run is deskstat as a program: Main on the process's arguments and streams,
// stopped by SIGINT or SIGTERM, with its temporary files (copies of streams,
// excelize's parts, DuckDB's spill) in a folder of its own, removed on the way
// out. Folders left by deskstats that were killed outright are removed first.
func Run() int {
	remove := ownTempDir()
	defer remove()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		// Main stops at its next check of ctx; a read blocked on a pipe may never
		// get there, and the folder must go all the same.
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			remove()
			os.Exit(exitFailure)
		}
	}()
	return Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// ownTempDir makes the folder deskstat-<pid>-* in the system's temporary folder
// and makes it the process's (TMPDIR), returning what removes it. Without one, the
// system's is used as it is.
func ownTempDir() (remove func()) {
	base := os.TempDir()
	removeStale(base)
	dir, err := os.MkdirTemp(base, fmt.Sprintf("deskstat-%d-", os.Getpid()))
	if err != nil {
		return func() {}
	}
	os.Setenv("TMPDIR", dir)
	return func() { os.RemoveAll(dir) }
}

// removeStale removes the deskstat-<pid>-* entries in base whose process no
// longer runs.
func removeStale(base string) {
	found, _ := filepath.Glob(filepath.Join(base, "deskstat-*-*"))
	for _, path := range found {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(path), "deskstat-"), "-")
		n, err := strconv.Atoi(pid)
		if err != nil || n <= 0 || n == os.Getpid() || running(n) {
			continue
		}
		os.RemoveAll(path)
	}
}

// running reports whether process pid exists.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess opened it
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
