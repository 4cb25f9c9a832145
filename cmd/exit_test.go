package cmd

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes: 0 for work done, 1 for work that failed, 2 for a command called
// wrongly (with the line that points at --help); each message in deskstat's words,
// naming the flag, file or folder at fault. A failed ingest leaves no database.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	sample := filepath.Join("..", "samples", "council_calls_2013_2014.csv")
	db := filepath.Join(dir, "calls.duckdb")
	for _, c := range []struct {
		args []string
		code int
		says string // in stderr
	}{
		{[]string{"breakdwon"}, 2, `unknown command "breakdwon"`},
		{[]string{"breakdown", sample, "--tz", "Mars/Base"}, 2, `--tz "Mars/Base": not a time zone deskstat knows`},
		{[]string{"ingest", "--db", db, sample, "--tz", "Local"}, 2, `--tz "Local"`},
		{[]string{"completion", "bogus"}, 2, `completion "bogus": not a shell deskstat knows: bash`},
		{[]string{"completion"}, 2, "completion: give a shell"},
		{[]string{"completion", "bash"}, 0, ""},
		{[]string{"breakdown", sample, "--severity", "a"}, 2, `invalid argument "a" for "--severity" flag: want severities from 1 (critical) to 5`},
		{[]string{"breakdown", sample, "--severity", "Sev 1,2"}, 0, ""},
		{[]string{"ingest"}, 2, "give the export files to load (CSV, TSV, CSV.gz or XLSX), e.g. deskstat ingest calls.csv"},
		{[]string{"describe"}, 2, "give the export files to describe"},
		{[]string{"describe", filepath.Join("..", "samples")}, 1, "samples: a folder, not a file"},
		{[]string{"breakdown", "--db", filepath.Join(dir, "none.duckdb")}, 1, "give export files instead (deskstat breakdown calls.csv), or load them into it first (deskstat ingest --db"},
		{[]string{"ingest", "--db", db, filepath.Join(dir, "nosuchfile.csv")}, 1, "nosuchfile.csv: no such file\n"},
		{[]string{"breakdown", "-", "--manifest", filepath.Join(dir, "stdin.json")}, 2, "--manifest: standard input (-) cannot be read again"},
		{[]string{"ingest", "--db", db, dir}, 1, "a folder, not a file"},
		{[]string{"breakdown", sample, "-o", filepath.Join(dir, "no", "such", "out.csv")}, 1, "does not exist"},
		{[]string{"breakdown", sample, "-o", filepath.Join(dir, "OUT.CSV")}, 0, ""},
		{[]string{"breakdown", sample, "-o", filepath.Join(dir, "out.markdown")}, 0, ""},
		{[]string{"breakdown", sample, "-o", filepath.Join(dir, "out.HTM")}, 0, ""},
		{[]string{"breakdown", sample, "-o", filepath.Join(dir, "out.pdf")}, 2, "cannot tell the format"},
		{[]string{"breakdown", sample, "-o", filepath.Join(dir, "o1.CSV"), "--format", "json"}, 2, "is csv by its name, but --format json"},
		{[]string{"help", "bogus"}, 2, "help bogus: no such command"},
		{[]string{"help", "breakdown"}, 0, ""},
		{[]string{"verify"}, 2, "give a manifest file: deskstat verify answer.manifest.json"},
		{[]string{"export"}, 2, "give the folder to export to"},
		{[]string{"rejects", "--db", filepath.Join(dir, "none.duckdb"), "--format", "text"}, 2, "a listing is written as table, csv, json or markdown"},
		{[]string{"ingest", "--db", filepath.Join(dir, "nodir", "x.duckdb"), sample}, 1, "nodir does not exist"},
		{[]string{"ingest", "--db", dir, sample}, 1, "a folder, not a database file"},
		{[]string{"ingest", "--db", filepath.Join(dir, "two.duckdb"), sample, filepath.Join(dir, "missing.csv"), "../samples/jira_service_desk.csv"}, 1, "1 of 3 files loaded; not tried: ../samples/jira_service_desk.csv"},
	} {
		var out, errOut bytes.Buffer
		code := Main(context.Background(), c.args, nil, &out, &errOut)
		line := strings.Join(c.args, " ")
		if code != c.code {
			t.Errorf("deskstat %s: exit %d, want %d\n%s", line, code, c.code, errOut.String())
			continue
		}
		if !strings.Contains(errOut.String(), c.says) {
			t.Errorf("deskstat %s: stderr does not say %q:\n%s", line, c.says, errOut.String())
		}
		if c.code == 2 && !strings.Contains(errOut.String(), "--help' for usage.") {
			t.Errorf("deskstat %s: a usage error with no pointer to --help:\n%s", line, errOut.String())
		}
		if strings.Contains(errOut.String(), "strconv.") || strings.Contains(errOut.String(), "Parser Error") {
			t.Errorf("deskstat %s: a message not in deskstat's words:\n%s", line, errOut.String())
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("failed ingests left a database behind at %s", db)
	}
	for name, want := range map[string]string{"OUT.CSV": "category,calls\n", "out.markdown": "| category |", "out.HTM": "<!DOCTYPE html>"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("-o %s: not written as its extension says (%v): %.80q", name, err, b)
		}
	}
}

// TestHelpNamesTheOutputs: monthly's help names its headline output, the page to
// send on; verify's example keeps the manifest apart from the answer's own file.
func TestHelpNamesTheOutputs(t *testing.T) {
	for _, c := range []struct {
		cmd, says, not string
	}{
		{"monthly", "-o report.html", ""},
		{"verify", "--manifest answer.manifest.json", "--manifest answer.json"},
	} {
		var out, errOut bytes.Buffer
		if code := Main(context.Background(), []string{c.cmd, "--help"}, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s --help: exit %d", c.cmd, code)
		}
		if !strings.Contains(out.String(), c.says) || (c.not != "" && strings.Contains(out.String(), c.not)) {
			t.Errorf("%s --help does not say %q (or says %q):\n%s", c.cmd, c.says, c.not, out.String())
		}
	}
}

// fullDisk is standard output on a full disk: every write fails.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputNotWritten: whatever the command, output it could not write is a
// failure (exit 1) that says so, never a success with half an answer.
func TestOutputNotWritten(t *testing.T) {
	db := filepath.Join(t.TempDir(), "calls.duckdb")
	sample := filepath.Join("..", "samples", "jira_service_desk.csv")
	for _, args := range [][]string{
		{"--help"},
		{"ingest", "--db", db, sample},
		{"imports", "--db", db},
		{"breakdown", sample, "--by", "severity"},
		{"describe", sample},
	} {
		var errOut bytes.Buffer
		code := Main(context.Background(), args, nil, fullDisk{}, &errOut)
		if code != exitFailure || !strings.Contains(errOut.String(), "no space left on device") {
			t.Errorf("deskstat %s onto a full disk: exit %d, want 1 saying so\n%s", strings.Join(args, " "), code, errOut.String())
		}
	}
}
