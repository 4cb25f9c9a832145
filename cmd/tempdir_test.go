package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// deskstatIn starts the deskstat testscript installs, with tmp as its TMPDIR.
func deskstatIn(t *testing.T, tmp string, args ...string) *exec.Cmd {
	t.Helper()
	c := exec.Command("deskstat", args...)
	c.Env = append(os.Environ(), "TMPDIR="+tmp)
	return c
}

// TestTerminatedImport: deskstat stopped by SIGTERM mid-import (here, waiting on
// a pipe, where no check of its context comes) leaves no temporary folder behind.
func TestTerminatedImport(t *testing.T) {
	tmp := t.TempDir()
	c := deskstatIn(t, tmp, "ingest", "--db", filepath.Join(t.TempDir(), "calls.duckdb"), "-")
	stdin, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Process.Kill(); _ = c.Wait(); stdin.Close() })
	if _, err := stdin.Write([]byte("Number,Opened,Summary\nR1,2014-01-01,printer\n")); err != nil {
		t.Fatal(err)
	}
	// The copy of standard input is being written in the process's own folder.
	pattern := filepath.Join(tmp, "deskstat-"+strconv.Itoa(c.Process.Pid)+"-*", "deskstat-input-*", "*")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if found, _ := filepath.Glob(pattern); len(found) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the copy of standard input never appeared")
		}
	}
	if err := c.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	select {
	case err := <-exited:
		if err == nil {
			t.Error("exit 0 after SIGTERM; want a failure")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("still running 20 s after SIGTERM")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left behind after SIGTERM: %v", left)
	}
}

// TestStaleTempDirs: a deskstat starting removes the folders of deskstats that no
// longer run (killed outright), and keeps those of the ones still running.
func TestStaleTempDirs(t *testing.T) {
	tmp := t.TempDir()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(tmp, "deskstat-"+strconv.Itoa(gone.Process.Pid)+"-123", "deskstat-input-9", "calls.csv")
	live := filepath.Join(tmp, "deskstat-"+strconv.Itoa(os.Getpid())+"-456")
	other := filepath.Join(tmp, "deskstat-input-789") // not named by a pid: not known to be ours
	for _, d := range []string{filepath.Dir(stale), live, other} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(stale, []byte("Number\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := deskstatIn(t, tmp, "--version").CombinedOutput(); err != nil {
		t.Fatalf("deskstat --version: %v: %s", err, out)
	}
	if _, err := os.Stat(filepath.Dir(filepath.Dir(stale))); !os.IsNotExist(err) {
		t.Errorf("the folder of a process that no longer runs is still there (%v)", err)
	}
	for _, d := range []string{live, other} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s: %v; want it kept", filepath.Base(d), err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "deskstat-*-*")); len(left) != 2 {
		t.Errorf("after deskstat --version: %v; want only the two kept", left)
	}
}
