package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zone names resolve on machines without a zone database

	"github.com/deskstat/deskstat/report"
)

// Monthly gathers the service manager's pack for the period f asks for: calls by
// severity per month over the 24 months to the period's end (or the period, when
// longer); the last month's change against the 12 before it, and run charts over
// those months; created against resolved over the twelve months to the period's
// end; the open calls' ageing at its end; time to resolve and SLA by severity; the
// top categories; and, where calls have suppliers, the suppliers side by side.
// minCount is the fewest calls a change is flagged on.
func Monthly(ctx context.Context, db *sql.DB, f report.Filter, policy SLAPolicy, minCount int) (*report.Pack, error) {
	if f.Period.From.IsZero() || f.Period.To.IsZero() {
		return nil, fmt.Errorf("the monthly pack needs a period: a month (2014-09) or --from and --to")
	}
	ctx = Once(ctx)
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	first, latest := held.first, held.latest
	pack := &report.Pack{Title: "Service desk report, " + f.Period.Name(), Meta: report.Meta{Filter: f}}

	sevFilter, trendFilter := f, f
	sevFilter.Period, trendFilter.Period = lookBack(f.Period, 24, first), lookBack(f.Period, 12, first)
	bySev, err := severityMonths(ctx, db, sevFilter, first, latest)
	if err != nil {
		return nil, err
	}
	trend, err := Trend(ctx, db, trendFilter, "month")
	if err != nil {
		return nil, err
	}
	// These look back over more months than the pack's period: say which.
	for _, t := range []struct {
		m    *report.Measures
		p    report.Period
		span string
		what string
	}{{bySev, sevFilter.Period, "24", "Calls by severity per month"}, {trend, trendFilter.Period, "twelve", "Created and resolved per month"}} {
		months := fmt.Sprintf("%s: %s to %s", t.what, t.p.From.Format("January 2006"), t.p.To.Format("January 2006"))
		if t.p != f.Period {
			months += fmt.Sprintf(" (the %s months to the period's end, none before the first month held)", t.span)
		}
		t.m.Definitions = append([]string{months + "."}, t.m.Definitions...)
	}
	// The period's last month against the 12 before it, when the period ends with
	// a month the data wholly holds.
	var change *report.Measures
	end := f.Period.End()
	lastMonth := time.Date(f.Period.To.Year(), f.Period.To.Month(), 1, 0, 0, 0, 0, f.Period.To.Location())
	if end.Day() != 1 {
		bySev.Definitions = append(bySev.Definitions, "No month is judged against the months before it: the period does not end at a month's end.")
	} else {
		g := f
		g.Period = report.Period{From: lastMonth, To: f.Period.To, Months: true}
		change, err = Changes(ctx, db, g, "severity", minCount)
		var nj NotJudged
		switch {
		case errors.As(err, &nj):
			bySev.Definitions = append(bySev.Definitions, fmt.Sprintf("%s is not judged against the months before it: %s.", lastMonth.Format("January 2006"), nj.Reason))
		case err != nil:
			return nil, err
		}
	}
	// Run charts of a period the data does not reach would chart other months.
	var runs *report.Measures
	if latest.Valid && !latest.Time.Before(end.AddDate(0, 0, -1)) {
		runs = runCharts(bySev, held)
	} else if latest.Valid {
		bySev.Definitions = append(bySev.Definitions, fmt.Sprintf("No run charts: the data held ends %s, before the period's end.", latest.Time.Format("2 January 2006")))
	}
	// The backlog is aged at the period's end, midnight in the report's zone, or at
	// the latest event in the data when that is earlier.
	loc, err := sessionLocation(ctx, db)
	if err != nil {
		return nil, err
	}
	at := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc)
	if asOf := held.asOf; asOf.Valid && asOf.Time.Before(at) {
		// Just after the latest event: a call opened then is open, as the trend's
		// backlog counts it.
		at = asOf.Time.In(loc).Add(time.Microsecond)
	}
	ageing, err := Ageing(ctx, db, f, "severity", at)
	if err != nil {
		return nil, err
	}
	// One reference time for the pack: its resolution, SLA and suppliers judge the
	// calls as at the time the backlog is aged, so that a pack made again later,
	// on a newer export, says the same of its period.
	asAt := f
	asAt.AsAt = at
	resolution, err := Resolution(ctx, db, asAt, "severity")
	if err != nil {
		return nil, err
	}
	sla, err := SLA(ctx, db, asAt, "severity", policy)
	if err != nil {
		return nil, err
	}
	cats, err := Breakdown(ctx, db, f, "category")
	if err != nil {
		return nil, err
	}
	bySev.Charts = []report.Chart{{Title: "Calls by severity per month", Kind: "stacked", Columns: []int{1, 2, 3, 4, 5, 6}}}
	top := topCategories(cats, 10)
	top.Charts = []report.Chart{{Title: "Top categories", Kind: "hbar", Columns: []int{1}}}
	var idx packIndex
	add := func(m *report.Measures) int {
		if m == nil {
			return -1
		}
		pack.Sections = append(pack.Sections, m)
		return len(pack.Sections) - 1
	}
	idx.sevMonths, idx.change, idx.runs = add(bySev), add(change), add(runs)
	idx.trend, idx.ageing, idx.resolution, idx.sla, idx.cats = add(trend), add(ageing), add(resolution), add(sla), add(top)
	idx.compare = -1
	suppliers, err := Breakdown(ctx, db, f, "supplier")
	if err != nil {
		return nil, err
	}
	if len(suppliers.Rows) > 1 || (len(suppliers.Rows) == 1 && suppliers.Rows[0].Value != "") {
		cmp, err := Compare(ctx, db, asAt, "supplier", policy)
		if err != nil {
			return nil, err
		}
		suppliers := make([]int, 0, len(cmp.Columns)-2)
		for i := 1; i < len(cmp.Columns)-1; i++ { // not the measure names, not All
			suppliers = append(suppliers, i)
		}
		cmp.Charts = []report.Chart{{Title: "Time to resolve by supplier (hours)", Kind: "bar",
			Columns: suppliers, Rows: []int{3, 4, 5}, Transpose: true}}
		idx.compare = add(cmp)
	}
	pack.Identities = packIdentities(pack.Sections, idx, f.Period)
	pack.Meta = resolution.Meta
	return pack, nil
}

// lookBack is the n months to the period's end, none before the first month
// held, or the period itself when longer.
func lookBack(p report.Period, n int, first sql.NullTime) report.Period {
	start := p.End().AddDate(0, -n, 0)
	if !p.From.After(start) {
		return p
	}
	if first.Valid {
		held := time.Date(first.Time.Year(), first.Time.Month(), 1, 0, 0, 0, 0, start.Location())
		if held.After(start) {
			start = held
			if start.After(p.From) {
				start = p.From
			}
		}
	}
	return report.Period{From: start, To: p.To, Months: true}
}

// packIndex is where each table is in the pack; -1 when it is not.
type packIndex struct {
	sevMonths, change, runs, trend, ageing, resolution, sla, cats, compare int
}

// packIdentities are the sums that tie the pack's tables together: the period's
// calls by severity are the severity table's months added up, and the resolution,
// SLA, categories and suppliers tables count them again; the trend's created are
// the severity table's months; its last backlog is the ageing's open calls; the
// change table's month and the 12 before it are the severity table's.
func packIdentities(secs []*report.Measures, at packIndex, p report.Period) []report.Identity {
	ref := func(table int, group, measure string) report.Ref {
		return report.Ref{Table: table, Group: group, Measure: measure}
	}
	sevKey := func(group string) string { // a severity's column in the severity table
		if group == "All" {
			return "all"
		}
		return strings.ReplaceAll(group, " ", "_")
	}
	var ids []report.Identity
	// Measures of resolution may leave out calls the counts include (their
	// resolution not known): then only the measures are tied to one another.
	whole := !unmeasured(secs[at.resolution].Meta) && !unmeasured(secs[at.trend].Meta)
	created := map[string]bool{} // the trend's months
	for _, row := range secs[at.trend].Rows {
		created[row[0].(report.Span).Label] = true
	}
	var months []string // the severity table's months within the pack's period
	var starts []time.Time
	for _, row := range secs[at.sevMonths].Rows {
		span := row[0].(report.Span)
		starts = append(starts, span.Start)
		if !span.From.Before(p.From) && span.From.Before(p.End()) { // a month the period cuts counts its days in it
			months = append(months, span.Label)
		}
		if whole && created[span.Label] {
			ids = append(ids, report.Equal(ref(at.trend, span.Label, "created"), ref(at.sevMonths, span.Label, "all")))
		}
	}
	// The SLA table leaves out the severities with no target (not recognised, or
	// none in the profile): listed in time to resolve, not there.
	judged := map[string]bool{}
	for _, row := range secs[at.sla].Rows {
		judged[row[0].(string)] = true
	}
	var noTarget []string
	for _, row := range secs[at.resolution].Rows {
		if g := row[0].(string); g != "All" && !judged[g] {
			noTarget = append(noTarget, g)
		}
	}
	for _, row := range secs[at.resolution].Rows {
		g := row[0].(string)
		if whole {
			var parts []report.Ref
			for _, m := range months {
				parts = append(parts, ref(at.sevMonths, m, sevKey(g)))
			}
			ids = append(ids, report.SumOf(ref(at.resolution, g, "calls"), parts...))
		}
		if !judged[g] {
			continue
		}
		// resolution's measure = the SLA's parts, and in All the groups left out.
		tie := func(measure string, sla ...string) report.Identity {
			var parts []report.Ref
			for _, m := range sla {
				parts = append(parts, ref(at.sla, g, m))
			}
			if g == "All" {
				for _, left := range noTarget {
					parts = append(parts, ref(at.resolution, left, measure))
				}
			}
			return report.SumOf(ref(at.resolution, g, measure), parts...)
		}
		ids = append(ids, tie("calls", "calls"), tie("resolved", "met", "breached", "not_judged"),
			tie("still_open", "open_breached", "open_within"), tie("resolved_before_opened", "not_judged"))
	}
	if at.change >= 0 {
		// The month judged is the severity table's last; its baseline the months
		// before it there (the table starts no later than the baseline, or at the
		// first month held, where the baseline starts too).
		ch := secs[at.change]
		base := ch.Columns[2].Key()
		n := len(secs[at.sevMonths].Rows)
		for _, row := range ch.Rows {
			g := row[0].(string)
			ids = append(ids, report.Equal(ref(at.change, g, "count"), ref(at.sevMonths, secs[at.sevMonths].Rows[n-1][0].(report.Span).Label, sevKey(g))))
			var parts []report.Ref
			for i := max(0, n-1-BaselineMonths); i < n-1; i++ {
				if starts[i].Before(starts[n-1].AddDate(0, -BaselineMonths, 0)) {
					continue
				}
				parts = append(parts, ref(at.sevMonths, secs[at.sevMonths].Rows[i][0].(report.Span).Label, sevKey(g)))
			}
			ids = append(ids, report.SumOf(ref(at.change, g, base), parts...))
		}
	}
	if n := len(secs[at.trend].Rows); n > 0 {
		last := secs[at.trend].Rows[n-1][0].(report.Span).Label
		ids = append(ids, report.Equal(ref(at.trend, last, "backlog_at_end"), ref(at.ageing, "All", "open")))
	}
	if whole {
		ids = append(ids, report.Equal(ref(at.cats, "All", "calls"), ref(at.resolution, "All", "calls")))
	}
	if at.compare >= 0 {
		for _, m := range []string{"calls", "resolved", "still open"} {
			ids = append(ids, report.Equal(ref(at.compare, "All", m), ref(at.resolution, "All", strings.ReplaceAll(m, " ", "_"))))
		}
		ids = append(ids, report.Equal(ref(at.compare, "All", "open past target"), ref(at.sla, "All", "open_breached")))
	}
	return ids
}

// severityMonths counts calls opened per month and severity over f's period, less
// the months before the first call held or after the latest event held (first and
// latest, wall-clock): a count there would read as none.
func severityMonths(ctx context.Context, db *sql.DB, f report.Filter, first, latest sql.NullTime) (*report.Measures, error) {
	all := f
	all.Period = report.Period{}
	cond, args, err := where(all, true)
	if err != nil {
		return nil, err
	}
	// A month the period cuts counts only its days asked for, and says so.
	periods, err := trendPeriods(ctx, db, "month", "1 month", f.Period.From, f.Period.End(),
		f.Period.From.Format(time.DateTime), f.Period.End().Format(time.DateTime))
	if err != nil {
		return nil, err
	}
	args = append(args, periodArgs(periods)...)
	rows, err := db.QueryContext(ctx, Template("severity_months", map[string]string{"Where": cond, "Month": periodOf("opened_at", len(periods))}), args...)
	if err != nil {
		return nil, fmt.Errorf("calls by severity per month: %w", err)
	}
	defer rows.Close()
	m := &report.Measures{
		Title: "Calls opened by severity per month",
		Columns: []report.Measure{{Name: "month"}, {Name: "Sev 1", Unit: "calls"}, {Name: "Sev 2", Unit: "calls"},
			{Name: "Sev 3", Unit: "calls"}, {Name: "Sev 4", Unit: "calls"}, {Name: "Sev 5", Unit: "calls"},
			{Name: "not recognised", Unit: "calls"}, {Name: "all", Unit: "calls"}},
		Definitions: []string{"Calls opened in each month, by the severity they were given; not recognised: a severity label that could not be read."},
		Meta:        report.Meta{Filter: f},
		Structure: report.Structure{Sums: []report.Sum{{Whole: "all",
			Parts: []string{"Sev_1", "Sev_2", "Sev_3", "Sev_4", "Sev_5", "not_recognised"}}}},
	}
	counts := map[int][]any{} // by period
	for i, p := range periods {
		if !latest.Valid || p.start.After(latest.Time) || !p.stop.After(first.Time) {
			continue
		}
		counts[i] = []any{periodLabel(p.nominal, p.start, p.stop, "month"), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0)}
		m.Rows = append(m.Rows, counts[i])
	}
	for rows.Next() {
		var period int
		var sev sql.NullInt64
		var n int64
		if err := rows.Scan(&period, &sev, &n); err != nil {
			return nil, fmt.Errorf("calls by severity per month: %w", err)
		}
		row, ok := counts[period]
		if !ok {
			continue
		}
		i := 6
		if sev.Valid {
			i = int(sev.Int64)
		}
		row[i] = row[i].(int64) + n
		row[7] = row[7].(int64) + n
	}
	return m, rows.Err()
}

// topCategories keeps the n largest categories of a breakdown, and the rest as one.
func topCategories(r *report.Result, n int) *report.Measures {
	m := &report.Measures{
		Title:       "Top categories",
		Columns:     []report.Measure{{Name: "category"}, {Name: "calls", Unit: "calls"}, {Name: "share", Unit: "percent"}},
		Definitions: []string{fmt.Sprintf("The %d categories with the most calls opened in the period (by the profile's category rules, else the export's category), the rest together; share of all calls counted.", n)},
		Meta:        r.Meta,
		Structure: report.Structure{Total: "All", Size: "calls", Floor: 1, Ranked: true,
			Ratios: []report.Ratio{{Name: "share", Measure: "share_percent", Num: []string{"calls"}, Den: []string{"calls"}, OfTotal: true}}},
	}
	var rest int64
	for i, row := range r.Rows {
		if i < n {
			m.Rows = append(m.Rows, []any{row.Value, row.Calls, percent(row.Calls, r.Total)})
		} else {
			rest += row.Calls
		}
	}
	if rest > 0 {
		others := fmt.Sprintf("%d other categories", len(r.Rows)-n)
		m.Rows = append(m.Rows, []any{others, rest, percent(rest, r.Total)})
		m.Structure.Rest, m.Structure.RestFloor, m.Structure.RestShown = others, int64(len(r.Rows)-n), "other categories" // each has a call
	}
	m.Rows = append(m.Rows, []any{"All", r.Total, percent(r.Total, r.Total)})
	return m
}

// sessionLocation is the zone reports cut days in.
func sessionLocation(ctx context.Context, db *sql.DB) (*time.Location, error) {
	var zone string
	if err := db.QueryRowContext(ctx, "SELECT current_setting('TimeZone')").Scan(&zone); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", zone, err)
	}
	return loc, nil
}
