package cmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs deskstat with args, failing the test (not hanging it) if it has
// not finished within a minute.
func runWithin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- Main(ctx, args, nil, &out, &errOut) }()
	select {
	case code = <-done:
		return code, out.String(), errOut.String()
	case <-time.After(time.Minute):
		t.Fatalf("deskstat %s: still running after a minute", strings.Join(args, " "))
		return 0, "", ""
	}
}

// TestNotRegularInput reads exports that can be read only once: a FIFO, and a pipe
// named /dev/fd/N as a shell's process substitution <(cat calls.csv) names it.
func TestNotRegularInput(t *testing.T) {
	export, err := os.ReadFile("../samples/jira_service_desk.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		open func(t *testing.T) string // makes the input, written by another goroutine
	}{
		{"fifo", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "calls.csv")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			go func() {
				if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
					f.Write(export)
					f.Close()
				}
			}()
			return path
		}},
		{"process substitution", func(t *testing.T) string {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close() })
			go func() {
				w.Write(export)
				w.Close()
			}()
			return fmt.Sprintf("/dev/fd/%d", r.Fd())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.open(t)
			code, out, errOut := runWithin(t, "breakdown", "--by", "severity", "--format", "csv", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, "Sev 1,7\n") || !strings.Contains(out, "Total,150") {
				t.Errorf("want 7 Sev 1 of 150 calls, got:\n%s", out)
			}
			if !strings.Contains(errOut, "Source: "+path+" (SHA-256 e14f14d1") {
				t.Errorf("want the source named %s, got:\n%s", path, errOut)
			}
		})
	}
}

// TestOutputNotReplaced writes -o through a FIFO (a reader gets the CSV and the
// FIFO stays one), and over a regular file keeping its mode.
func TestOutputNotReplaced(t *testing.T) {
	args := []string{"breakdown", "../samples/jira_service_desk.csv", "--by", "severity", "--format", "csv", "-o"}
	t.Run("fifo", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "out.csv")
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		// Read-write: the open waits for no writer, and the writer's open for no reader.
		r, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if code, _, errOut := runWithin(t, append(args, path)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("%s is no longer a FIFO: %v %v", path, st.Mode(), err)
		}
		r.SetReadDeadline(time.Now().Add(10 * time.Second))
		b := make([]byte, 1<<16)
		n, err := r.Read(b)
		if err != nil || !strings.Contains(string(b[:n]), "Sev 1,7\n") {
			t.Errorf("the FIFO's reader got %q, %v", b[:n], err)
		}
	})
	t.Run("mode kept", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "out.csv")
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := runWithin(t, append(args, path)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want -rw------- as before", st.Mode().Perm())
		}
		if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte("Sev 1,7\n")) {
			t.Errorf("not rewritten: %q", b)
		}
	})
}
