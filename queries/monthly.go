package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zone names resolve on machines without a zone database

	"github.com/deskstat/deskstat/report"
)

// Monthly gathers the service manager's pack for the period f asks for: calls by
// severity per month and created against resolved, over the twelve months to the
// period's end (or the period, when longer); the open calls' ageing at its end;
// time to resolve and SLA by severity; the top categories; and, where calls have
// suppliers, the suppliers side by side.
func Monthly(ctx context.Context, db *sql.DB, f report.Filter, policy SLAPolicy) (*report.Pack, error) {
	if f.Period.From.IsZero() || f.Period.To.IsZero() {
		return nil, fmt.Errorf("the monthly pack needs a period: a month (2014-09) or --from and --to")
	}
	ctx = Once(ctx)
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	first, latest := held.first, held.latest
	trendFilter := f
	if start := f.Period.End().AddDate(-1, 0, 0); f.Period.From.After(start) {
		// Twelve months, but none before the first month the data holds.
		if first.Valid {
			held := time.Date(first.Time.Year(), first.Time.Month(), 1, 0, 0, 0, 0, start.Location())
			if held.After(start) {
				start = held
				if start.After(f.Period.From) {
					start = f.Period.From
				}
			}
		}
		trendFilter.Period = report.Period{From: start, To: f.Period.To, Months: true}
	}
	pack := &report.Pack{Title: "Service desk report", Meta: report.Meta{Filter: f}}

	bySev, err := severityMonths(ctx, db, trendFilter, first, latest)
	if err != nil {
		return nil, err
	}
	trend, err := Trend(ctx, db, trendFilter, "month")
	if err != nil {
		return nil, err
	}
	// These two look back over more months than the pack's period: say which.
	tp := trendFilter.Period
	months := fmt.Sprintf("Months: %s to %s", tp.From.Format("January 2006"), tp.To.Format("January 2006"))
	if tp != f.Period {
		months += " (the twelve months to the period's end, none before the first month held)"
	}
	bySev.Definitions = append([]string{months + "."}, bySev.Definitions...)
	trend.Definitions = append([]string{months + "."}, trend.Definitions...)
	// The backlog is aged at the period's end, midnight in the report's zone, or at
	// the latest event in the data when that is earlier.
	loc, err := sessionLocation(ctx, db)
	if err != nil {
		return nil, err
	}
	end := f.Period.End()
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
	resolution, err := Resolution(ctx, db, f, "severity")
	if err != nil {
		return nil, err
	}
	sla, err := SLA(ctx, db, f, "severity", policy)
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
	pack.Sections = []*report.Measures{bySev, trend, ageing, resolution, sla, top}
	suppliers, err := Breakdown(ctx, db, f, "supplier")
	if err != nil {
		return nil, err
	}
	if len(suppliers.Rows) > 1 || (len(suppliers.Rows) == 1 && suppliers.Rows[0].Value != "") {
		cmp, err := Compare(ctx, db, f, "supplier", policy)
		if err != nil {
			return nil, err
		}
		suppliers := make([]int, 0, len(cmp.Columns)-2)
		for i := 1; i < len(cmp.Columns)-1; i++ { // not the measure names, not All
			suppliers = append(suppliers, i)
		}
		cmp.Charts = []report.Chart{{Title: "Time to resolve by supplier (hours)", Kind: "bar",
			Columns: suppliers, Rows: []int{3, 4, 5}, Transpose: true}}
		pack.Sections = append(pack.Sections, cmp)
	}
	pack.Identities = packIdentities(pack.Sections, f.Period)
	pack.Meta = resolution.Meta
	return pack, nil
}

// The pack's sections, in order.
const (
	secSeverityMonths = iota
	secTrend
	secAgeing
	secResolution
	secSLA
	secCategories
	secCompare
)

// packIdentities are the sums that tie the pack's tables together: the period's
// calls by severity are the severity table's months added up, and the resolution,
// SLA, categories and suppliers tables count them again; the trend's created are
// the severity table's months; its last backlog is the ageing's open calls.
func packIdentities(secs []*report.Measures, p report.Period) []report.Identity {
	ref := func(table int, group, measure string) report.Ref {
		return report.Ref{Table: table, Group: group, Measure: measure}
	}
	var ids []report.Identity
	// Measures of resolution may leave out calls the counts include (their
	// resolution not known): then only the measures are tied to one another.
	whole := !unmeasured(secs[secResolution].Meta) && !unmeasured(secs[secTrend].Meta)
	var months []string // the severity table's months within the pack's period
	for _, row := range secs[secSeverityMonths].Rows {
		span := row[0].(report.Span)
		if !span.Start.Before(p.From) && span.Start.Before(p.End()) {
			months = append(months, span.Label)
		}
		if whole {
			ids = append(ids, report.Equal(ref(secTrend, span.Label, "created"), ref(secSeverityMonths, span.Label, "all")))
		}
	}
	for _, row := range secs[secResolution].Rows {
		g := row[0].(string)
		measure := "all"
		if g != "All" {
			measure = strings.ReplaceAll(g, " ", "_")
		}
		if p.Months && whole {
			var parts []report.Ref
			for _, m := range months {
				parts = append(parts, ref(secSeverityMonths, m, measure))
			}
			ids = append(ids, report.SumOf(ref(secResolution, g, "calls"), parts...))
		}
		ids = append(ids,
			report.Equal(ref(secResolution, g, "calls"), ref(secSLA, g, "calls")),
			report.SumOf(ref(secResolution, g, "resolved"), ref(secSLA, g, "met"), ref(secSLA, g, "breached"), ref(secSLA, g, "not_judged")),
			report.SumOf(ref(secResolution, g, "still_open"), ref(secSLA, g, "open_breached"), ref(secSLA, g, "open_within")),
			report.Equal(ref(secResolution, g, "resolved_before_opened"), ref(secSLA, g, "not_judged")))
	}
	if n := len(secs[secTrend].Rows); n > 0 {
		last := secs[secTrend].Rows[n-1][0].(report.Span).Label
		ids = append(ids, report.Equal(ref(secTrend, last, "backlog_at_end"), ref(secAgeing, "All", "open")))
	}
	if whole {
		ids = append(ids, report.Equal(ref(secCategories, "All", "calls"), ref(secResolution, "All", "calls")))
	}
	if len(secs) > secCompare {
		for _, m := range []string{"calls", "resolved", "still open"} {
			ids = append(ids, report.Equal(ref(secCompare, "All", m), ref(secResolution, "All", strings.ReplaceAll(m, " ", "_"))))
		}
		ids = append(ids, report.Equal(ref(secCompare, "All", "open past target"), ref(secSLA, "All", "open_breached")))
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
	periods, err := trendPeriods(ctx, db, "month", "1 month", f.Period.From, f.Period.End(), nil, nil)
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
	counts := map[string][]any{}
	for d := f.Period.From; d.Before(f.Period.End()) && latest.Valid && !d.After(latest.Time); d = d.AddDate(0, 1, 0) {
		if !d.AddDate(0, 1, 0).After(first.Time) {
			continue
		}
		month := d.Format("2006-01")
		counts[month] = []any{report.Span{Label: month, Start: d, Whole: "month"}, int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0)}
		m.Rows = append(m.Rows, counts[month])
	}
	for rows.Next() {
		var period int
		var sev sql.NullInt64
		var n int64
		if err := rows.Scan(&period, &sev, &n); err != nil {
			return nil, fmt.Errorf("calls by severity per month: %w", err)
		}
		row, ok := counts[periods[period].nominal.Format("2006-01")]
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
