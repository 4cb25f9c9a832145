package ingest_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

// TestHelperProcess is not a test: the tests below run the test binary again as a
// second process that imports into a database and waits, inside its transaction
// with the import and its tickets written, until killed.
func TestHelperProcess(t *testing.T) {
	db, file, marker := os.Getenv("DESKSTAT_HELPER_DB"), os.Getenv("DESKSTAT_HELPER_FILE"), os.Getenv("DESKSTAT_HELPER_MARKER")
	if db == "" {
		t.Skip("a helper for other tests")
	}
	ctx := context.Background()
	d, err := queries.Open(ctx, db, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	_, err = ingest.File(ctx, d, file, ingest.Options{Progress: func(phase string) {
		if phase == "keeping rejected rows" { // the import and its tickets are written, not committed
			_ = os.WriteFile(marker, []byte("in"), 0o644)
			time.Sleep(time.Minute)
		}
	}})
	fmt.Fprintln(os.Stderr, "not killed:", err)
	os.Exit(3)
}

// startHelper runs the helper and waits until it is inside its import's transaction.
func startHelper(t *testing.T, db, file string) *exec.Cmd {
	t.Helper()
	marker := filepath.Join(t.TempDir(), "marker")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "DESKSTAT_HELPER_DB="+db, "DESKSTAT_HELPER_FILE="+file, "DESKSTAT_HELPER_MARKER="+marker)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(marker); err == nil {
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatal("the helper never reached its transaction")
		}
	}
}

// TestKilledImport: an import killed half-way (SIGKILL inside its transaction)
// leaves the database as it was, and the next import works. While it runs, a
// second writer is told plainly who holds the database.
func TestKilledImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "calls.duckdb")
	db, err := queries.Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	mustIngest(t, db, "testdata/hand_kept.csv", ingest.Options{})
	before := lines(t, db, "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM imports), (SELECT count(*) FROM rejects)")
	db.Close()

	helper := startHelper(t, path, "../samples/council_calls_2013_2014.csv")
	_, err = queries.Open(ctx, path, false)
	if err == nil || !strings.Contains(err.Error(), "in use by another") || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", helper.Process.Pid)) {
		t.Errorf("a second writer: %v; want a plain 'in use by another ... (pid %d)'", err, helper.Process.Pid)
	}
	if err := helper.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = helper.Wait()

	db, err = queries.Open(ctx, path, false)
	if err != nil {
		t.Fatalf("after the kill: %v", err)
	}
	defer db.Close()
	equalLines(t, "the database after the kill", lines(t, db, "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM imports), (SELECT count(*) FROM rejects)"), before)
	s := mustIngest(t, db, "../samples/council_calls_2013_2014.csv", ingest.Options{})
	if s.Duplicate != nil || s.New+s.Updated != 242 {
		t.Errorf("the import after the kill: duplicate %v, %d new, %d updated; want all 242 calls loaded", s.Duplicate, s.New, s.Updated)
	}
}
