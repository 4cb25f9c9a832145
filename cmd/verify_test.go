package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestVerifyKeepsTheWorkingDirectory: verify runs a recorded command as from the
// folder it ran in, without moving the process there (another goroutine of the
// process, or a test running beside it, would read its relative paths from the
// wrong folder), and still finds every file the command names relatively: the
// export, the profile and the database, with the notes naming them as recorded.
func TestVerifyKeepsTheWorkingDirectory(t *testing.T) {
	work := t.TempDir()
	for from, to := range map[string]string{sampleXLSX: "calls.xlsx", sampleProfile: "profile.yaml"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commands := map[string][]string{
		"answer.manifest.json":   {"answer", "calls.xlsx", "--profile", "profile.yaml", "--severity", "1,2", "-o", "answer.txt"},
		"pack.manifest.json":     {"monthly", "2014-09", "calls.xlsx", "--profile", "profile.yaml", "-o", "pack.html"},
		"ingest":                 {"ingest", "--db", "calls.duckdb", "calls.xlsx", "--profile", "profile.yaml"},
		"database.manifest.json": {"trend", "--db", "calls.duckdb", "--from", "2014-01", "--to", "2014-09", "--format", "csv"},
	}
	t.Chdir(work)
	for _, m := range []string{"answer.manifest.json", "pack.manifest.json", "ingest", "database.manifest.json"} {
		args := commands[m]
		if strings.HasSuffix(m, ".json") {
			args = append(args, "--manifest", m)
		}
		var out, errOut bytes.Buffer
		if code := Main(context.Background(), args, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
		}
	}

	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// Watch the working directory while verify runs.
	var moved []string
	var mu sync.Mutex
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if d, err := os.Getwd(); err == nil && d != here {
				mu.Lock()
				moved = append(moved, d)
				mu.Unlock()
			}
			time.Sleep(time.Millisecond)
		}
	}()
	for _, m := range []string{"answer.manifest.json", "pack.manifest.json", "database.manifest.json"} {
		var out, errOut bytes.Buffer
		code := Main(context.Background(), []string{"verify", filepath.Join(work, m)}, nil, &out, &errOut)
		if code != 0 || !strings.HasPrefix(out.String(), "identical: ") {
			t.Errorf("verify %s from another folder: exit %d\nstdout: %s\nstderr: %s", m, code, out.String(), errOut.String())
		}
	}
	close(stop)
	wg.Wait()
	if len(moved) > 0 {
		t.Errorf("verify moved the process's working directory (to %s) while it ran", moved[0])
	}
	if d, _ := os.Getwd(); d != here {
		t.Errorf("after verify the working directory is %s, not %s", d, here)
	}
}
