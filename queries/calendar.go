package queries

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// CalendarConfig is the profile's working_hours block:
//
//	working_hours:
//	  days: Mon-Fri                 # or Mon,Tue,Thu; ranges may wrap: Fri-Mon
//	  start: "08:00"
//	  end: "18:00"                  # 24:00 is the midnight that ends the day
//	  hours:                        # optional: days whose hours differ, or off; a
//	                                # day named here works even if days leaves it out
//	    Fri: 08:00-16:30
//	  holidays: [england-and-wales, 2014-12-24]
type CalendarConfig struct {
	Days     string            `yaml:"days"`
	Start    string            `yaml:"start"`
	End      string            `yaml:"end"`
	Hours    map[string]string `yaml:"hours"`
	Holidays []string          `yaml:"holidays"` // YYYY-MM-DD, or england-and-wales for the built-in list
}

// Calendar is working time: each weekday's hours on the wall clock of one zone, and
// whole days off. Times are instants; a working day is 08:00-18:00 local on both sides
// of a clock change, so the day the clocks change inside working hours is an hour
// shorter or longer.
type Calendar struct {
	loc  *time.Location
	days [7]hours      // by time.Weekday
	week time.Duration // the nominal working time of a whole week

	// holidays are the holidays that fall on working days, as day numbers, sorted;
	// lost[i] is the nominal working time of holidays[:i], so that the time lost to
	// holidays in any range is a difference of two binary searches.
	holidays []int64
	lost     []time.Duration

	// table caches each local day of the years tableFrom to tableTo: working time over
	// a million rows is then two lookups a row, with no time zone arithmetic. first is
	// the day number of its first day.
	first int64
	table []tableDay
}

// tableDay is one day of the table, as Unix nanoseconds: its midnight, its working
// hours (start == end on a day off), and the calendar's working time before it.
type tableDay struct{ midnight, start, end, before int64 }

// The table covers these years (about 0.5 MB, filled in a few milliseconds); times
// outside them are worked out the long way.
const tableFrom, tableTo = 2000, 2040

// hours is one day's working hours as offsets from midnight on the wall clock;
// start == end is a day off.
type hours struct{ start, end time.Duration }

func (h hours) len() time.Duration { return h.end - h.start }

//go:embed bank_holidays_england_wales.txt
var englandWales string

// EnglandWales names the built-in list of England and Wales bank holidays, 2010 to
// 2030; other years have none unless the profile lists them.
const EnglandWales = "england-and-wales"

var weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// NewCalendar checks cfg and builds its calendar in loc, the zone of the working hours.
func NewCalendar(cfg CalendarConfig, loc *time.Location) (*Calendar, error) {
	c, err := newCalendar(cfg, loc)
	if err != nil {
		return nil, fmt.Errorf("working_hours: %w", err)
	}
	return c, nil
}

func newCalendar(cfg CalendarConfig, loc *time.Location) (*Calendar, error) {
	if loc == nil {
		return nil, errors.New("no time zone")
	}
	c := &Calendar{loc: loc}
	on, err := parseDays(cfg.Days)
	if err != nil {
		return nil, err
	}
	start, err := parseClock("start", cfg.Start)
	if err != nil {
		return nil, err
	}
	end, err := parseClock("end", cfg.End)
	if err != nil {
		return nil, err
	}
	if end <= start {
		return nil, fmt.Errorf("end %q is not after start %q", cfg.End, cfg.Start)
	}
	for d := range on {
		if on[d] {
			c.days[d] = hours{start, end}
		}
	}
	// Map order is random: check the days in week order so that errors are stable.
	names := make([]string, 0, len(cfg.Hours))
	for name := range cfg.Hours {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return dayIndex(a) - dayIndex(b) })
	for _, name := range names {
		d := dayIndex(name)
		if d < 0 {
			return nil, fmt.Errorf("hours: %q is not a day (want Mon, Tue ...)", name)
		}
		h, err := parseHours(cfg.Hours[name])
		if err != nil {
			return nil, fmt.Errorf("hours: %s %w", name, err)
		}
		c.days[d] = h
	}
	for _, h := range c.days {
		c.week += h.len()
	}
	if c.week == 0 {
		return nil, errors.New("no working time in the week")
	}
	for _, h := range cfg.Holidays {
		if err := c.addHolidays(h); err != nil {
			return nil, err
		}
	}
	slices.Sort(c.holidays)
	c.holidays = slices.Compact(c.holidays)
	c.lost = make([]time.Duration, len(c.holidays)+1)
	for i, d := range c.holidays {
		c.lost[i+1] = c.lost[i] + c.days[weekday(d)].len()
	}
	c.fillTable()
	return c, nil
}

// parseDays reads "Mon-Fri", "Mon,Tue,Thu" or both ("Mon-Wed,Fri").
func parseDays(s string) ([7]bool, error) {
	var on [7]bool
	bad := fmt.Errorf("days %q: want days such as Mon-Fri or Mon,Tue,Thu", s)
	if strings.TrimSpace(s) == "" {
		return on, bad
	}
	for part := range strings.SplitSeq(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, b := dayIndex(from), dayIndex(to)
		if !isRange {
			b = a
		}
		if a < 0 || b < 0 {
			return on, bad
		}
		for d := a; ; d = (d + 1) % 7 { // a range may wrap past Sunday: Fri-Mon
			on[d] = true
			if d == b {
				break
			}
		}
	}
	return on, nil
}

// dayIndex reads a day name or its first three or more letters, as a time.Weekday; -1
// if it is none.
func dayIndex(s string) int {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, name := range weekdays {
		if len(s) >= 3 && strings.HasPrefix(name, s) {
			return i
		}
	}
	return -1
}

// parseHours reads "08:00-16:30" or "off".
func parseHours(s string) (hours, error) {
	if strings.EqualFold(strings.TrimSpace(s), "off") {
		return hours{}, nil
	}
	from, to, ok := strings.Cut(s, "-")
	start, err1 := parseClock("", from)
	end, err2 := parseClock("", to)
	if !ok || err1 != nil || err2 != nil || end <= start {
		return hours{}, fmt.Errorf("%q: want HH:MM-HH:MM (the end after the start) or off", s)
	}
	return hours{start, end}, nil
}

// parseClock reads a time of day, HH:MM, up to 24:00.
func parseClock(field, s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(h) < 1 || len(h) > 2 || len(m) != 2 ||
		hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("%s %q: want HH:MM", field, s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// addHolidays adds one entry of the holidays list: a date or the built-in list's name.
func (c *Calendar) addHolidays(entry string) error {
	if strings.EqualFold(strings.TrimSpace(entry), EnglandWales) {
		for _, d := range builtInHolidays() {
			c.addHoliday(d)
		}
		return nil
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(entry))
	if err != nil {
		return fmt.Errorf("holidays: %q: want YYYY-MM-DD or %s", entry, EnglandWales)
	}
	c.addHoliday(t)
	return nil
}

// addHoliday keeps a holiday only if it falls on a working day: one on a day off
// changes nothing.
func (c *Calendar) addHoliday(date time.Time) {
	d := date.Unix() / 86400
	if c.days[weekday(d)].len() > 0 {
		c.holidays = append(c.holidays, d)
	}
}

// builtInHolidays reads the embedded England and Wales list, midnight UTC of each date.
func builtInHolidays() []time.Time {
	var dates []time.Time
	sc := bufio.NewScanner(strings.NewReader(englandWales))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		t, err := time.Parse(time.DateOnly, line)
		if err != nil {
			panic(fmt.Sprintf("queries: bank_holidays_england_wales.txt: %q: %v", line, err)) // fixed at build time and tested
		}
		dates = append(dates, t)
	}
	return dates
}

// Working returns the working time between two instants; 0 if to is not after from.
// Its cost does not grow with the span: within the table it is two lookups; outside,
// the whole days between the first and the last are counted a week at a time, less
// the holidays, plus the clock changes.
func (c *Calendar) Working(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if a, ok := c.upTo(from); ok {
		if b, ok := c.upTo(to); ok {
			return time.Duration(b - a)
		}
	}
	first, last := c.day(from), c.day(to)
	if first == last {
		return c.within(first, from, to)
	}
	return c.within(first, from, to) + c.whole(first+1, last) + c.within(last, from, to)
}

// fillTable works each day out with span, as the long way does, so the two agree.
func (c *Calendar) fillTable() {
	c.first = time.Date(tableFrom, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	end := time.Date(tableTo+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	c.table = make([]tableDay, end-c.first)
	var before time.Duration
	for i := range c.table {
		d := c.first + int64(i)
		midnight := c.at(d, 0).UnixNano()
		row := tableDay{midnight, midnight, midnight, int64(before)}
		if start, end, ok := c.span(d); ok {
			row.start, row.end = start.UnixNano(), end.UnixNano()
			before += end.Sub(start)
		}
		c.table[i] = row
	}
}

// upTo is the working time from the table's start to t; ok is false outside the table.
func (c *Calendar) upTo(t time.Time) (w int64, ok bool) {
	// The local day is the UTC day or one either side; the margin of a day at each
	// end of the table keeps i and i+1 inside it.
	i := t.Unix()/86400 - c.first
	if i < 1 || i >= int64(len(c.table))-2 {
		return 0, false
	}
	u := t.UnixNano()
	if u < c.table[i].midnight {
		i--
	} else if u >= c.table[i+1].midnight {
		i++
	}
	r := c.table[i]
	return r.before + min(max(u, r.start), r.end) - r.start, true
}

// Day numbers count local calendar days from 1970-01-01, the day number 0.

// day is the local date of t as a day number.
func (c *Calendar) day(t time.Time) int64 {
	_, offset := t.In(c.loc).Zone()
	s := t.Unix() + int64(offset)
	d := s / 86400
	if s%86400 < 0 { // floor, for dates before 1970
		d--
	}
	return d
}

func weekday(d int64) time.Weekday {
	return time.Weekday(((d+4)%7 + 7) % 7) // 1970-01-01 was a Thursday
}

// at is the instant of wall-clock time of day clock on day d.
func (c *Calendar) at(d int64, clock time.Duration) time.Time {
	y, m, dd := time.Unix(d*86400, 0).UTC().Date()
	// time.Date normalises the nanoseconds on the wall clock, so 24:00 is the next
	// midnight, and it resolves the wall clock in loc at that date's offset.
	return time.Date(y, m, dd, 0, 0, 0, int(clock), c.loc)
}

// span is day d's working hours as instants; ok is false on a day off or a holiday.
func (c *Calendar) span(d int64) (start, end time.Time, ok bool) {
	h := c.days[weekday(d)]
	if h.len() == 0 {
		return start, end, false
	}
	if _, found := slices.BinarySearch(c.holidays, d); found {
		return start, end, false
	}
	return c.at(d, h.start), c.at(d, h.end), true
}

// within is the working time of day d that lies between from and to.
func (c *Calendar) within(d int64, from, to time.Time) time.Duration {
	start, end, ok := c.span(d)
	if !ok {
		return 0
	}
	if from.After(start) {
		start = from
	}
	if to.Before(end) {
		end = to
	}
	return max(end.Sub(start), 0)
}

// whole is the working time of the whole days a to b-1.
func (c *Calendar) whole(a, b int64) time.Duration {
	if a >= b {
		return 0
	}
	weeks := (b - a) / 7
	sum := time.Duration(weeks) * c.week
	for d := a + weeks*7; d < b; d++ {
		sum += c.days[weekday(d)].len()
	}
	i, _ := slices.BinarySearch(c.holidays, a)
	j, _ := slices.BinarySearch(c.holidays, b)
	sum -= c.lost[j] - c.lost[i]
	return sum + c.clockChanges(a, b)
}

// clockChanges corrects the nominal hours of days a to b-1 for the clock changes
// among them: a change inside working hours makes that day's hours longer or
// shorter in real time. Zones change clocks about twice a year, so this loop is short.
// A day visited without a change adds nothing, so extra zone bounds are harmless.
func (c *Calendar) clockChanges(a, b int64) time.Duration {
	var sum time.Duration
	limit := c.at(b, 0)
	seen := a - 1
	for t := c.at(a, 0); ; {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(limit) {
			return sum
		}
		if !next.After(t) {
			// Past a zone's last listed change Go works out the bounds a year at a
			// time, and on the last day of a leap year (2040-12-31) gives t back:
			// step over that day an hour at a time (no zone changes clocks then).
			t = t.Add(time.Hour)
			continue
		}
		if d := c.day(next); d != seen {
			seen = d
			if start, end, ok := c.span(d); ok {
				sum += end.Sub(start) - c.days[weekday(d)].len()
			}
		}
		t = next
	}
}

// RegisterWorkingSeconds makes working_seconds(TIMESTAMPTZ, TIMESTAMPTZ) -> DOUBLE, the
// working time in seconds between two instants by cal (NULL if either is NULL),
// callable in SQL. conn is any connection of the database: DuckDB keeps the function
// in the database's system catalog, so every connection, present or later, sees it,
// and it outlives conn. Register once per opened database, with one calendar: a second
// registration fails.
func RegisterWorkingSeconds(conn *sql.Conn, cal *Calendar) error {
	if cal == nil {
		return errors.New("working_seconds: no calendar")
	}
	ts, err := duckdb.NewTypeInfo(duckdb.TYPE_TIMESTAMP_TZ)
	if err != nil {
		return fmt.Errorf("working_seconds: %w", err)
	}
	dbl, err := duckdb.NewTypeInfo(duckdb.TYPE_DOUBLE)
	if err != nil {
		return fmt.Errorf("working_seconds: %w", err)
	}
	f := &workingSeconds{cal: cal, config: duckdb.ScalarFuncConfig{
		InputTypeInfos: []duckdb.TypeInfo{ts, ts},
		ResultTypeInfo: dbl,
	}}
	if err := duckdb.RegisterScalarUDF(conn, "working_seconds", f); err != nil {
		return fmt.Errorf("register working_seconds (once a database): %w", err)
	}
	return nil
}

// workingSeconds is the UDF; DuckDB's default NULL handling gives NULL for a NULL
// argument without calling it.
type workingSeconds struct {
	cal    *Calendar
	config duckdb.ScalarFuncConfig
}

func (f *workingSeconds) Config() duckdb.ScalarFuncConfig { return f.config }

func (f *workingSeconds) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(v []driver.Value) (any, error) {
		return f.cal.Working(v[0].(time.Time), v[1].(time.Time)).Seconds(), nil
	}}
}

// UseCalendar makes working_seconds count the working hours cfg describes, in the
// zone reports use (set it first with UseTimeZone).
func UseCalendar(ctx context.Context, db *sql.DB, cfg CalendarConfig) error {
	loc, err := sessionLocation(ctx, db)
	if err != nil {
		return err
	}
	cal, err := NewCalendar(cfg, loc)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := RegisterWorkingSeconds(conn, cal); err != nil {
		return err
	}
	calendars.Store(db, true)
	return nil
}

// calendars are the databases UseCalendar gave a working-time calendar: asking
// DuckDB (duckdb_functions) costs a list of all its functions, per report.
var calendars sync.Map

// hasCalendar says whether UseCalendar gave db a calendar.
func hasCalendar(db *sql.DB) bool {
	_, ok := calendars.Load(db)
	return ok
}
