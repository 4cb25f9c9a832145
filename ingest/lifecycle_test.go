package ingest_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/ingest"
)

// life is a ticket's lifecycle as written by hand from the rows of
// samples/process_mining_log.csv (times UTC; "" for none).
type life struct {
	opened, resolved, closed string
	isResolved               string // true, false, or "" for not known
	reopens, reassignments   int
	sevOpened, sevHighest    int
	severity                 int
	status                   string
}

// processMiningTruth is samples/process_mining_log.csv read by hand: a log of one
// row per status change, no opened or resolved column, status and sub-status in
// two columns, Impact (Low, Medium, High, and once Major) the only rating.
var processMiningTruth = map[string]life{
	// Waits on the user, resolved, then closed three days later.
	"1-101": {"2013-03-04 09:00", "2013-03-05 12:00", "2013-03-08 12:00", "true", 0, 0, 3, 3, 3, "Completed - Closed"},
	// Resolved, reopened the next day, resolved again: resolved is the second time.
	"1-102": {"2013-03-10 08:00", "2013-03-12 15:00", "2013-03-15 15:00", "true", 1, 0, 2, 2, 2, "Completed - Closed"},
	// Still waiting on a vendor.
	"1-103": {"2013-03-20 14:00", "", "", "false", 0, 0, 4, 4, 4, "Accepted - Wait - Vendor"},
	// Passed to G230 and back: two reassignments.
	"1-104": {"2013-04-02 10:00", "2013-04-04 10:00", "", "true", 0, 2, 3, 3, 3, "Completed - Resolved"},
	// Raised to Major (the top of the ladder Major > High > Medium > Low), ended High.
	"1-105": {"2013-04-05 10:00", "2013-04-05 16:00", "", "true", 0, 0, 3, 1, 2, "Completed - Resolved"},
	// Ends in a status no tool's words name: its resolution is not known.
	"1-106": {"2013-04-10 10:00", "", "", "", 0, 0, 4, 4, 4, "Unmatched - Unmatched"},
	// Its rows are not in time order in the file: the earliest event opens it.
	"1-107": {"2013-05-06 08:00", "2013-05-06 13:00", "", "true", 0, 0, 4, 4, 4, "Completed - Resolved"},
}

// readLives reads every ticket's lifecycle as stored.
func readLives(t *testing.T, db *sql.DB) map[string]life {
	t.Helper()
	rows, err := db.Query(`SELECT ticket_id, strftime(opened_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'),
		coalesce(strftime(resolved_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), ''),
		coalesce(strftime(closed_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), ''),
		coalesce(CAST(resolved AS VARCHAR), ''), coalesce(reopen_count, -1), coalesce(reassignment_count, -1),
		coalesce(severity_opened, 0), coalesce(severity_highest, 0), coalesce(severity, 0), coalesce(status, '')
		FROM tickets`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]life{}
	for rows.Next() {
		var id string
		var l life
		if err := rows.Scan(&id, &l.opened, &l.resolved, &l.closed, &l.isResolved, &l.reopens, &l.reassignments,
			&l.sevOpened, &l.sevHighest, &l.severity, &l.status); err != nil {
			t.Fatal(err)
		}
		got[id] = l
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func compareLives(t *testing.T, got, want map[string]life) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d tickets, want %d", len(got), len(want))
	}
	for id, w := range want {
		if g, ok := got[id]; !ok {
			t.Errorf("%s: not loaded", id)
		} else if g != w {
			t.Errorf("%s:\n got %+v\nwant %+v", id, g, w)
		}
	}
}

func TestLifecycleProcessMiningLog(t *testing.T) {
	db := openDB(t)
	s := mustIngest(t, db, "../samples/process_mining_log.csv", ingest.Options{})
	if s.OpenedFrom != "Change Date+Time" {
		t.Errorf("opened from %q, want the event time column", s.OpenedFrom)
	}
	if s.Ladder != "Major > High > Medium > Low" {
		t.Errorf("ladder %q", s.Ladder)
	}
	compareLives(t, readLives(t, db), processMiningTruth)
	var events int
	if err := db.QueryRow("SELECT count(*) FROM events").Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != 25 {
		t.Errorf("%d events kept, want the file's 25 rows", events)
	}
	var unknown []string
	for _, st := range s.Statuses {
		if st.Phase == "" {
			unknown = append(unknown, st.Status)
		}
	}
	if strings.Join(unknown, ",") != "Unmatched - Unmatched" {
		t.Errorf("statuses not known: %q, want the one no tool names", unknown)
	}
}

// An event log exported in two overlapping parts: each ticket's lifecycle is that
// of the whole log, and no event is kept twice.
func TestLifecycleAcrossImports(t *testing.T) {
	b, err := os.ReadFile("../samples/process_mining_log.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	header, rows := lines[0], lines[1:]
	dir := t.TempDir()
	first, second := filepath.Join(dir, "part1.csv"), filepath.Join(dir, "part2.csv")
	// Part 1: the first 15 rows; part 2: rows 10 to the end (6 rows in both).
	write := func(path string, rs []string) {
		if err := os.WriteFile(path, []byte(header+"\n"+strings.Join(rs, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(first, rows[:15])
	write(second, rows[9:])
	db := openDB(t)
	mustIngest(t, db, first, ingest.Options{})
	mustIngest(t, db, second, ingest.Options{})
	compareLives(t, readLives(t, db), processMiningTruth)
	var events int
	if err := db.QueryRow("SELECT count(*) FROM events").Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != len(rows) {
		t.Errorf("%d events kept, want %d (the overlap once)", events, len(rows))
	}
}

// Where the export's own columns give a resolved time, a reopen count or a
// reassignment count, they are read, not derived from the statuses; a file that
// repeats no ticket says resolved by its status, with no time; one with neither
// status nor resolved column cannot tell.
func TestLifecycleColumnsWin(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.csv")
	csv := `number,incident_state,sys_mod_count,opened_at,sys_updated_at,resolved_at,reopen_count,priority
INC1,Active,0,2016-03-01 09:00,2016-03-01 09:00,,0,3 - Moderate
INC1,Resolved,1,2016-03-01 09:00,2016-03-01 10:00,2016-03-01 09:45,0,3 - Moderate
INC1,Active,2,2016-03-01 09:00,2016-03-02 10:00,,1,3 - Moderate
INC1,Resolved,3,2016-03-01 09:00,2016-03-03 10:00,2016-03-03 09:30,1,2 - High
`
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	mustIngest(t, db, path, ingest.Options{})
	got := readLives(t, db)["INC1"]
	want := life{"2016-03-01 09:00", "2016-03-03 09:30", "", "true", 1, -1, 3, 2, 2, "Resolved"}
	if got != want {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}

	for _, c := range []struct {
		name, csv, resolved string
	}{
		{"status only", "Ref,Date Logged,Status\nA,01/03/2016 09:00,Closed\nB,01/03/2016 10:00,In Progress\nC,01/03/2016 11:00,Bogus\n", "A=true B=false C="},
		{"neither", "Ref,Date Logged,Priority\nA,01/03/2016 09:00,P1\n", "A="},
		{"resolved column", "Ref,Date Logged,Date Resolved\nA,01/03/2016 09:00,\nB,01/03/2016 10:00,02/03/2016 10:00\n", "A=false B=true"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "calls.csv")
			if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			db := openDB(t)
			mustIngest(t, db, path, ingest.Options{})
			var got []string
			rows, err := db.Query("SELECT ticket_id, coalesce(CAST(resolved AS VARCHAR), '') FROM tickets ORDER BY ticket_id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, r string
				if err := rows.Scan(&id, &r); err != nil {
					t.Fatal(err)
				}
				got = append(got, id+"="+r)
			}
			if strings.Join(got, " ") != c.resolved {
				t.Errorf("resolved %q, want %q", strings.Join(got, " "), c.resolved)
			}
		})
	}
}

// One export column named for two times would give every call a resolution time
// equal to its opened time: refused.
func TestOneColumnTwoTimesRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte("Ref,Date Logged\nA,01/03/2016 09:00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ingest.File(context.Background(), openDB(t), path, ingest.Options{Columns: map[string]string{"opened_at": "Date Logged", "resolved_at": "date logged"}})
	if err == nil || !strings.Contains(err.Error(), `column "Date Logged" is named for both opened_at and resolved_at`) {
		t.Fatalf("err = %v, want the column named for two times refused", err)
	}
	// Named for the resolved time alone, it is not also read as the opened time.
	if _, err := ingest.File(context.Background(), openDB(t), path, ingest.Options{Columns: map[string]string{"resolved_at": "Date Logged"}}); err == nil {
		t.Fatal("a file whose one time column is named the resolved time loaded")
	}
}

// jiraChangelogTruth is samples/jira_changelog.csv read by hand: Jira's changelog
// flattened, a row per change of one field (Field, From, To, Changed), the Status
// column the status now. The status before a ticket's first change of status held
// from its creation; a change of another field leaves the status as it was.
var jiraChangelogTruth = map[string]life{
	// Waited on the customer 10:00 to 09:00 (an assignee change at 11:00 between),
	// resolved at 12:00, closed three days later.
	"ITSD-201": {"2024-03-04 09:00", "2024-03-05 12:00", "2024-03-08 12:00", "true", 0, -1, 2, 2, 2, "Closed"},
	// Done, reopened the next morning, done again: resolved the second time; Done
	// is resolved, not closed.
	"ITSD-202": {"2024-03-06 14:00", "2024-03-07 13:30", "", "true", 1, -1, 1, 1, 1, "Done"},
	// Waiting for support is the desk's turn: still open.
	"ITSD-203": {"2024-03-11 08:00", "", "", "false", 0, -1, 3, 3, 3, "Waiting for support"},
	// Only its priority changed: its status is never said, so its resolution is not
	// known. (A changelog's priority changes are not read: the Priority column is.)
	"ITSD-204": {"2024-03-12 09:00", "", "", "", 0, -1, 4, 4, 4, ""},
	// Cancelled: closed, and so resolved, at once.
	"ITSD-205": {"2024-03-13 09:00", "2024-03-13 09:10", "2024-03-13 09:10", "true", 0, -1, 2, 2, 2, "Cancelled"},
}

func TestLifecycleJiraChangelog(t *testing.T) {
	db := openDB(t)
	s := mustIngest(t, db, "../samples/jira_changelog.csv", ingest.Options{})
	if _, ok := s.Mapping.Columns["status"]; ok {
		t.Error("the Status column (the status now) is read as the status of every change")
	}
	compareLives(t, readLives(t, db), jiraChangelogTruth)
	// The first status (Open) held from creation: an event of its own for each
	// ticket whose status changed.
	var opens int
	if err := db.QueryRow("SELECT count(*) FROM events WHERE status = 'Open'").Scan(&opens); err != nil {
		t.Fatal(err)
	}
	if opens != 4 {
		t.Errorf("%d events in Open, want 4 (each ticket whose status changed, from its creation)", opens)
	}
	// The assignee's name in To is no status.
	var named int
	if err := db.QueryRow("SELECT count(*) FROM events WHERE status = 'Priya Shah'").Scan(&named); err != nil {
		t.Fatal(err)
	}
	if named != 0 {
		t.Error("an assignee's name in a change's To was read as a status")
	}
}

// The profile's severity_basis makes an event log's calls count under their
// highest (or opening) severity, and the import records it.
func TestSeverityBasis(t *testing.T) {
	for basis, want := range map[string]int{"": 2, "final": 2, "highest": 1, "opening": 3} {
		db := openDB(t)
		mustIngest(t, db, "../samples/process_mining_log.csv", ingest.Options{Profile: &ingest.Profile{SeverityBasis: basis}})
		var sev int
		var recorded sql.NullString
		if err := db.QueryRow("SELECT severity, (SELECT severity_basis FROM imports) FROM tickets WHERE ticket_id = '1-105'").Scan(&sev, &recorded); err != nil {
			t.Fatal(err)
		}
		if sev != want {
			t.Errorf("severity_basis %q: 1-105 (Medium, then Major, then High) counts as Sev %d, want %d", basis, sev, want)
		}
		if wantRec := map[string]string{"highest": "highest", "opening": "opening"}[basis]; recorded.String != wantRec {
			t.Errorf("severity_basis %q: the import records %q", basis, recorded.String)
		}
	}
}

func TestSeverityBasisRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(path, []byte("severity_basis: worst\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.LoadProfile("", path); err == nil || !strings.Contains(err.Error(), `severity_basis: "worst": want final, opening or highest`) {
		t.Errorf("err = %v", err)
	}
}

// A ServiceNow export that writes states as numbers: 6 is resolved, 3 on hold.
func TestServiceNowStateNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "incident.csv")
	csv := "number,incident_state,sys_mod_count,opened_at,sys_updated_at,priority\n" +
		"INC1,1,0,2016-03-01 09:00,2016-03-01 09:00,3 - Moderate\n" +
		"INC1,3,1,2016-03-01 09:00,2016-03-01 10:00,3 - Moderate\n" +
		"INC1,6,2,2016-03-01 09:00,2016-03-01 12:00,3 - Moderate\n" +
		"INC2,2,0,2016-03-01 09:00,2016-03-01 09:00,3 - Moderate\n" +
		"INC2,-100,1,2016-03-01 09:00,2016-03-01 09:30,3 - Moderate\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	s := mustIngest(t, db, path, ingest.Options{})
	got := map[string]string{}
	for _, st := range s.Statuses {
		got[st.Status] = st.Phase
	}
	want := map[string]string{"1": "new", "2": "open", "3": "paused", "6": "resolved", "-100": ""}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("state %s read as %q, want %q", k, got[k], w)
		}
	}
	lives := readLives(t, db)
	if l := lives["INC1"]; l.resolved != "2016-03-01 12:00" || l.isResolved != "true" {
		t.Errorf("INC1: %+v, want resolved at 12:00 by its state 6", l)
	}
	if l := lives["INC2"]; l.isResolved != "" {
		t.Errorf("INC2 ends in state -100, which no one names: resolved %q, want not known", l.isResolved)
	}
}

// A ticket whose resolved column is blank is resolved when its status last became
// resolved; a changelog's change to Done at the very time of creation resolves it
// then (the status before, held from creation, comes first however times tie).
func TestResolvedByStatusPerTicket(t *testing.T) {
	for _, c := range []struct{ name, csv, id, resolved string }{
		{"blank resolved column", "Issue key,Priority,Created,Resolved,Field,From,To,Changed\n" +
			"L-1,High,2024-03-04 09:00,,status,Open,Done,2024-03-04 10:00\n" +
			"L-2,High,2024-03-04 09:00,2024-03-05 09:30,status,Open,Done,2024-03-05 09:30\n", "L-1", "2024-03-04 10:00"},
		{"done at creation", "Issue key,Priority,Created,Field,From,To,Changed\n" +
			"L-1,High,2024-03-04 09:00,status,Open,Done,2024-03-04 09:00\n" +
			"L-2,High,2024-03-04 09:00,status,Open,Done,2024-03-04 09:30\n", "L-1", "2024-03-04 09:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "changelog.csv")
			if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			db := openDB(t)
			mustIngest(t, db, path, ingest.Options{})
			if l := readLives(t, db)[c.id]; l.resolved != c.resolved || l.isResolved != "true" {
				t.Errorf("%s: %+v, want resolved at %s", c.id, l, c.resolved)
			}
		})
	}
}
