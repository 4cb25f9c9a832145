package cmd

import (
	"bytes"
	"context"
	"fmt"
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

// TestOutputsNeverOverwriteInputs: -o and --manifest naming a file the command
// reads (the export, the profile, the database) or each other are refused before
// anything is read or written, and the file is left as it was; --manifest on a
// command that makes no figures is refused before it runs.
func TestOutputsNeverOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"calls.csv": sampleXLSX[:len(sampleXLSX)-len("xlsx")] + "csv", "profile.yaml": sampleProfile}
	for to, from := range files {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := Main(context.Background(), args, nil, &out, &errOut)
		return code, errOut.String()
	}
	if code, msg := run("ingest", "--db", "calls.duckdb", "calls.csv"); code != 0 {
		t.Fatal(msg)
	}
	if err := os.Link("calls.csv", "alias.csv"); err != nil {
		t.Fatal(err)
	}
	snapshot := func() map[string]string {
		m := map[string]string{}
		entries, _ := os.ReadDir(".")
		for _, e := range entries {
			b, _ := os.ReadFile(e.Name())
			m[e.Name()] = sum(b)
		}
		return m
	}
	for _, args := range [][]string{
		{"breakdown", "calls.csv", "-o", "calls.csv"},
		{"breakdown", "calls.csv", "-o", "./alias.csv"},
		{"breakdown", "calls.csv", "--manifest", "calls.csv"},
		{"breakdown", "calls.csv", "--profile", "profile.yaml", "--manifest", "profile.yaml"},
		{"answer", "calls.csv", "--profile", "profile.yaml", "-o", "profile.yaml"},
		{"trend", "--db", "calls.duckdb", "--manifest", "calls.duckdb"},
		{"monthly", "2014-09", "--db", "calls.duckdb", "-o", "calls.duckdb"},
		{"breakdown", "calls.csv", "-o", "out.csv", "--manifest", "out.csv"},
		{"ingest", "--db", "other.duckdb", "calls.csv", "--manifest", "m.json"},
		{"imports", "--db", "calls.duckdb", "--manifest", "m.json"},
	} {
		before := snapshot()
		code, msg := run(args...)
		if code != 2 {
			t.Errorf("deskstat %s: exit %d, want 2 (refused)\n%s", strings.Join(args, " "), code, msg)
		}
		if after := snapshot(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("deskstat %s changed the folder:\nbefore %v\nafter  %v", strings.Join(args, " "), before, after)
		}
	}
}

// TestVerifyRefusesWhatIsNotAManifest: a report's own JSON, an empty object, or a
// manifest whose command is verify itself is refused at once, never run (verify
// running itself would never end).
func TestVerifyRefusesWhatIsNotAManifest(t *testing.T) {
	calls, err := filepath.Abs(sampleXLSX[:len(sampleXLSX)-len("xlsx")] + "csv")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"breakdown", calls, "-o", "answer.json", "--manifest", "good.json"}, nil, &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	good, err := os.ReadFile("good.json")
	if err != nil {
		t.Fatal(err)
	}
	self := strings.Replace(string(good), `"command": [`+"\n"+`    "breakdown"`, `"command": [`+"\n"+`    "verify"`, 1)
	if self == string(good) {
		t.Fatal("could not make a manifest that runs verify")
	}
	for name, text := range map[string]string{"empty.json": "{}", "self.json": self, "nocommand.json": `{"command": [], "output_sha256": "ab"}`} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []string{"answer.json", "empty.json", "self.json", "nocommand.json"} {
		done := make(chan int, 1)
		var out, errOut bytes.Buffer
		go func() { done <- Main(context.Background(), []string{"verify", m}, nil, &out, &errOut) }()
		select {
		case code := <-done:
			if code == 0 || !strings.Contains(errOut.String(), "is not a deskstat manifest") {
				t.Errorf("verify %s: exit %d: %s", m, code, errOut.String())
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("verify %s has not ended after a minute", m)
		}
	}
}
