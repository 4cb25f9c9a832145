package ingest_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

// handKept is a small log with a curly apostrophe and a pound sign, which only
// survive a correct decoding.
const handKept = "Ref,Date Logged,Severity,Summary\n" +
	"CSD/1,03/06/2013 09:15,Sev 1,Children’s system down\n" +
	"CSD/2,14/06/2013 10:00,Sev 2,\"Printer fault, £40 toner\"\n" +
	"CSD/3,20/06/2013 11:30,3,\"Two lines\nin one summary\"\n"

func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b.Write([]byte{byte(u >> 8), byte(u)})
		} else {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	}
	return b.Bytes()
}

func writeBytes(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFileEncodingsAndDelimiters loads the same log in the encodings and delimiters
// exports come in: each must give the same calls, text intact.
func TestFileEncodingsAndDelimiters(t *testing.T) {
	tab := strings.NewReplacer(",", "\t").Replace(strings.ReplaceAll(handKept, "\"Printer fault, £40 toner\"", "Printer fault £40 toner"))
	cp1252, err := charmap.Windows1252.NewEncoder().String(handKept)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		content    []byte
		encoding   string // as detected
		delimiter  string
	}{
		{"UTF-8", "calls.csv", []byte(handKept), "utf-8", ","},
		{"UTF-8 with BOM", "calls.csv", append([]byte{0xEF, 0xBB, 0xBF}, handKept...), "utf-8", ","},
		{"Excel's Unicode text: UTF-16LE with BOM, tabs", "calls.txt", append([]byte{0xFF, 0xFE}, utf16Bytes(tab, false)...), "utf-16le", "\t"},
		{"UTF-16BE with BOM", "calls.txt", append([]byte{0xFE, 0xFF}, utf16Bytes(tab, true)...), "utf-16be", "\t"},
		{"UTF-16LE without BOM", "calls.tsv", utf16Bytes(tab, false), "utf-16le", "\t"},
		{"Windows-1252", "calls.csv", []byte(cp1252), "windows-1252", ","},
		{"Windows-1252 behind a UTF-8 BOM", "calls.csv", append([]byte{0xEF, 0xBB, 0xBF}, cp1252...), "windows-1252", ","},
		{"pipes", "calls.txt", []byte(strings.ReplaceAll(strings.ReplaceAll(handKept, ",", "|"), "Printer fault| £40", "Printer fault, £40")), "utf-8", "|"},
		{"TSV", "calls.tsv", []byte(tab), "utf-8", "\t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			s := mustIngest(t, db, writeBytes(t, tt.file, tt.content), ingest.Options{})
			if s.Encoding != tt.encoding || s.Delimiter != tt.delimiter {
				t.Errorf("read as %s with delimiter %q, want %s and %q", s.Encoding, s.Delimiter, tt.encoding, tt.delimiter)
			}
			if s.Loaded != 3 || s.Rejected != 0 {
				t.Fatalf("loaded %d, rejected %d; want 3 and 0", s.Loaded, s.Rejected)
			}
			got := lines(t, db, "SELECT ticket_id, opened_at, severity, summary FROM tickets ORDER BY ticket_id")
			want := []string{
				"CSD/1 | 2013-06-03 09:15:00 | 1 | Children’s system down",
				"CSD/2 | 2013-06-14 10:00:00 | 2 | Printer fault" + map[bool]string{true: ",", false: ""}[tt.delimiter == "," || tt.delimiter == "|"] + " £40 toner",
				"CSD/3 | 2013-06-20 11:30:00 | 3 | Two lines\nin one summary",
			}
			equalLines(t, "calls", got, want)
		})
	}
}

// TestFileNotUTF8Late: a file whose first 64 KiB are plain ASCII and whose later
// rows carry Windows-1252 bytes is read again as Windows-1252, with a warning.
func TestFileNotUTF8Late(t *testing.T) {
	var b strings.Builder
	b.WriteString("Ref,Date Logged,Severity,Summary\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "CSD/%05d,03/06/2013 09:15,Sev 3,Password reset for a user account\n", i)
	}
	content := []byte(b.String())
	content = append(content, []byte("CSD/99999,04/06/2013 10:00,Sev 1,Caf\xe9 till \x96 down\n")...)
	db := openDB(t)
	s := mustIngest(t, db, writeBytes(t, "late.csv", content), ingest.Options{})
	if s.Encoding != "windows-1252" || len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0], "Windows-1252") {
		t.Errorf("encoding %s, warnings %q: want windows-1252 with a warning", s.Encoding, s.Warnings)
	}
	equalLines(t, "the late row", lines(t, db, "SELECT summary FROM tickets WHERE ticket_id = 'CSD/99999'"), []string{"Café till – down"})
	if s.Loaded != 3001 {
		t.Errorf("loaded %d, want 3001", s.Loaded)
	}
}

// eventLog is a ServiceNow audit export: a row per update, the final state last by
// sys_mod_count but not last in the file, and a priority that changes.
const eventLog = `number,incident_state,sys_mod_count,opened_at,sys_updated_at,priority,impact,urgency,category,assignment_group,caller_id,resolved_at
INC001,New,0,29/2/2016 04:57,29/2/2016 04:57,3 - Moderate,2 - Medium,2 - Medium,Category 26,Group 70,Caller 1,?
INC002,New,0,1/3/2016 09:00,1/3/2016 09:00,4 - Low,3 - Low,3 - Low,Category 40,Group 24,Caller 2,?
INC001,Active,1,29/2/2016 04:57,29/2/2016 05:10,3 - Moderate,2 - Medium,2 - Medium,Category 26,Group 70,Caller 1,?
INC001,Resolved,3,29/2/2016 04:57,2/3/2016 12:00,1 - Critical,1 - High,1 - High,Category 26,Group 70,Caller 1,2/3/2016 11:59
INC001,Active,2,29/2/2016 04:57,1/3/2016 08:00,2 - High,1 - High,2 - Medium,Category 26,Group 70,Caller 1,?
INC002,Resolved,1,1/3/2016 09:00,1/3/2016 17:00,4 - Low,3 - Low,3 - Low,Category 40,Group 24,Caller 2,1/3/2016 16:30
INC003,New,0,13/3/2016 10:00,13/3/2016 10:00,?,1 - High,2 - Medium,Category 9,Group 70,Caller 3,?
`

// TestFileEventLog collapses an event log to one row per ticket, its latest update
// by the update counter, whatever the file order.
func TestFileEventLog(t *testing.T) {
	db := openDB(t)
	s := mustIngest(t, db, writeTemp(t, "incident_event_log.csv", eventLog), ingest.Options{})
	if !s.EventLog() || s.Read != 7 || s.Loaded != 7 || s.Tickets != 3 || s.Superseded() != 4 || s.New != 3 {
		t.Errorf("event log %v, read %d, loaded %d, tickets %d, superseded %d, new %d; want true, 7, 7, 3, 4, 3",
			s.EventLog(), s.Read, s.Loaded, s.Tickets, s.Superseded(), s.New)
	}
	if s.Source != "servicenow" {
		t.Errorf("source %q, want servicenow (the detected shape)", s.Source)
	}
	equalLines(t, "tickets", lines(t, db,
		"SELECT ticket_id, status, update_count, severity, severity_from, resolved_at, source_row FROM tickets ORDER BY ticket_id"),
		[]string{
			"INC001 | Resolved | 3 | 1 | label | 2016-03-02 11:59:00 | 5",
			"INC002 | Resolved | 1 | 4 | label | 2016-03-01 16:30:00 | 7",
			// No priority: impact 1 and urgency 2 give severity 2 by ITIL's matrix.
			"INC003 | New | 0 | 2 | matrix | NULL | 8",
		})
}

// TestFileEventLogOrder: without an update counter, the updated-at time orders the
// updates; without either, the file's order does.
func TestFileEventLogOrder(t *testing.T) {
	for name, tt := range map[string]struct{ csv, want string }{
		"by updated-at": {"Ref,Date Logged,Updated,Status\nA1,01/03/2016 09:00,03/03/2016 10:00,Closed\nA1,01/03/2016 09:00,01/03/2016 10:00,Open\n", "Closed"},
		"by file order": {"Ref,Date Logged,Status\nA1,01/03/2016 09:00,Open\nA1,01/03/2016 09:00,Closed\n", "Closed"},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t)
			mustIngest(t, db, writeTemp(t, "log.csv", tt.csv), ingest.Options{})
			equalLines(t, "status", lines(t, db, "SELECT status FROM tickets"), []string{tt.want})
		})
	}
}

// TestFileUpsert: a newer export of the same tickets updates them, never adds them
// twice; an older one does not overwrite later updates; another source is apart.
func TestFileUpsert(t *testing.T) {
	db := openDB(t)
	first := "number,opened_at,sys_updated_at,priority,incident_state\n" +
		"INC1,2016-03-01 09:00,2016-03-01 09:00,3 - Moderate,New\n" +
		"INC2,2016-03-02 09:00,2016-03-02 09:00,4 - Low,New\n"
	newer := "number,opened_at,sys_updated_at,priority,incident_state\n" +
		"INC2,2016-03-02 09:00,2016-03-05 09:00,2 - High,Resolved\n" +
		"INC3,2016-03-04 09:00,2016-03-04 09:00,3 - Moderate,New\n"
	older := "number,opened_at,sys_updated_at,priority,incident_state\n" +
		"INC2,2016-03-02 09:00,2016-03-03 09:00,4 - Low,Active\n"

	s := mustIngest(t, db, writeTemp(t, "march_01.csv", first), ingest.Options{})
	if s.New != 2 || s.Updated != 0 {
		t.Errorf("first export: %d new, %d updated; want 2, 0", s.New, s.Updated)
	}
	s = mustIngest(t, db, writeTemp(t, "march_05.csv", newer), ingest.Options{})
	if s.New != 1 || s.Updated != 1 || s.Kept != 0 {
		t.Errorf("newer export: %d new, %d updated, %d kept; want 1, 1, 0", s.New, s.Updated, s.Kept)
	}
	s = mustIngest(t, db, writeTemp(t, "march_03.csv", older), ingest.Options{})
	if s.New != 0 || s.Updated != 0 || s.Kept != 1 {
		t.Errorf("older export: %d new, %d updated, %d kept; want 0, 0, 1", s.New, s.Updated, s.Kept)
	}
	want := []string{
		"INC1 | 3 | New | march_01.csv",
		"INC2 | 2 | Resolved | march_05.csv",
		"INC3 | 3 | New | march_05.csv",
	}
	equalLines(t, "tickets", lines(t, db, "SELECT ticket_id, severity, status, regexp_extract(source_file, '[^/]+$') FROM tickets ORDER BY ticket_id"), want)

	// The same tickets from another system are other tickets.
	s = mustIngest(t, db, writeTemp(t, "other.csv", first+"INC9,2016-03-09 09:00,2016-03-09 09:00,4 - Low,New\n"), ingest.Options{Source: "other desk"})
	if s.New != 3 {
		t.Errorf("another source: %d new, want 3", s.New)
	}
	equalLines(t, "per source", lines(t, db, "SELECT source, count(*) FROM tickets GROUP BY 1 ORDER BY 1"),
		[]string{"other desk | 3", "servicenow | 3"})
}

// TestFileSameExportTwoWays: the same export as .csv and as .csv.gz has other
// bytes, but its tickets are the same: loaded once.
func TestFileSameExportTwoWays(t *testing.T) {
	db := openDB(t)
	mustIngest(t, db, "testdata/hand_kept.csv", ingest.Options{})
	gz := filepath.Join(t.TempDir(), "hand_kept.csv.gz")
	gzipFile(t, "testdata/hand_kept.csv", gz)
	s := mustIngest(t, db, gz, ingest.Options{})
	if s.Duplicate != nil || s.New != 0 || s.Updated != s.Tickets {
		t.Errorf("the gzipped copy: duplicate %v, %d new, %d updated of %d; want every ticket updated, none new", s.Duplicate, s.New, s.Updated, s.Tickets)
	}
	var n, distinct int
	if err := db.QueryRow("SELECT count(*), count(DISTINCT ticket_id) FROM tickets").Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != distinct || int64(n) != s.Tickets {
		t.Errorf("%d tickets held, %d distinct; want %d, each once", n, distinct, s.Tickets)
	}
}

// TestFileStrict fails the import on a rejected row and keeps nothing of it.
func TestFileStrict(t *testing.T) {
	db := openDB(t)
	csv := "Ref,Date Logged,Severity\nA1,03/06/2013 09:15,1\nA2,31/13/2013 09:15,2\n"
	_, err := ingest.File(context.Background(), db, writeTemp(t, "calls.csv", csv), ingest.Options{Strict: true})
	var re *ingest.RejectedError
	if !errors.As(err, &re) || re.Count != 1 || !strings.Contains(err.Error(), `row 3 column "Date Logged": cannot read "31/13/2013 09:15" as a date`) {
		t.Fatalf("error %v: want a RejectedError naming row 3, its column and value", err)
	}
	equalLines(t, "database", lines(t, db, "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM imports), (SELECT count(*) FROM rejects)"), []string{"0 | 0 | 0"})
	// Without --strict the row is kept aside.
	s := mustIngest(t, db, writeTemp(t, "calls.csv", csv), ingest.Options{})
	if s.Loaded != 1 || s.Rejected != 1 {
		t.Errorf("loaded %d, rejected %d; want 1, 1", s.Loaded, s.Rejected)
	}
}

// TestFileMap reads any shape once its columns are named.
func TestFileMap(t *testing.T) {
	csv := "Case,When,Urgency Code,Problem Text\nSR-9,2014-02-01 08:00,P1,Server room too hot\n"
	db := openDB(t)
	_, err := ingest.File(context.Background(), db, writeTemp(t, "sr.csv", csv), ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), "--map") {
		t.Fatalf("without a mapping: %v; want an error pointing to --map", err)
	}
	s := mustIngest(t, db, writeTemp(t, "sr.csv", csv), ingest.Options{Columns: map[string]string{
		"ticket_id": "Case", "opened_at": "When", "severity_label": "Urgency Code", "summary": "problem text",
	}})
	if s.Loaded != 1 {
		t.Fatalf("loaded %d, want 1", s.Loaded)
	}
	equalLines(t, "ticket", lines(t, db, "SELECT ticket_id, opened_at, severity, summary FROM tickets"),
		[]string{"SR-9 | 2014-02-01 08:00:00 | 1 | Server room too hot"})
	_, err = ingest.File(context.Background(), db, writeTemp(t, "sr2.csv", csv+"SR-10,2014-02-02 08:00,P2,x\n"),
		ingest.Options{Columns: map[string]string{"ticket_id": "No Such Column"}})
	if err == nil || !strings.Contains(err.Error(), `"No Such Column"`) {
		t.Errorf("a mapping to a missing column: %v; want an error naming it", err)
	}
}

// TestFilePriorityMatrix derives severity from impact and urgency, by ITIL's
// matrix or the profile's.
func TestFilePriorityMatrix(t *testing.T) {
	csv := "Ticket Id,Created Time,Impact,Urgency,Subject\n" +
		"1,2024-03-01 09:00:00,High,High,a\n" +
		"2,2024-03-01 09:00:00,High,Low,b\n" +
		"3,2024-03-01 09:00:00,Low,Low,c\n" +
		"4,2024-03-01 09:00:00,Medium,,d\n"
	for name, tt := range map[string]struct {
		matrix [][]int
		want   []string
	}{
		"ITIL":    {nil, []string{"1 | 1 | matrix", "2 | 3 | matrix", "3 | 5 | matrix", "4 | NULL | NULL"}},
		"profile": {[][]int{{1, 1, 2}, {2, 3, 3}, {3, 4, 4}}, []string{"1 | 1 | matrix", "2 | 2 | matrix", "3 | 4 | matrix", "4 | NULL | NULL"}},
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t)
			mustIngest(t, db, writeTemp(t, "fs.csv", csv), ingest.Options{Profile: &ingest.Profile{PriorityMatrix: tt.matrix}})
			equalLines(t, "severities", lines(t, db, "SELECT ticket_id, severity, severity_from FROM tickets ORDER BY ticket_id"), tt.want)
		})
	}
}

// TestFileTimeZone reads naive times in the session's zone and instants as written.
func TestFileTimeZone(t *testing.T) {
	csv := "Ref,Date Logged\nA,30/06/2014 23:30\nB,2014-06-30T23:30:00Z\n"
	ctx := context.Background()
	db := openDB(t)
	if _, err := queries.UseTimeZone(ctx, db, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	s := mustIngest(t, db, writeTemp(t, "calls.csv", csv), ingest.Options{})
	if s.TimeZone != "Europe/London" {
		t.Errorf("zone %q, want Europe/London", s.TimeZone)
	}
	// In London, A is 22:30 UTC on 30 June (summer time) and B 00:30 on 1 July.
	equalLines(t, "instants and local months", lines(t, db,
		"SELECT ticket_id, strftime(timezone('UTC', opened_at), '%Y-%m-%d %H:%M'), strftime(opened_at, '%Y-%m') FROM tickets ORDER BY 1"),
		[]string{"A | 2014-06-30 22:30 | 2014-06", "B | 2014-06-30 23:30 | 2014-07"})
	if _, err := queries.UseTimeZone(ctx, db, "Mars/Olympus"); err == nil {
		t.Error("an unknown zone was accepted")
	}
}

// TestFileKnownShapes loads the exports of each tool as the tool writes them, with
// no mapping: ids, dates, severities and categories land where they belong.
func TestFileKnownShapes(t *testing.T) {
	tests := []struct {
		name, csv, shape string
		want             []string // ticket_id | opened_at (UTC) | severity | category | assignment_group | status
	}{
		{"Zendesk", "Id,Requester,Requester email,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Solved at,Organization,Resolution time\n" +
			"4021,Ann Smith,ann@example.org,Bob Jones,IT Support,VPN drops every hour,vpn network,solved,Urgent,Mail,Incident,2024-03-12 09:41:00 +0000,2024-03-12 15:00:00 +0000,2024-03-12 14:02:11 +0000,Finance,4\n" +
			"4022,Carl Ng,carl@example.org,,IT Support,New starter laptop,,open,Normal,Web form,Task,2024-03-13 10:00:00 +0100,2024-03-13 10:00:00 +0100,,Finance,\n",
			"zendesk", []string{
				"4021 | 2024-03-12 09:41:00 | 1 | Incident | IT Support | solved",
				"4022 | 2024-03-13 09:00:00 | 3 | Task | IT Support | open",
			}},
		{"Freshservice", "Ticket Id,Subject,Description,Status,Priority,Source,Type,Agent,Group,Created Time,Due by Time,Resolved Time,Closed Time,Last Updated Time,Urgency,Impact,Category,Sub-Category,Department,Requester Name\n" +
			"#INC-88,Email down,Outlook will not open,Resolved,High,Email,Incident,Dee Patel,Service Desk,2024-05-02 08:15:00,2024-05-02 16:15:00,2024-05-02 09:30:00,2024-05-03 09:30:00,2024-05-03 09:30:00,High,Medium,Email,Outlook,Revenues,Eve Brown\n" +
			"#INC-89,Printer jam,Floor 2 printer,Open,Low,Portal,Incident,,Service Desk,2024-05-02 11:00:00,2024-05-05 11:00:00,,,2024-05-02 11:00:00,Low,Low,Hardware,Printer,Revenues,Fay Ward\n",
			"freshservice", []string{
				"#INC-88 | 2024-05-02 08:15:00 | 2 | Email | Service Desk | Resolved",
				"#INC-89 | 2024-05-02 11:00:00 | 4 | Hardware | Service Desk | Open",
			}},
		{"ServiceNow list export", "Number,Opened,Short description,Caller,Priority,State,Category,Assignment group,Assigned to,Updated,Resolved\n" +
			"INC0010023,2016-02-29 04:57:00,Email down for finance,Abel Tuter,1 - Critical,Resolved,Software,Network,Beth Anglin,2016-02-29 09:00:00,2016-02-29 08:57:00\n" +
			"INC0010024,2016-03-01 10:00:00,Password reset,Fred Luddy,4 - Low,New,Inquiry / Help,Service Desk,,2016-03-01 10:00:00,\n",
			"servicenow", []string{
				"INC0010023 | 2016-02-29 04:57:00 | 1 | Software | Network | Resolved",
				"INC0010024 | 2016-03-01 10:00:00 | 4 | Inquiry / Help | Service Desk | New",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			s := mustIngest(t, db, writeTemp(t, "export.csv", tt.csv), ingest.Options{})
			if s.Mapping.Shape != tt.shape || s.Source != tt.shape {
				t.Errorf("shape %q, source %q; want %q for both", s.Mapping.Shape, s.Source, tt.shape)
			}
			if s.Rejected != 0 {
				t.Errorf("%d rows rejected: %v", s.Rejected, s.Rejects)
			}
			equalLines(t, "tickets", lines(t, db,
				"SELECT ticket_id, opened_at, severity, category, assignment_group, status FROM tickets ORDER BY ticket_id"), tt.want)
			equalLines(t, "personal columns are kept apart", lines(t, db,
				"SELECT count(*) FROM tickets WHERE caller IS NULL"), []string{"0"})
		})
	}
}

// TestFileSuppliers names each call's supplier from its assignment group by the
// profile's rules, first match wins; without a match the export's supplier stays.
func TestFileSuppliers(t *testing.T) {
	csv := "Ref,Date Logged,Assigned Team,Supplier\n" +
		"1,01/06/2014 09:00,SW1 Service Desk,\n" +
		"2,01/06/2014 09:00,sw1 network services,\n" +
		"3,01/06/2014 09:00,SCC Schools ICT,\n" +
		"4,01/06/2014 09:00,Payroll,Acme Payroll Ltd\n"
	db := openDB(t)
	p := &ingest.Profile{Suppliers: []ingest.SupplierRule{
		{Name: "Southwest One", Groups: []string{"^SW1 "}},
		{Name: "Council ICT", Groups: []string{"^SCC "}},
	}}
	mustIngest(t, db, writeTemp(t, "calls.csv", csv), ingest.Options{Profile: p})
	equalLines(t, "suppliers", lines(t, db, "SELECT ticket_id, supplier FROM tickets ORDER BY ticket_id"),
		[]string{"1 | Southwest One", "2 | Southwest One", "3 | Council ICT", "4 | Acme Payroll Ltd"})
}

// TestFileMostlyUTF8: a UTF-8 file with a stray byte that is not UTF-8 once read
// as Windows-1252 whole, so that "Children’s Social Care" matched nothing. It is
// read as UTF-8, the stray bytes replaced, with a warning naming their rows, in the
// first 64 KiB or beyond; a file mostly not UTF-8 is read as Windows-1252, always
// with a warning.
func TestFileMostlyUTF8(t *testing.T) {
	const rows = 2000 // about 120 KB
	file := func(bad map[int]string) []byte {
		var b bytes.Buffer
		b.WriteString("Ref,Date Logged,Severity,Service,Summary\n")
		for i := 1; i <= rows; i++ {
			summary := cmp.Or(bad[i], "Printer jam")
			if i == 1 {
				summary = "\"Two\nlines\""
			}
			fmt.Fprintf(&b, "R%d,03/06/2013 09:15,Sev 3,Children’s Social Care,%s\n", i, summary)
		}
		return b.Bytes()
	}
	for _, c := range []struct {
		name string
		bad  map[int]string
		want string
	}{
		{"a stray byte in row 3", map[int]string{2: "Caf\xe9 till"}, "1 byte not UTF-8 in row 3 (line 4): read as UTF-8, each replaced by \"\uFFFD\""},
		{"stray bytes beyond 64 KiB", map[int]string{1500: "Caf\xe9 \x96 till", 1800: "\xff"}, "3 bytes not UTF-8 in row 1501 (line 1502), row 1801 (line 1802): read as UTF-8"},
		{"many lines", map[int]string{10: "\xff", 11: "\xff", 12: "\xff", 13: "\xff", 14: "\xff", 15: "\xff"}, "6 bytes not UTF-8 in row 11 (line 12), row 12 (line 13), row 13 (line 14), row 14 (line 15), row 15 (line 16) and further on"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			s := mustIngest(t, db, writeBytes(t, "calls.csv", file(c.bad)), ingest.Options{})
			if s.Encoding != "utf-8" || len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0], c.want) {
				t.Errorf("encoding %s, warnings %q; want utf-8 and %q", s.Encoding, s.Warnings, c.want)
			}
			if s.Loaded != rows || s.Read != s.Loaded+s.Rejected+s.Skipped+s.Superseded() {
				t.Errorf("read %d, loaded %d; want %d, all loaded", s.Read, s.Loaded, rows)
			}
			equalLines(t, "services", lines(t, db, "SELECT service, count(*) FROM tickets GROUP BY ALL"), []string{fmt.Sprintf("Children’s Social Care | %d", rows)})
			for row, text := range c.bad {
				want := strings.ToValidUTF8(text, "\uFFFD")
				equalLines(t, "replaced", lines(t, db, "SELECT summary FROM tickets WHERE ticket_id = ?", fmt.Sprintf("R%d", row)), []string{want})
			}
		})
	}
	t.Run("Windows-1252", func(t *testing.T) {
		cp1252, err := charmap.Windows1252.NewEncoder().Bytes(file(nil))
		if err != nil {
			t.Fatal(err)
		}
		s := mustIngest(t, openDB(t), writeBytes(t, "calls.csv", cp1252), ingest.Options{})
		if s.Encoding != "windows-1252" || len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0], "not UTF-8: read as Windows-1252") {
			t.Errorf("encoding %s, warnings %q; want windows-1252 with a warning", s.Encoding, s.Warnings)
		}
	})
}
