package queries

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustCalendar(t testing.TB, cfg CalendarConfig, zone string) *Calendar {
	t.Helper()
	c, err := NewCalendar(cfg, mustLoc(t, zone))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func instant(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// office is the usual service desk: Mon-Fri 08:00-18:00 in London, bank holidays off.
var office = CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "18:00", Holidays: []string{EnglandWales}}

func TestWorking(t *testing.T) {
	cal := mustCalendar(t, office, "Europe/London")
	allDay := mustCalendar(t, CalendarConfig{Days: "Mon-Sun", Start: "00:00", End: "24:00"}, "Europe/London")
	earlyFriday := office
	earlyFriday.Hours = map[string]string{"Fri": "08:00-16:30", "Sat": "09:00-12:00"}
	shortFri := mustCalendar(t, earlyFriday, "Europe/London")
	plain := mustCalendar(t, CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "18:00"}, "Europe/London")
	farXmas := mustCalendar(t, CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "18:00",
		Holidays: []string{"1995-12-25", "1995-12-26", "2045-12-25", "2045-12-26"}}, "Europe/London")

	for _, tc := range []struct {
		name     string
		cal      *Calendar
		from, to string
		want     time.Duration
	}{
		// 2014-09-09 is a Tuesday, in BST (+01:00).
		{"same working day", cal, "2014-09-09T09:30:00+01:00", "2014-09-09T11:45:00+01:00", 2*time.Hour + 15*time.Minute},
		{"before opening to after closing", cal, "2014-09-09T06:00:00+01:00", "2014-09-09T20:00:00+01:00", 10 * time.Hour},
		{"both before opening", cal, "2014-09-09T06:00:00+01:00", "2014-09-09T07:59:00+01:00", 0},
		{"both after closing", cal, "2014-09-09T18:00:00+01:00", "2014-09-09T23:00:00+01:00", 0},
		// Tuesday 16:00-18:00, then Wednesday 08:00-10:00.
		{"overnight", cal, "2014-09-09T16:00:00+01:00", "2014-09-10T10:00:00+01:00", 4 * time.Hour},
		// Friday 17:00-18:00, then Monday 08:00-09:00.
		{"friday evening to monday morning", cal, "2014-09-05T17:00:00+01:00", "2014-09-08T09:00:00+01:00", 2 * time.Hour},
		// Wednesday 24 December 17:00-18:00; 25 and 26 are bank holidays, 27-28 the
		// weekend; Monday 29 08:00-09:00.
		{"over christmas 2014", cal, "2014-12-24T17:00:00Z", "2014-12-29T09:00:00Z", 2 * time.Hour},
		// Friday 2 May 17:00-18:00; Monday 5 May is the early May bank holiday; Tuesday 08:00-09:00.
		{"over a bank holiday monday", cal, "2014-05-02T17:00:00+01:00", "2014-05-06T09:00:00+01:00", 2 * time.Hour},
		{"opened saturday resolved sunday", cal, "2014-09-06T10:00:00+01:00", "2014-09-07T15:00:00+01:00", 0},
		{"resolved before opened", cal, "2014-09-09T12:00:00+01:00", "2014-09-09T10:00:00+01:00", 0},
		{"resolved when opened", cal, "2014-09-09T12:00:00+01:00", "2014-09-09T12:00:00+01:00", 0},
		// Clocks go forward on Sunday 30 March 2014. Friday 12:00-18:00 GMT and
		// Monday 08:00-12:00 BST: 6 h + 4 h, though 71 h pass rather than 72.
		{"over the end of march", cal, "2014-03-28T12:00:00Z", "2014-03-31T12:00:00+01:00", 10 * time.Hour},
		// Clocks go back on Sunday 26 October 2014: again 6 h + 4 h, in 73 h.
		{"over the end of october", cal, "2014-10-24T12:00:00+01:00", "2014-10-27T12:00:00Z", 10 * time.Hour},
		// Monday 8 to Monday 15 September 2014: five 10-hour days.
		{"a week", cal, "2014-09-08T08:00:00+01:00", "2014-09-15T08:00:00+01:00", 50 * time.Hour},
		// 2013 and 2014 each have 261 weekdays and 8 bank holidays on weekdays:
		// 2 x 253 days of 10 h.
		{"two years", cal, "2013-01-01T00:00:00Z", "2015-01-01T00:00:00Z", 5060 * time.Hour},
		// Round the clock, working time is real time: Saturday 00:00 GMT to Monday 00:00
		// BST is 47 h, and Friday noon to Tuesday noon over the change 95 h, then 97 h
		// over October's.
		{"round the clock over the end of march", allDay, "2014-03-29T00:00:00Z", "2014-03-30T23:00:00Z", 47 * time.Hour},
		{"round the clock, whole days, march", allDay, "2014-03-28T12:00:00Z", "2014-04-01T11:00:00Z", 95 * time.Hour},
		{"round the clock, whole days, october", allDay, "2014-10-24T11:00:00Z", "2014-10-28T12:00:00Z", 97 * time.Hour},
		// Sunday 26 October 2014 has 25 hours: from its midnight (BST) to 23:30 GMT.
		{"round the clock, into the last hour of a long day", allDay, "2014-10-26T00:00:00+01:00", "2014-10-26T23:30:00Z", 24*time.Hour + 30*time.Minute},
		// The same outside the table (2000 to 2040), where clock changes are found with
		// the zone's bounds: 4 days and 1 h pass over October 1995's, 4 days less 1 h
		// over March 2045's.
		{"round the clock, october 1995", allDay, "1995-10-20T11:00:00Z", "1995-10-24T12:00:00Z", 97 * time.Hour},
		{"round the clock, march 2045", allDay, "2045-03-24T12:00:00Z", "2045-03-28T11:00:00Z", 95 * time.Hour},
		// Times outside the table (2000 to 2040) are worked out the long way. Friday
		// 17:00-18:00, Monday 08:00-09:00.
		{"before the table", plain, "1995-09-01T17:00:00+01:00", "1995-09-04T09:00:00+01:00", 2 * time.Hour},
		// Friday 31 December 1999 1 h, Monday 3 January 10 h, Tuesday 1 h (no holidays here).
		{"into the table", plain, "1999-12-31T17:00:00Z", "2000-01-04T09:00:00Z", 12 * time.Hour},
		// Friday 28 December 2040 1 h, Monday 31 and Tuesday 1 January 10 h each, Wednesday 1 h.
		{"out of the table", plain, "2040-12-28T17:00:00Z", "2041-01-02T09:00:00Z", 22 * time.Hour},
		// Friday 22 December 17:00-18:00, Monday 25 and Tuesday 26 off, Wednesday 08:00-09:00.
		{"christmas before the table", farXmas, "1995-12-22T17:00:00Z", "1995-12-27T09:00:00Z", 2 * time.Hour},
		{"christmas after the table", farXmas, "2045-12-22T17:00:00Z", "2045-12-27T09:00:00Z", 2 * time.Hour},
		// Friday 16:00-16:30 (Fridays end early), Saturday 09:00-12:00, Monday 08:00-09:00.
		{"hours differing by day", shortFri, "2014-09-05T16:00:00+01:00", "2014-09-08T09:00:00+01:00", 4*time.Hour + 30*time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cal.Working(instant(t, tc.from), instant(t, tc.to)); got != tc.want {
				t.Errorf("Working(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// reference is a second, plain reading of a calendar, to check Working against.
type reference struct {
	loc      *time.Location
	hours    [7][2]int       // by weekday: start and end minute of the day; equal on a day off
	holidays map[string]bool // YYYY-MM-DD
}

// byMinute counts the working minutes between two whole-minute instants, one by one.
func (r reference) byMinute(from, to time.Time) time.Duration {
	var sum time.Duration
	for m := from; m.Before(to); m = m.Add(time.Minute) {
		l := m.In(r.loc)
		h, clock := r.hours[l.Weekday()], l.Hour()*60+l.Minute()
		if clock >= h[0] && clock < h[1] && !r.holidays[l.Format(time.DateOnly)] {
			sum += time.Minute
		}
	}
	return sum
}

// byDay adds up each local date's working hours that lie between from and to.
func (r reference) byDay(from, to time.Time) time.Duration {
	var sum time.Duration
	f := from.In(r.loc)
	for d := time.Date(f.Year(), f.Month(), f.Day(), 12, 0, 0, 0, r.loc); ; d = d.AddDate(0, 0, 1) {
		y, m, dd := d.Date()
		if time.Date(y, m, dd, 0, 0, 0, 0, r.loc).After(to) {
			return sum
		}
		h := r.hours[d.Weekday()]
		if h[0] == h[1] || r.holidays[d.Format(time.DateOnly)] {
			continue
		}
		start := time.Date(y, m, dd, 0, h[0], 0, 0, r.loc)
		end := time.Date(y, m, dd, 0, h[1], 0, 0, r.loc)
		if start.Before(from) {
			start = from
		}
		if end.After(to) {
			end = to
		}
		if end.After(start) {
			sum += end.Sub(start)
		}
	}
}

func TestWorkingMatchesReference(t *testing.T) {
	holidays := func(dates ...string) map[string]bool {
		m := map[string]bool{}
		for _, d := range dates {
			m[d] = true
		}
		return m
	}
	var bank []string
	for _, d := range builtInHolidays() {
		bank = append(bank, d.Format(time.DateOnly))
	}
	mins := func(h, m int) int { return h*60 + m }
	weekdays := [2]int{mins(8, 0), mins(18, 0)}

	for _, tc := range []struct {
		name string
		cfg  CalendarConfig
		ref  reference
	}{
		{"office in london", office,
			reference{mustLoc(t, "Europe/London"), [7][2]int{{}, weekdays, weekdays, weekdays, weekdays, weekdays, {}}, holidays(bank...)}},
		// Every clock change falls inside working time.
		{"round the clock in london", CalendarConfig{Days: "Sun-Sat", Start: "00:00", End: "24:00"},
			reference{mustLoc(t, "Europe/London"), [7][2]int{{0, 1440}, {0, 1440}, {0, 1440}, {0, 1440}, {0, 1440}, {0, 1440}, {0, 1440}}, nil}},
		// Sunday nights when the clocks change: 2 h in March, 4 h in October.
		{"sunday small hours in london", CalendarConfig{Days: "Sun", Start: "00:00", End: "03:00"},
			reference{mustLoc(t, "Europe/London"), [7][2]int{{0, 180}}, nil}},
		// A range wrapping past Sunday, a day off and a day that differs; holidays on
		// working days, in and out of the table, and on days off (1997-07-04, 2020-01-02).
		{"shifts in new york", CalendarConfig{Days: "Sat-Mon", Start: "06:00", End: "14:00",
			Hours:    map[string]string{"Sun": "off", "Wednesday": "12:00-24:00"},
			Holidays: []string{"1988-12-26", "1990-07-04", "1992-07-04", "1997-07-04", "2015-07-04", "2020-01-01", "2020-01-02", "2046-07-04", "2050-07-04", "2052-12-25"}},
			reference{mustLoc(t, "America/New_York"), [7][2]int{{}, {360, 840}, {}, {720, 1440}, {}, {}, {360, 840}},
				holidays("1988-12-26", "1990-07-04", "1992-07-04", "2015-07-04", "2020-01-01", "2046-07-04", "2050-07-04", "2052-12-25")}},
		// Lord Howe Island moves its clocks by 30 minutes.
		{"office on lord howe island", CalendarConfig{Days: "Mon-Fri", Start: "09:00", End: "17:30"},
			reference{mustLoc(t, "Australia/Lord_Howe"), [7][2]int{{}, {540, 1050}, {540, 1050}, {540, 1050}, {540, 1050}, {540, 1050}, {}}, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal, err := NewCalendar(tc.cfg, tc.ref.loc)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2)) // fixed: a failure can be replayed
			base := time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC)
			for range 200 { // short spans, minute by minute
				from := base.Add(time.Duration(rng.IntN(22*365*24*60)) * time.Minute)
				to := from.Add(time.Duration(rng.IntN(4*24*60)-60) * time.Minute)
				want := tc.ref.byMinute(from, to)
				if got := cal.Working(from, to); got != want {
					t.Fatalf("Working(%v, %v) = %v, minute by minute %v", from, to, got, want)
				}
				if got := tc.ref.byDay(from, to); got != want {
					t.Fatalf("reference by day (%v, %v) = %v, minute by minute %v", from, to, got, want)
				}
			}
			for range 200 { // long spans, to the second, day by day, in and out of the table
				from := time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(70*365*24*3600)) * time.Second)
				to := from.Add(time.Duration(rng.IntN(3*365*24*3600)) * time.Second)
				if got, want := cal.Working(from, to), tc.ref.byDay(from, to); got != want {
					t.Fatalf("Working(%v, %v) = %v, day by day %v", from, to, got, want)
				}
			}
		})
	}
}

func TestCalendarConfig(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	for _, tc := range []struct {
		name string
		cfg  CalendarConfig
		want string
	}{
		{"start not a time", CalendarConfig{Days: "Mon-Fri", Start: "8am", End: "18:00"}, `working_hours: start "8am": want HH:MM`},
		{"end past midnight", CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "24:30"}, `working_hours: end "24:30": want HH:MM`},
		{"end before start", CalendarConfig{Days: "Mon-Fri", Start: "18:00", End: "08:00"}, `working_hours: end "08:00" is not after start "18:00"`},
		{"no days", CalendarConfig{Start: "08:00", End: "18:00"}, `working_hours: days "": want days such as Mon-Fri or Mon,Tue,Thu`},
		{"unknown day", CalendarConfig{Days: "Mon-Fry", Start: "08:00", End: "18:00"}, `working_hours: days "Mon-Fry": want days such as Mon-Fri or Mon,Tue,Thu`},
		{"hours for no day", CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "18:00", Hours: map[string]string{"Xmas": "off"}},
			`working_hours: hours: "Xmas" is not a day (want Mon, Tue ...)`},
		{"hours not a range", CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "18:00", Hours: map[string]string{"Fri": "8-4"}},
			`working_hours: hours: Fri "8-4": want HH:MM-HH:MM (the end after the start) or off`},
		{"every day off", CalendarConfig{Days: "Sat", Start: "08:00", End: "18:00", Hours: map[string]string{"Sat": "off"}},
			`working_hours: no working time in the week`},
		{"holiday not a date", CalendarConfig{Days: "Mon-Fri", Start: "08:00", End: "18:00", Holidays: []string{"25/12/2014"}},
			`working_hours: holidays: "25/12/2014": want YYYY-MM-DD or england-and-wales`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewCalendar(tc.cfg, london)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %s", err, tc.want)
			}
		})
	}
}

// TestCalendarYAML checks the profile's working_hours block as people will write it:
// unquoted times and dates must still read as text.
func TestCalendarYAML(t *testing.T) {
	const profile = `
working_hours:
  days: Mon-Fri
  start: 08:00
  end: 18:00
  hours:
    Fri: 08:00-16:30
  holidays: [england-and-wales, 2014-12-24]
`
	var p struct {
		WorkingHours CalendarConfig `yaml:"working_hours"`
	}
	dec := yaml.NewDecoder(strings.NewReader(profile))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		t.Fatal(err)
	}
	cal := mustCalendar(t, p.WorkingHours, "Europe/London")
	// Tuesday 23 December 2014 17:00 to Monday 29 December 09:00: Tuesday 1 h,
	// Wednesday 24 off (the profile's own holiday), 25 and 26 bank holidays, Monday 1 h.
	if got := cal.Working(instant(t, "2014-12-23T17:00:00Z"), instant(t, "2014-12-29T09:00:00Z")); got != 2*time.Hour {
		t.Errorf("over christmas: %v, want 2h0m0s", got)
	}
	// Friday 5 September 2014 16:00 to 17:00: Fridays end at 16:30.
	if got := cal.Working(instant(t, "2014-09-05T16:00:00+01:00"), instant(t, "2014-09-05T17:00:00+01:00")); got != 30*time.Minute {
		t.Errorf("friday afternoon: %v, want 30m0s", got)
	}
}

// easter is Easter Sunday in the Gregorian calendar (the anonymous algorithm, as in
// Meeus, Astronomical Algorithms).
func easter(year int) time.Time {
	a, b, c := year%19, year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return time.Date(year, time.Month(n/31), n%31+1, 0, 0, 0, 0, time.UTC)
}

func TestEaster(t *testing.T) {
	// Known Easter Sundays, from outside: the check that the algorithm is typed right.
	for _, want := range []string{"2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21", "2024-03-31", "2038-04-25"} {
		y, _ := strconv.Atoi(want[:4])
		if got := easter(y).Format(time.DateOnly); got != want {
			t.Errorf("easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestHolidayFile(t *testing.T) {
	byYear := map[int][]time.Time{}
	dates := builtInHolidays()
	for i, d := range dates {
		byYear[d.Year()] = append(byYear[d.Year()], d)
		if i > 0 && !d.After(dates[i-1]) {
			t.Errorf("%s: not after %s: keep the file sorted, without repeats", d.Format(time.DateOnly), dates[i-1].Format(time.DateOnly))
		}
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("%s is a %s: the list holds the substitute weekday", d.Format(time.DateOnly), wd)
		}
	}
	has := func(d time.Time) bool { return slices.ContainsFunc(dates, d.Equal) }
	// firstWeekdays are the first n weekdays from d on.
	firstWeekdays := func(d time.Time, n int) []time.Time {
		var out []time.Time
		for ; len(out) < n; d = d.AddDate(0, 0, 1) {
			if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
				out = append(out, d)
			}
		}
		return out
	}
	in := func(y int, from, to time.Month) []time.Time {
		return slices.DeleteFunc(slices.Clone(byYear[y]), func(d time.Time) bool { return d.Month() < from || d.Month() > to })
	}
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

	for y := 2010; y <= 2030; y++ {
		if n := len(byYear[y]); n < 8 {
			t.Errorf("%d: %d dates, want at least 8", y, n)
		}
		e := easter(y)
		goodFriday, easterMonday := e.AddDate(0, 0, -2), e.AddDate(0, 0, 1)
		want := []time.Time{goodFriday, easterMonday}
		if y == 2011 {
			want = append(want, date(2011, 4, 29)) // the royal wedding
		}
		if got := in(y, time.March, time.April); !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("%d: March and April dates %v, want Good Friday and Easter Monday %v", y, got, want)
		}
		if got, want := in(y, time.January, time.January), firstWeekdays(date(y, 1, 1), 1); !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("%d: January %v, want New Year's Day or its substitute %v", y, got, want)
		}
		if got, want := in(y, time.December, time.December), firstWeekdays(date(y, 12, 25), 2); !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("%d: December %v, want Christmas and Boxing Day or their substitutes %v", y, got, want)
		}
	}
	// The one-off days and moved days GOV.UK lists.
	for _, d := range []string{"2011-04-29", "2012-06-04", "2012-06-05", "2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"} {
		if v, _ := time.Parse(time.DateOnly, d); !has(v) {
			t.Errorf("%s missing", d)
		}
	}
	for _, d := range []string{"2012-05-28", "2020-05-04", "2022-05-30"} { // the days they replaced
		if v, _ := time.Parse(time.DateOnly, d); has(v) {
			t.Errorf("%s listed: that year's holiday moved", d)
		}
	}
}

func TestWorkingSecondsUDF(t *testing.T) {
	ctx := context.Background()
	conn := memConn(t)
	if err := RegisterWorkingSeconds(conn, mustCalendar(t, office, "Europe/London")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, sql string
		want      *float64
	}{
		// Friday 17:00-18:00 and Monday 08:00-09:00.
		{"friday evening to monday morning", `SELECT working_seconds(TIMESTAMPTZ '2014-09-05 17:00:00+01', TIMESTAMPTZ '2014-09-08 09:00:00+01')`, new(7200.0)},
		{"null opened", `SELECT working_seconds(NULL, TIMESTAMPTZ '2014-09-08 09:00:00+01')`, nil},
		{"null resolved", `SELECT working_seconds(TIMESTAMPTZ '2014-09-05 17:00:00+01', NULL)`, nil},
		// Rows of a table, summed: 2 h + 0 (a weekend) + 10 h (a whole Tuesday).
		{"over rows", `SELECT sum(working_seconds(o, r)) FROM (VALUES
			(TIMESTAMPTZ '2014-09-05 17:00:00+01', TIMESTAMPTZ '2014-09-08 09:00:00+01'),
			(TIMESTAMPTZ '2014-09-06 10:00:00+01', TIMESTAMPTZ '2014-09-07 10:00:00+01'),
			(TIMESTAMPTZ '2014-09-09 00:00:00+01', TIMESTAMPTZ '2014-09-10 00:00:00+01')) t(o, r)`, new(12 * 3600.0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *float64
			if err := conn.QueryRowContext(ctx, tc.sql).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("got %v, want %v", deref(got), deref(tc.want))
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return "NULL"
	}
	return *p
}

// BenchmarkWorkingSecondsUDF runs working_seconds over a million 3-day spans spread
// over 13 years, in one query: on times the query computes (most of its time is
// DuckDB's own time zone arithmetic: floor is the same query without the function),
// and on times stored in a table, as tickets are.
func BenchmarkWorkingSecondsUDF(b *testing.B) {
	ctx := b.Context()
	db, err := Open(ctx, "", false)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if err := RegisterWorkingSeconds(conn, mustCalendar(b, office, "Europe/London")); err != nil {
		b.Fatal(err)
	}
	const spans = `SELECT TIMESTAMPTZ '2016-01-01 00:00:00+00' + to_minutes(i*7) AS t FROM range(1000000) r(i)`
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE spans AS SELECT t AS opened, t + INTERVAL 3 DAY AS resolved FROM (`+spans+`)`); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, sql string }{
		{"floor", `SELECT sum(epoch(t + INTERVAL 3 DAY) - epoch(t)) FROM (` + spans + `)`},
		{"computed", `SELECT sum(working_seconds(t, t + INTERVAL 3 DAY)) FROM (` + spans + `)`},
		{"stored", `SELECT sum(working_seconds(opened, resolved)) FROM spans`},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				var sum float64
				if err := conn.QueryRowContext(ctx, q.sql).Scan(&sum); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWorking(b *testing.B) {
	cal := mustCalendar(b, office, "Europe/London")
	from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; b.Loop(); i++ {
		t := from.Add(time.Duration(i%1000000) * 7 * time.Minute)
		cal.Working(t, t.Add(72*time.Hour))
	}
}
