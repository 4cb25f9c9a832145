package ingest_test

import (
	"context"
	"testing"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

// TestTimeColumn: a hand-kept log's Date and Time (and Date Resolved and Time
// Resolved) are read together: 24-hour, dotted, am/pm and Excel-serial times; a
// date with its own time keeps it; a time that is not one rejects the row, naming
// the Time column; a blank time leaves the date at midnight.
func TestTimeColumn(t *testing.T) {
	path := writeTemp(t, "log.csv", `Ref,Date,Time,Priority,Date Resolved,Time Resolved
A1,03/06/2013,09:15,P1,03/06/2013,11:45
A2,04/06/2013,2:30 pm,P2,05/06/2013,08.05
A3,05/06/2013 10:00,16:00,P2,,
A4,06/06/2013,,P3,06/06/2013,
A5,07/06/2013,25:00,P3,,
A6,08/06/2013,0.5,P3,,
A7,09/06/2013,12:00 AM,P3,09/06/2013,12:30 p.m.
A8,10/06/2013,09:00:30,P3,,n/a
`)
	db := openDB(t)
	s := mustIngest(t, db, path, ingest.Options{DateOrder: "day-first"})
	if s.Loaded != 7 || s.Rejected != 1 {
		t.Fatalf("loaded %d, rejected %d; want 7 and 1", s.Loaded, s.Rejected)
	}
	if r := s.Rejects[0].String(); r != `row 6 column "Time": cannot read "25:00" as a time of day` {
		t.Errorf("reject: %s", r)
	}
	equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, opened_at, resolved_at FROM tickets ORDER BY source_row`), []string{
		"A1 | 2013-06-03 09:15:00 | 2013-06-03 11:45:00",
		"A2 | 2013-06-04 14:30:00 | 2013-06-05 08:05:00",
		"A3 | 2013-06-05 10:00:00 | NULL",
		"A4 | 2013-06-06 00:00:00 | 2013-06-06 00:00:00",
		"A6 | 2013-06-08 12:00:00 | NULL",
		"A7 | 2013-06-09 00:00:00 | 2013-06-09 12:30:00",
		"A8 | 2013-06-10 09:00:30 | NULL",
	})
}

// TestTimeColumnXLSX: a workbook's time cell is a serial fraction of a day, its
// date cell a whole serial: together, the moment; and in a zone with summer time,
// the wall-clock time that day (London's clocks went forward on 30 March 2014).
func TestTimeColumnXLSX(t *testing.T) {
	path := writeWorkbook(t, false, sheetRows{"Log", map[int][]any{
		1: {"Ref", "Date Logged", "Time Logged", "Severity"},
		2: {"A1", at("2014-03-29 00:00"), serial1904(0.375), "1"},
		3: {"A2", at("2014-03-30 00:00"), serial1904(0.375), "2"},
		// A time cell with a day part (Excel shows 1.25 as 06:00), and a date and
		// time in the time column: the time is the fraction.
		4: {"A3", at("2014-03-31 00:00"), serial1904(1.25), "3"},
		5: {"A4", at("2014-04-01 00:00"), serial1904(41799.5), "3"},
	}})
	db := openDB(t)
	if _, err := queries.UseTimeZone(context.Background(), db, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	mustIngest(t, db, path, ingest.Options{})
	equalLines(t, "tickets", lines(t, db, `SELECT ticket_id, strftime(opened_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') FROM tickets ORDER BY source_row`), []string{
		"A1 | 2014-03-29 09:00", // GMT
		"A2 | 2014-03-30 08:00", // 09:00 BST
		"A3 | 2014-03-31 05:00", // 06:00 BST
		"A4 | 2014-04-01 11:00", // 12:00 BST
	})
}
