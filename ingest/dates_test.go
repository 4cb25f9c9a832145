package ingest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/deskstat/deskstat/queries"
)

// TestReadTS reads date values through the same SQL macro the loader uses, with the
// layouts for the column's day/month order.
func TestReadTS(t *testing.T) {
	ctx := context.Background()
	// Naive times are read in the session's zone: UTC here, so that the instant
	// shows the wall-clock time written.
	conn := loaderConn(t, "UTC")

	const none = "NULL"
	tests := []struct {
		value string
		order string
		want  string // 2006-01-02 15:04:05, or NULL when the value is not a date
	}{
		// ISO 8601, whatever the order.
		{"2016-02-29 04:57", "day-first", "2016-02-29 04:57:00"},
		{"2016-02-29T04:57:00", "day-first", "2016-02-29 04:57:00"},
		{"2016-02-29", "month-first", "2016-02-29 00:00:00"},
		// UK day-first, as hand-kept logs write it.
		{"29/02/2016 04:57", "day-first", "2016-02-29 04:57:00"},
		{"29/2/2016 4:57", "day-first", "2016-02-29 04:57:00"},
		{"01/03/2016 14:05:09", "day-first", "2016-03-01 14:05:09"},
		{"1/3/2016", "day-first", "2016-03-01 00:00:00"},
		{"01-03-2016 14:05", "day-first", "2016-03-01 14:05:00"},
		{"01.03.2016", "day-first", "2016-03-01 00:00:00"},
		{"03/06/13 09:14", "day-first", "2013-06-03 09:14:00"}, // 2013, not the year 13
		{"03-06-13", "day-first", "2013-06-03 00:00:00"},
		{"03.06.13", "day-first", "2013-06-03 00:00:00"},
		{"06/03/13", "month-first", "2013-06-03 00:00:00"},
		{"3/6/2013 9:14 AM", "day-first", "2013-06-03 09:14:00"},
		{"3/6/2013 9:14 PM", "day-first", "2013-06-03 21:14:00"},
		{"3/6/2013 12:05 AM", "day-first", "2013-06-03 00:05:00"},
		// US month-first.
		{"03/06/2013", "month-first", "2013-03-06 00:00:00"},
		{"12/31/2013 23:59", "month-first", "2013-12-31 23:59:00"},
		// Excel serials (days since 1899-12-30), to the millisecond.
		{"41428.3416666667", "day-first", "2013-06-03 08:12:00"},
		{"41428", "day-first", "2013-06-03 00:00:00"},
		{"42429.2062500000", "month-first", "2016-02-29 04:57:00"},
		// Jira's export format, and other month names.
		{"12/Mar/24 9:41 AM", "day-first", "2024-03-12 09:41:00"},
		{"12/Mar/24 9:41 PM", "month-first", "2024-03-12 21:41:00"},
		{"1/Feb/2024 12:00 AM", "day-first", "2024-02-01 00:00:00"},
		{"12-Mar-2024", "day-first", "2024-03-12 00:00:00"},
		{"12 March 2024 14:05", "day-first", "2024-03-12 14:05:00"},
		{"Mar 12, 2024 9:41 AM", "day-first", "2024-03-12 09:41:00"},
		// Instants: an offset or Z is honoured, whatever the session's zone.
		{"2016-06-29T04:57:00Z", "day-first", "2016-06-29 04:57:00"},
		{"2016-06-29T04:57:00+01:00", "day-first", "2016-06-29 03:57:00"},
		{"2016-06-29 04:57:00 -05:00", "day-first", "2016-06-29 09:57:00"},
		{"2016-06-29 04:57:00 -0500", "day-first", "2016-06-29 09:57:00"},
		{"2016-06-29 04:57:00 UTC", "day-first", "2016-06-29 04:57:00"},
		// Not dates.
		{"31/13/2014", "day-first", none},
		{"12/31/2013", "day-first", none},
		{"31/12/2013", "month-first", none},
		{"30/02/2016", "day-first", none},
		{"29/02/2015", "day-first", none},
		{"hello", "day-first", none},
		{"", "day-first", none},
	}
	for _, tt := range tests {
		t.Run(tt.order+"/"+tt.value, func(t *testing.T) {
			var got sql.NullTime
			if err := conn.QueryRowContext(ctx, "SELECT read_ts(?, ?, true)", tt.value, dateLayouts(tt.order, DateEvidence{})).Scan(&got); err != nil {
				t.Fatalf("read_ts(%q): %v", tt.value, err)
			}
			if !got.Valid {
				if tt.want != none {
					t.Fatalf("read_ts(%q) = NULL, want %s", tt.value, tt.want)
				}
				return
			}
			if s := got.Time.UTC().Format(time.DateTime); s != tt.want || got.Time.Nanosecond() != 0 {
				t.Fatalf("read_ts(%q) = %s, want %s", tt.value, got.Time.UTC().Format("2006-01-02 15:04:05.000000"), tt.want)
			}
		})
	}
}

func TestChooseDateOrder(t *testing.T) {
	tests := []struct {
		name      string
		ev        DateEvidence
		given     string
		wantOrder string
		warn      []string // each must appear in the warning; nil: no warning
	}{
		{"given order wins over evidence", DateEvidence{Numeric: 10, DayFirst: 4}, "month-first", "month-first", nil},
		{"given order wins over mixed evidence", DateEvidence{Numeric: 10, DayFirst: 2, MonthFirst: 5}, "day-first", "day-first", nil},
		{"only day-first evidence", DateEvidence{Numeric: 10, DayFirst: 3}, "", "day-first", nil},
		{"only month-first evidence", DateEvidence{Numeric: 10, MonthFirst: 3}, "", "month-first", nil},
		{"no telling value", DateEvidence{Numeric: 7}, "", "day-first",
			[]string{`"Date Logged"`, "7 values", "day-first", "--date-order"}},
		{"mixed, more day-first", DateEvidence{Numeric: 10, DayFirst: 5, MonthFirst: 2}, "", "day-first",
			[]string{`"Date Logged"`, "day-first (5 values)", "month-first (2 values)", "read as day-first", "rejected"}},
		{"mixed, more month-first", DateEvidence{Numeric: 10, DayFirst: 1, MonthFirst: 6}, "", "month-first",
			[]string{`"Date Logged"`, "day-first (1 value)", "month-first (6 values)", "read as month-first"}},
		{"no n/n/yyyy values (ISO or date cells)", DateEvidence{}, "", "day-first", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order, _, warning := chooseDateOrder("Date Logged", tt.ev, tt.given)
			if order != tt.wantOrder {
				t.Errorf("order = %q, want %q", order, tt.wantOrder)
			}
			if tt.warn == nil {
				if warning != "" {
					t.Errorf("unexpected warning %q", warning)
				}
				return
			}
			for _, w := range tt.warn {
				if !strings.Contains(warning, w) {
					t.Errorf("warning %q does not mention %q", warning, w)
				}
			}
		})
	}
}

// TestReadTSZone reads naive times in the session's zone: a summer time in London is
// an hour ahead of UTC, a winter one is not.
func TestReadTSZone(t *testing.T) {
	ctx := context.Background()
	conn := loaderConn(t, "Europe/London")
	for value, want := range map[string]string{
		"29/06/2016 04:57":     "2016-06-29 03:57:00",
		"29/01/2016 04:57":     "2016-01-29 04:57:00",
		"2016-06-29 04:57":     "2016-06-29 03:57:00",
		"2016-06-29T04:57:00Z": "2016-06-29 04:57:00",
		"42550.2062500000":     "2016-06-29 03:57:00", // an Excel serial is wall-clock too
	} {
		var got time.Time
		if err := conn.QueryRowContext(ctx, "SELECT read_ts(?, ?, true)", value, dateLayouts("day-first", DateEvidence{})).Scan(&got); err != nil {
			t.Fatalf("read_ts(%q): %v", value, err)
		}
		if s := got.UTC().Format(time.DateTime); s != want {
			t.Errorf("read_ts(%q) in Europe/London = %s UTC, want %s", value, s, want)
		}
	}
}

// loaderConn opens a database in memory and a connection with the loader's macros
// (they are per connection), reading naive times in zone.
func loaderConn(tb testing.TB, zone string) *sql.Conn {
	tb.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, "", false)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	if _, err := queries.NewLoad(ctx, conn, missingMarkers); err != nil {
		tb.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "SET TimeZone = '"+zone+"'"); err != nil {
		tb.Fatal(err)
	}
	return conn
}
