package queries_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// section is the pack's table whose title starts so, or nil.
func section(p *report.Pack, title string) *report.Measures {
	for _, s := range p.Sections {
		if strings.HasPrefix(s.Title, title) {
			return s
		}
	}
	return nil
}

// packValue is a count of the pack as its identities name it: the group's row, the
// measure's column (by key); a group not listed is none, a measure not there is
// an error.
func packValue(p *report.Pack, r report.Ref) (int64, error) {
	if r.Table < 0 || r.Table >= len(p.Sections) {
		return 0, fmt.Errorf("no table %d", r.Table)
	}
	m := p.Sections[r.Table]
	j := m.Column(r.Measure)
	if j < 0 && m.Structure.GroupsAcross {
		// compare: groups are columns, measures rows
		for jj, c := range m.Columns {
			if c.Name == r.Group {
				for _, row := range m.Rows {
					if fmt.Sprint(row[0]) == r.Measure {
						n, _ := row[jj].(int64)
						return n, nil
					}
				}
			}
		}
		return 0, fmt.Errorf("%s: no %s of %s", m.Title, r.Measure, r.Group)
	}
	if j < 0 {
		return 0, fmt.Errorf("%s: no column %q", m.Title, r.Measure)
	}
	for _, row := range m.Rows {
		label := fmt.Sprint(row[0])
		if s, ok := row[0].(report.Span); ok {
			label = s.Label
		}
		if label == r.Group {
			n, ok := row[j].(int64)
			if !ok {
				return 0, fmt.Errorf("%s: %s of %s is %v, not a count", m.Title, r.Measure, r.Group, row[j])
			}
			return n, nil
		}
	}
	return 0, nil
}

// TestPackIdentitiesHold: every sum the pack declares between its tables holds of
// the figures it prints, names columns that are there, and the change table is
// tied to the months it counts: its month and the 12 before, in the severity table.
func TestPackIdentitiesHold(t *testing.T) {
	db := loadSample(t, "council_calls_2013_2014.csv")
	ctx := context.Background()
	for _, c := range []struct {
		from, to string
		sev      []int
		change   bool // a change section: the period ends with a month wholly held, not the first
	}{
		{"2013-06", "2013-06", nil, false}, // the first month held
		{"2013-07", "2013-07", nil, true},
		{"2014-01", "2014-01", []int{1, 2}, true},
		{"2014-09", "2014-09", nil, true},
		{"2014-07", "2014-09", []int{1, 2}, true},
		{"2014-09-01", "2014-09-15", nil, false}, // not at a month's end
		{"2013-06", "2014-09", nil, true},
	} {
		name := c.from + " to " + c.to
		t.Run(name, func(t *testing.T) {
			p, err := report.ParsePeriod(c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			pack, err := queries.Monthly(ctx, db, report.Filter{Period: p, Severities: c.sev}, queries.DefaultSLA, 3)
			if err != nil {
				t.Fatal(err)
			}
			change := section(pack, "Change in")
			if (change != nil) != c.change {
				t.Fatalf("change section %v, want %v", change != nil, c.change)
			}
			tied := 0
			for _, id := range pack.Identities {
				var sum int64
				var terms []string
				for _, term := range id {
					v, err := packValue(pack, term.Ref)
					if err != nil {
						t.Fatalf("identity %v: %v", id, err)
					}
					sum += term.Coef * v
					terms = append(terms, fmt.Sprintf("%+d x %s/%s/%s (%d)", term.Coef, pack.Sections[term.Table].Title, term.Group, term.Measure, v))
					if change != nil && pack.Sections[term.Table] == change {
						tied++
					}
				}
				if sum != 0 {
					t.Errorf("does not hold: %s", strings.Join(terms, " "))
				}
			}
			if change == nil {
				return
			}
			// The change table's count and baseline of each row are tied.
			if tied != 2*len(change.Rows) {
				t.Errorf("%d of the change table's counts tied, want %d", tied, 2*len(change.Rows))
			}
			// And independently of the identities: the baseline is the severity
			// table's 12 months before the last.
			bySev := section(pack, "Calls opened by severity per month")
			n := len(bySev.Rows)
			last := bySev.Rows[n-1][0].(report.Span).Start
			var base int64
			for _, row := range bySev.Rows[:n-1] {
				if !row[0].(report.Span).Start.Before(last.AddDate(-1, 0, 0)) {
					base += row[len(row)-1].(int64)
				}
			}
			all := change.Rows[len(change.Rows)-1]
			if all[0] != "All" || all[1] != bySev.Rows[n-1][len(bySev.Rows[n-1])-1] || all[2] != base {
				t.Errorf("change All %v; the severity table's last month %v and the 12 before %d", all[:3], bySev.Rows[n-1], base)
			}
		})
	}
}

// shiftLog is a log of 24 whole months, 2012-10 to 2014-09: Sev 1 calls 2 a month
// for a year then 6 a month (a shift), Sev 3 alternating 3 and 5, and, in 2014-03,
// 14 Sev 3 calls (outside the limits).
func shiftLog() string {
	var b strings.Builder
	b.WriteString("Ref,Date Logged,Severity,Date Resolved\n")
	n := 0
	call := func(d time.Time, sev int) {
		n++
		fmt.Fprintf(&b, "C%04d,%s,%d,%s\n", n, d.Format("02/01/2006 15:04"), sev, d.Add(2*time.Hour).Format("02/01/2006 15:04"))
	}
	for i := 0; i < 24; i++ {
		month := time.Date(2012, 10, 1, 9, 0, 0, 0, time.UTC).AddDate(0, i, 0)
		sev1 := 2
		if i >= 12 {
			sev1 = 6
		}
		for k := 0; k < sev1; k++ {
			call(month.AddDate(0, 0, k), 1)
		}
		sev3 := 3 + 2*(i%2)
		if month.Format("2006-01") == "2014-03" {
			sev3 = 14
		}
		for k := 0; k < sev3; k++ {
			call(month.AddDate(0, 0, 10+k).Add(time.Hour), 3)
		}
	}
	// The log runs to the last day of September 2014.
	b.WriteString("END,30/09/2014 22:00,4,30/09/2014 23:00\n")
	return b.String()
}

// TestPackRunCharts: the run charts count the severity table's months; the centre
// line is the mean rate a day times the month's days, the limits 3 square roots of
// it either side; a year at 2 then a year at 6 is a shift, and a month of 14
// against about 4 is outside the limits.
func TestPackRunCharts(t *testing.T) {
	db := loadCSV(t, shiftLog())
	p, _ := report.ParsePeriod("2014-09", "2014-09")
	pack, err := queries.Monthly(context.Background(), db, report.Filter{Period: p}, queries.DefaultSLA, 3)
	if err != nil {
		t.Fatal(err)
	}
	bySev := section(pack, "Calls opened by severity per month")
	runs := section(pack, "Run charts")
	if bySev == nil || runs == nil {
		t.Fatalf("sections %v", pack.Sections)
	}
	if len(bySev.Rows) != 24 || bySev.Rows[0][0].(report.Span).Label != "2012-10" {
		t.Fatalf("severity table: %d months from %v, want 24 from 2012-10", len(bySev.Rows), bySev.Rows[0][0])
	}
	rows := map[string][]any{}
	for _, r := range runs.Rows {
		rows[r[0].(string)] = r
	}
	charts := map[string]*report.RunChart{}
	for _, c := range runs.Charts {
		charts[strings.TrimSuffix(c.Title, ": calls a month")] = c.Run
	}
	if len(rows) != 4 || rows["Sev 1"] == nil || rows["Sev 3"] == nil || rows["Sev 4"] == nil || rows["All"] == nil {
		t.Fatalf("rows %v: want Sev 1, Sev 3, Sev 4 (the one call) and All", rowsOf(runs))
	}
	col := map[string]int{"Sev 1": 1, "Sev 3": 3, "All": 7}
	for name, j := range col {
		c := charts[name]
		var total int64
		days := 0.0
		for i, row := range bySev.Rows {
			if c.Counts[i] != row[j].(int64) {
				t.Errorf("%s %v: charted %d, table %d", name, row[0], c.Counts[i], row[j])
			}
			total += row[j].(int64)
			start := row[0].(report.Span).Start
			days += start.AddDate(0, 1, 0).Sub(start).Hours() / 24
		}
		for i, row := range bySev.Rows {
			start := row[0].(report.Span).Start
			d := start.AddDate(0, 1, 0).Sub(start).Hours() / 24
			centre := float64(total) / days * d
			if math.Abs(c.Centre[i]-centre) > 1e-9 || math.Abs(c.High[i]-centre-3*math.Sqrt(centre)) > 1e-9 ||
				math.Abs(c.Low[i]-math.Max(0, centre-3*math.Sqrt(centre))) > 1e-9 {
				t.Errorf("%s %v: centre %.3f limits %.3f-%.3f, want %.3f", name, row[0], c.Centre[i], c.Low[i], c.High[i], centre)
			}
		}
		if centre := rows[name][3].(float64); math.Abs(centre-float64(total)/days*30) > 1e-9 {
			t.Errorf("%s: centre line %.3f, want %.3f (30 days of September)", name, centre, float64(total)/days*30)
		}
	}
	// Sev 1: 2 a month below the centre line (about 4) for 12 months, then 6 above
	// for 12: the longest run is 12, the run limit for 24 months 8 (Anhøj), one
	// crossing against at least 8.
	s1 := rows["Sev 1"]
	if s1[7] != int64(12) || s1[8] != int64(8) || s1[9] != int64(1) || s1[10] != int64(8) || !strings.Contains(s1[11].(string), "shift") || !strings.Contains(s1[11].(string), "few crossings") {
		t.Errorf("Sev 1 runs: %v", s1)
	}
	for i, sig := range charts["Sev 1"].Signal {
		if want := map[bool]int{true: -1, false: 1}[i < 12]; sig != want {
			t.Errorf("Sev 1 month %d: signal %d, want %d", i, sig, want)
		}
	}
	// Sev 3: 3 and 5 alternating (mean about 4.4 with the 14) and 14 in 2014-03,
	// above its upper limit (4.4 + 3 x 2.1 = 10.7): outside, and no shift.
	s3 := rows["Sev 3"]
	if s3[6] != int64(1) || s3[11] != "outside limits" {
		t.Errorf("Sev 3: %v", s3)
	}
	for i, sig := range charts["Sev 3"].Signal {
		if want := map[bool]int{true: 1, false: 0}[bySev.Rows[i][0].(report.Span).Label == "2014-03"]; sig != want {
			t.Errorf("Sev 3 %v: signal %d, want %d", bySev.Rows[i][0], sig, want)
		}
	}
	defs := strings.Join(runs.Definitions, "\n")
	for _, want := range []string{"Sev 1: a run of 12 months on one side of the centre line (more than 8 is a shift): 2012-10 to 2013-09 below, 2013-10 to 2014-09 above; 1 crossing of the centre line (fewer than 8).", "Sev 3: outside the limits in 2014-03 above."} {
		if !strings.Contains(defs, want) {
			t.Errorf("definitions do not say %q:\n%s", want, defs)
		}
	}
	// The change: Sev 1's 6 against 2 a month for 1 month... of the 12 before,
	// 11 at 6 and 1 at 2 (2013-09).
	change := section(pack, "Change in September 2014")
	for _, r := range change.Rows {
		if r[0] == "Sev 1" && (r[1] != int64(6) || r[2] != int64(6*11+2)) {
			t.Errorf("change Sev 1: %v, want 6 against 68", r)
		}
	}
}

// TestPackTooShortForCharts: a pack whose data holds one whole month has no run
// charts and no change section, and says why.
func TestPackTooShortForCharts(t *testing.T) {
	db := loadHandChecked(t) // June 2014, and 3 July
	p, _ := report.ParsePeriod("2014-06", "2014-06")
	pack, err := queries.Monthly(context.Background(), db, report.Filter{Period: p}, queries.DefaultSLA, 3)
	if err != nil {
		t.Fatal(err)
	}
	if section(pack, "Run charts") != nil || section(pack, "Change in") != nil {
		t.Errorf("sections %d: run charts or a change on one month", len(pack.Sections))
	}
	// A pack for a month after the data: no run charts of other months.
	db2 := loadSample(t, "council_calls_2013_2014.csv")
	later, _ := report.ParsePeriod("2015-06", "2015-06")
	pack2, err := queries.Monthly(context.Background(), db2, report.Filter{Period: later}, queries.DefaultSLA, 3)
	if err != nil {
		t.Fatal(err)
	}
	if section(pack2, "Run charts") != nil || !strings.Contains(strings.Join(pack2.Notes(), "\n"), "No run charts: the data held ends 31 December 2014, before the period's end.") {
		t.Errorf("a pack after the data has run charts, or does not say why not:\n%s", strings.Join(pack2.Notes(), "\n"))
	}
	if notes := strings.Join(pack.Notes(), "\n"); !strings.Contains(notes, "June 2014 is not judged against the months before it: June 2014 is the first month held") {
		t.Errorf("the notes do not say why no month is judged:\n%s", notes)
	}
}

// TestPartialFirstMonth: a log whose first call is on 29 February holds one day of
// February. The change's baseline counts it as 1/29 of a month, not a month (else
// a steady desk reads as up), and the run chart charts it over its one day.
func TestPartialFirstMonth(t *testing.T) {
	var b strings.Builder
	b.WriteString("Ref,Date Logged,Severity,Date Resolved\n")
	n := 0
	call := func(at time.Time) {
		n++
		fmt.Fprintf(&b, "C%05d,%s,3,%s\n", n, at.Format("02/01/2006 15:04"), at.Add(time.Hour).Format("02/01/2006 15:04"))
	}
	// 10 calls a day from 29 February to 31 May 2016, and one on 1 June (the log's end).
	for d := time.Date(2016, 2, 29, 8, 0, 0, 0, time.UTC); d.Month() != time.June; d = d.AddDate(0, 0, 1) {
		for k := 0; k < 10; k++ {
			call(d.Add(time.Duration(k) * 30 * time.Minute))
		}
	}
	call(time.Date(2016, 6, 1, 9, 0, 0, 0, time.UTC))
	db := loadCSV(t, b.String())
	p, _ := report.ParsePeriod("2016-05", "2016-05")
	pack, err := queries.Monthly(context.Background(), db, report.Filter{Period: p}, queries.DefaultSLA, 3)
	if err != nil {
		t.Fatal(err)
	}
	change := section(pack, "Change in May 2016")
	all := change.Rows[len(change.Rows)-1]
	// May: 310 in 31 days. Before: 10 + 310 + 300 = 620 in 1 + 31 + 30 = 62 days,
	// 310 over May's 31.
	if all[1] != int64(310) || all[2] != int64(620) || math.Abs(all[3].(float64)-310) > 1e-9 || math.Abs(all[4].(float64)-1) > 1e-9 {
		t.Errorf("change All %v: want 310 against 620, a mean of 310 over May's days, ratio 1", all)
	}
	// The same 10 a day: no flag.
	if all[7] != "" {
		t.Errorf("a steady desk flagged %q: %v", all[7], all)
	}
	if !strings.Contains(strings.Join(change.Definitions, "\n"), "February 2016 counts for its 1 day from then") {
		t.Errorf("the change does not say how February counts:\n%s", strings.Join(change.Definitions, "\n"))
	}
	// February, held for one day, is not charted (a point far below the rest):
	// March to May, 920 calls over 92 days, 10 a day.
	runs := section(pack, "Run charts")
	c := runs.Charts[len(runs.Charts)-1].Run // All
	if len(c.Counts) != 3 || c.Labels[0] != "2016-03" || math.Abs(c.Centre[0]-310) > 1e-9 || math.Abs(c.Centre[1]-300) > 1e-9 {
		t.Errorf("run chart of months %v, centres %v; want March to May, 310 and 300", c.Labels, c.Centre)
	}
	defs := strings.Join(runs.Definitions, "\n")
	for _, want := range []string{"2016-02, held for 1 day, is not charted", "Only 3 months are charted: too few to judge runs in"} {
		if !strings.Contains(defs, want) {
			t.Errorf("the run charts do not say %q:\n%s", want, defs)
		}
	}
	for i, s := range c.Signal {
		if s != 0 {
			t.Errorf("month %s signals %d on a steady desk", c.Labels[i], s)
		}
	}
}

// TestPackOneReferenceTime: the pack judges its calls as at one time, when its
// backlog is aged: June's pack, made from data that runs to 3 July, counts F
// (resolved 3 July) as still open at the end of June in every table, as the
// ageing does: D, F and G open, in time to resolve, SLA and ageing alike.
func TestPackOneReferenceTime(t *testing.T) {
	db := loadHandChecked(t)
	p, _ := report.ParsePeriod("2014-06", "2014-06")
	pack, err := queries.Monthly(context.Background(), db, report.Filter{Period: p}, queries.DefaultSLA, 3)
	if err != nil {
		t.Fatal(err)
	}
	res, sla, age := section(pack, "Time to resolve"), section(pack, "Resolution within target"), section(pack, "Open calls by age")
	last := func(m *report.Measures, key string) any { return m.Rows[len(m.Rows)-1][m.Column(key)] }
	if last(res, "still_open") != int64(3) || last(age, "open") != int64(3) {
		t.Errorf("still open %v, open by age %v: want 3 and 3 (D, F, G)", last(res, "still_open"), last(age, "open"))
	}
	if ob, ow := last(sla, "open_breached").(int64), last(sla, "open_within").(int64); ob+ow != 3 {
		t.Errorf("SLA open %d + %d, want 3", ob, ow)
	}
	notes := strings.Join(pack.Notes(), "\n")
	if !strings.Contains(notes, "Calls are judged as at 1 July 2014 00:00") || strings.Contains(notes, "aged to the latest event") {
		t.Errorf("the pack does not state its one reference time:\n%s", notes)
	}
	// The same reports on their own judge at the latest event: F is resolved.
	r, err := queries.Resolution(context.Background(), db, report.Filter{Period: p}, "severity")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Rows[len(r.Rows)-1][r.Column("still_open")]; got != int64(2) {
		t.Errorf("resolution on its own: %v still open, want 2 (D, G)", got)
	}
}
