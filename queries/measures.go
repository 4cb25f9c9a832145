package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/deskstat/deskstat/report"
)

// The definitions every report of time to resolve and SLA states.
const (
	defTimeToResolve = "Time to resolve: the resolved time (the export's, else when the call's status last became resolved, else the closed time) minus the opened time, in hours of calendar time; calls resolved before they were opened are left out of the times and counted apart."
	defPercentiles   = "Median and 90th percentile interpolate between the two nearest calls (as Excel's PERCENTILE.INC); mean is the arithmetic mean."
)

// Resolution reports time to resolve per value of by, and for all calls.
func Resolution(ctx context.Context, db *sql.DB, f report.Filter, by string) (*report.Measures, error) {
	col, order, cond, args, err := grouped(f, by)
	if err != nil {
		return nil, err
	}
	m := &report.Measures{
		Title: "Time to resolve by " + strings.ReplaceAll(by, "_", " "),
		Columns: []report.Measure{{Name: by}, {Name: "calls", Unit: "calls"}, {Name: "resolved", Unit: "calls"},
			{Name: "still open", Unit: "calls"}, {Name: "resolved before opened", Unit: "calls"},
			{Name: "median", Unit: "hours"}, {Name: "90th percentile", Unit: "hours"}, {Name: "mean", Unit: "hours"},
			{Name: "timed", Unit: "percent"}, {Name: "reopened", Unit: "percent"},
			{Name: "mean reassignments", Unit: "times"}},
		Definitions: []string{defTimeToResolve, defPercentiles,
			"Timed: the share of the calls counted whose time to resolve is measured (resolved or closed, and not before opened): the median, percentile and mean rest on these.",
			"Reopened: the share of calls reopened at least once; mean reassignments: how often a call went to another group; both only over the calls whose export counts them (else -)."},
		Meta:   report.Meta{Filter: f},
		Charts: []report.Chart{{Title: "Median time to resolve (hours)", Kind: "bar", Columns: []int{5}}},
		Structure: report.Structure{Total: "All", Size: "calls", Floor: 1,
			Sums: []report.Sum{{Whole: "calls", Parts: []string{"resolved", "still_open"}}},
			Ratios: []report.Ratio{{Name: "timed", Measure: "timed_percent", Den: []string{"calls"}},
				{Name: "reopened", Measure: "reopened_percent", Den: []string{"calls"}}},
			Timed: &report.Timed{Measures: []string{"median_hours", "90th_percentile_hours", "mean_hours"},
				Plus: []string{"resolved"}, Minus: []string{"resolved_before_opened"}},
			Means: []string{"mean_hours", "mean_working_time_hours", "mean_reassignments"}},
	}
	m.Structure.Ranked = !col.Numeric
	working := hasCalendar(db)
	if working {
		m.Columns = append(m.Columns, report.Measure{Name: "median, working time", Unit: "hours"},
			report.Measure{Name: "90th percentile, working time", Unit: "hours"}, report.Measure{Name: "mean, working time", Unit: "hours"})
		m.Definitions = append(m.Definitions, "Working time: the same span counting only the profile's working hours, less weekends and holidays.")
		m.Structure.Timed.Measures = append(m.Structure.Timed.Measures, "median_working_time_hours", "90th_percentile_working_time_hours", "mean_working_time_hours")
	}
	if !f.AsAt.IsZero() {
		loc, err := sessionLocation(ctx, db)
		if err != nil {
			return nil, err
		}
		m.Definitions = append(m.Definitions, asAtWords(f.AsAt, loc))
		args = append(args, sql.Named("as_at", f.AsAt.Format(time.RFC3339Nano)))
	}
	q := Template("resolution", map[string]any{"By": Ident(col.Name), "Where": cond, "Order": order, "Working": working, "AsAt": !f.AsAt.IsZero()})
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("time to resolve: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var total bool
		var value sql.NullString
		var calls, resolved, open, negative, timed, reopenKnown, reassignKnown int64
		var median, p90, mean, reopened, reassigned, wMedian, wP90, wMean sql.NullFloat64
		dest := []any{&total, &value, &calls, &resolved, &open, &negative, &timed, &median, &p90, &mean, &reopened, &reassigned,
			&reopenKnown, &reassignKnown}
		if working {
			dest = append(dest, &wMedian, &wP90, &wMean)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("time to resolve: %w", err)
		}
		row := []any{groupLabel(total, value, col), calls, resolved, open, negative,
			float(median), float(p90), float(mean), percent(timed, calls), float(reopened), float(reassigned)}
		if working {
			row = append(row, float(wMedian), float(wP90), float(wMean))
		}
		m.Rows = append(m.Rows, row)
		if total {
			for _, k := range []struct {
				what, measure string
				n             int64
			}{{"reopen counts", "reopened_percent", reopenKnown}, {"reassignment counts", "mean_reassignments", reassignKnown}} {
				if d := known(k.what, k.n, calls); d != "" {
					m.Definitions = append(m.Definitions, d)
					m.Structure.Coverage = append(m.Structure.Coverage, d)
					m.Structure.Partial = append(m.Structure.Partial, k.measure)
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("time to resolve: %w", err)
	}
	if err := describe(ctx, db, f, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	return m, leftUnmeasured(ctx, db, cond, args, &m.Meta)
}

// Why measures of resolution leave calls out (unmeasured.sql).
const (
	ReasonResolutionUnknown = "resolution not known: the export has no resolved time or status"
	ReasonStatusUnknown     = "resolution not known: no resolved time, and a status deskstat cannot read (describe lists it; the profile's *_states name it)"
	ReasonResolvedUntimed   = "resolved by their status at a time the export does not give"
)

// leftUnmeasured says in meta which calls cond admits that measures of resolution
// leave out, and why.
func leftUnmeasured(ctx context.Context, db *sql.DB, cond string, args []any, meta *report.Meta) error {
	held, err := span(ctx, db)
	if err != nil {
		return err
	}
	if held.unmeasured == 0 {
		return nil // none held: none of these
	}
	var unknown, status, untimed int64
	if err := db.QueryRowContext(ctx, Template("unmeasured", map[string]string{"Where": cond}), args...).Scan(&unknown, &status, &untimed); err != nil {
		return fmt.Errorf("calls not measured: %w", err)
	}
	for _, l := range []report.LeftOut{{Calls: unknown, Reason: ReasonResolutionUnknown},
		{Calls: status, Reason: ReasonStatusUnknown}, {Calls: untimed, Reason: ReasonResolvedUntimed}} {
		if l.Calls > 0 {
			meta.LeftOut = append(meta.LeftOut, l)
		}
	}
	return nil
}

// unmeasured says whether meta notes calls that measures of resolution leave out.
func unmeasured(meta report.Meta) bool {
	return slices.ContainsFunc(meta.LeftOut, func(l report.LeftOut) bool {
		return l.Reason == ReasonResolutionUnknown || l.Reason == ReasonStatusUnknown || l.Reason == ReasonResolvedUntimed
	})
}

// SLAPolicy is how calls are judged against their targets.
type SLAPolicy struct {
	// Targets are the resolution targets of severities 1 to 5, in hours (0: none).
	Targets []float64
	// IgnorePauses runs the clock through waiting states; by default it stops
	// while a call's status is a paused one (an event log's), or resolved before
	// the call was reopened.
	IgnorePauses bool
	// Working counts the profile's working hours only (with a calendar).
	Working bool
	// Restart starts the clock again when a resolved call is reopened.
	Restart bool
	// Groups are the targets of the calls of one value of a column (a supplier, a
	// team), in place of Targets: the first group a call belongs to.
	Groups []SLAGroup
}

// SLAGroup is the targets (severities 1 to 5, in hours; 0: none) of the calls
// whose Column is Value (case-insensitive).
type SLAGroup struct {
	Column, Value string
	Targets       []float64
}

// SLAGroupColumns are the columns targets may be set per value of.
var SLAGroupColumns = []string{"supplier", "assignment_group", "service", "category"}

// DefaultSLA is the policy when the profile gives none: targets of 4 hours, 8
// hours, 3 days, 5 days and 10 days for severities 1 to 5, in calendar time, the
// clock paused in waiting states.
var DefaultSLA = SLAPolicy{Targets: []float64{4, 8, 72, 120, 240}}

// clock is the template data and parameters of sla_clock.sql for the calls cond
// admits, grouped by col, under policy, as of asOf.
func (policy SLAPolicy) clock(db *sql.DB, col, cond, order string, args []any, asOf time.Time) (map[string]any, []any, error) {
	if policy.Working && !hasCalendar(db) {
		return nil, nil, errors.New("SLA in working time: the profile gives no working_hours")
	}
	qargs := append(append([]any{}, args...), sql.Named("as_of", asOf.Format(time.RFC3339Nano)))
	// The target of a call: by severity, of the first group it belongs to, else
	// the policy's.
	bySeverity := func(prefix string, targets []float64) string {
		var b strings.Builder
		b.WriteString("CASE severity")
		for sev := 1; sev <= 5; sev++ {
			var t any // no target: the severity's calls are not judged
			if sev <= len(targets) && targets[sev-1] > 0 {
				t = targets[sev-1]
			}
			name := fmt.Sprintf("%s_%d", prefix, sev)
			qargs = append(qargs, sql.Named(name, t))
			fmt.Fprintf(&b, " WHEN %d THEN $%s", sev, name)
		}
		b.WriteString(" END")
		return b.String()
	}
	target := bySeverity("target", policy.Targets)
	if len(policy.Groups) > 0 {
		var b strings.Builder
		b.WriteString("CASE")
		for i, g := range policy.Groups {
			if !slices.Contains(SLAGroupColumns, g.Column) {
				return nil, nil, fmt.Errorf("SLA targets by %s: want one of %s", g.Column, strings.Join(SLAGroupColumns, ", "))
			}
			name := fmt.Sprintf("group_%d", i+1)
			qargs = append(qargs, sql.Named(name, g.Value))
			fmt.Fprintf(&b, " WHEN lower(%s) = lower($%s) THEN %s", Ident(g.Column), name, bySeverity(name+"_target", g.Targets))
		}
		fmt.Fprintf(&b, " ELSE %s END", target)
		target = b.String()
	}
	var events bool
	if err := db.QueryRow("SELECT EXISTS (SELECT 1 FROM events)").Scan(&events); err != nil {
		return nil, nil, fmt.Errorf("SLA: events: %w", err)
	}
	data := map[string]any{"By": col, "Where": cond, "Order": order, "Pause": !policy.IgnorePauses,
		"Working": policy.Working, "Restart": policy.Restart, "Target": target, "Both": false,
		"History": events && (!policy.IgnorePauses || policy.Restart), "IDs": false, "AsAt": false}
	return data, qargs, nil
}

// groupWords says the targets set per group, for the definitions: "" for none.
func (policy SLAPolicy) groupWords() string {
	var b strings.Builder
	for _, g := range policy.Groups {
		var tgt []string
		for sev := 1; sev <= 5; sev++ {
			if sev <= len(g.Targets) && g.Targets[sev-1] > 0 {
				tgt = append(tgt, fmt.Sprintf("Sev %d within %s", sev, targetWords(g.Targets[sev-1], policy.Working)))
			} else {
				tgt = append(tgt, fmt.Sprintf("Sev %d none", sev))
			}
		}
		fmt.Fprintf(&b, " For calls whose %s is %s: %s.", strings.ReplaceAll(g.Column, "_", " "), g.Value, strings.Join(tgt, ", "))
	}
	return b.String()
}

// clockWords says how the clock runs, for the definitions.
func (policy SLAPolicy) clockWords(ctx context.Context, db *sql.DB, cond string, args []any) (string, error) {
	var b strings.Builder
	b.WriteString("SLA clock: it runs from opening")
	if policy.Restart {
		b.WriteString(" (from the last reopening, for a call reopened)")
	}
	b.WriteString(" to resolution (else closing), in ")
	if policy.Working {
		b.WriteString("working hours (the profile's)")
	} else {
		b.WriteString("calendar time")
	}
	if policy.IgnorePauses {
		b.WriteString(", through every state.")
		return b.String(), nil
	}
	var paused []string
	var history bool
	rows, err := db.QueryContext(ctx, Template("pause_states", map[string]string{"Where": cond}), args...)
	if err != nil {
		return "", fmt.Errorf("SLA: pause states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status sql.NullString
		var any bool
		if err := rows.Scan(&status, &any); err != nil {
			return "", fmt.Errorf("SLA: pause states: %w", err)
		}
		if status.Valid {
			paused = append(paused, status.String)
		} else {
			history = any
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("SLA: pause states: %w", err)
	}
	if len(paused) == 0 {
		if history {
			b.WriteString("; it would stop while a call waits, but no status in the calls' history of updates is a waiting one.")
		} else {
			b.WriteString("; the calls hold no history of updates, so it runs through any wait.")
		}
		return b.String(), nil
	}
	more := ""
	if len(paused) > 8 {
		paused, more = paused[:8], " ..."
	}
	fmt.Fprintf(&b, "; it stops while a call waits (%s%s) and while resolved before a reopening, by the export's history of updates; calls with no such history run throughout.", strings.Join(paused, ", "), more)
	return b.String(), nil
}

// asAtWords states the time calls are judged at, in the same words wherever it
// is, so that a pack states it once.
func asAtWords(at time.Time, loc *time.Location) string {
	return fmt.Sprintf("Calls are judged as at %s: one resolved later is still open here.", at.In(loc).Format("2 January 2006 15:04"))
}

// SLA reports, per value of by and for all calls with a target, how many calls met
// their severity's resolution target (targets[severity-1], in hours), how many
// breached it, and how many are still open, within it or already past it at the
// time of the latest event in the data.
func SLA(ctx context.Context, db *sql.DB, f report.Filter, by string, policy SLAPolicy) (*report.Measures, error) {
	targets := policy.Targets
	col, order, cond, args, err := grouped(f, by)
	if err != nil {
		return nil, err
	}
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	asOf := held.asOf
	loc, err := sessionLocation(ctx, db)
	if err != nil {
		return nil, err
	}
	aged := []string{fmt.Sprintf("Open calls are aged to the latest event in the data (%s): open, breached are already older than their target.", asOf.Time.In(loc).Format("2 January 2006 15:04"))}
	if !f.AsAt.IsZero() {
		asOf = sql.NullTime{Time: f.AsAt, Valid: true}
		aged = []string{asAtWords(f.AsAt, loc), "Open, breached: older than its target then."}
	}
	clock, err := policy.clockWords(ctx, db, cond, args)
	if err != nil {
		return nil, err
	}
	var tgt []string
	var none []int // severities with no target
	for sev := 1; sev <= 5; sev++ {
		if sev <= len(targets) && targets[sev-1] > 0 {
			tgt = append(tgt, fmt.Sprintf("Sev %d within %s", sev, targetWords(targets[sev-1], policy.Working)))
		} else {
			tgt = append(tgt, fmt.Sprintf("Sev %d none", sev))
			none = append(none, sev)
		}
	}
	m := &report.Measures{
		Title: "Resolution within target by " + strings.ReplaceAll(by, "_", " "),
		Columns: []report.Measure{{Name: by}, {Name: "calls", Unit: "calls"}, {Name: "met", Unit: "calls"},
			{Name: "breached", Unit: "calls"}, {Name: "open, breached", Unit: "calls"}, {Name: "open, within", Unit: "calls"},
			{Name: "met", Unit: "percent"}, {Name: "not judged", Unit: "calls"}},
		Charts: []report.Chart{{Title: "Resolved within target (%)", Kind: "bar", Columns: []int{6}}},
		Definitions: []string{
			"Targets (" + map[bool]string{false: "calendar", true: "working"}[policy.Working] + " time): " + strings.Join(tgt, ", ") + "." + policy.groupWords(),
			clock,
			"Met: resolved with the clock within its severity's target; breached: resolved after it. Met (%) is met over met plus breached.",
			"Not judged: calls resolved before they were opened. Calls with no target (their severity not recognised, or none set) are not counted here.",
		},
		Meta: report.Meta{Filter: f},
		Structure: report.Structure{Total: "All", Size: "calls", Floor: 1,
			Sums:   []report.Sum{{Whole: "calls", Parts: []string{"met", "breached", "open_breached", "open_within", "not_judged"}}},
			Ratios: []report.Ratio{{Name: "met", Measure: "met_percent", Num: []string{"met"}, Den: []string{"met", "breached"}}}},
	}
	m.Definitions = slices.Insert(m.Definitions, 3, aged...)
	m.Structure.Ranked = !col.Numeric
	data, qargs, err := policy.clock(db, Ident(col.Name), cond, order, args, asOf.Time)
	if err != nil {
		return nil, err
	}
	data["AsAt"] = !f.AsAt.IsZero()
	q := Template("sla", data, "sla_clock")
	rows, err := db.QueryContext(ctx, q, qargs...)
	if err != nil {
		return nil, fmt.Errorf("SLA: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var total bool
		var value sql.NullString
		var calls, met, breached, openBreached, openWithin int64
		var pct sql.NullFloat64
		if err := rows.Scan(&total, &value, &calls, &met, &breached, &openBreached, &openWithin, &pct); err != nil {
			return nil, fmt.Errorf("SLA: %w", err)
		}
		m.Rows = append(m.Rows, []any{groupLabel(total, value, col), calls, met, breached, openBreached, openWithin, float(pct),
			calls - met - breached - openBreached - openWithin})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("SLA: %w", err)
	}
	if err := describe(ctx, db, f, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	if err := leftUnmeasured(ctx, db, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	// The calls with no target, said as the notes say what was not counted.
	if len(f.Severities) == 0 {
		if err := leftUnknown(ctx, db, f, &m.Meta); err != nil {
			return nil, err
		}
	}
	for _, sev := range none {
		if len(f.Severities) > 0 && !slices.Contains(f.Severities, sev) {
			continue
		}
		g := f
		g.Severities = []int{sev}
		c, a, err := where(g, true)
		if err != nil {
			return nil, err
		}
		var first, last sql.NullTime
		var n int64
		if err := db.QueryRowContext(ctx, Template("coverage", map[string]string{"Where": c}), a...).Scan(&first, &last, &n); err != nil {
			return nil, fmt.Errorf("SLA: %w", err)
		}
		if n > 0 {
			m.Meta.LeftOut = append(m.Meta.LeftOut, report.LeftOut{Calls: n, Reason: fmt.Sprintf("Sev %d has no target", sev)})
		}
	}
	return m, nil
}

// Intervals are the period lengths a trend can be cut into.
var Intervals = []string{"month", "week", "quarter"}

// Trend reports calls created and resolved per interval, and the backlog at each
// interval's end, over the period f asks for (else the data's span). Calls count
// whatever their opened date: a call opened before the period and resolved in it
// counts as resolved then.
func Trend(ctx context.Context, db *sql.DB, f report.Filter, interval string) (*report.Measures, error) {
	ctx = Once(ctx)
	step := map[string]string{"month": "1 month", "week": "1 week", "quarter": "3 months"}[interval]
	if step == "" {
		return nil, fmt.Errorf("interval %q: want one of %s", interval, strings.Join(Intervals, ", "))
	}
	all := f
	all.Period = report.Period{}
	cond, args, err := where(all, true)
	if err != nil {
		return nil, err
	}
	m := &report.Measures{
		Title: "Calls created and resolved per " + interval,
		Columns: []report.Measure{{Name: interval}, {Name: "created", Unit: "calls"}, {Name: "resolved", Unit: "calls"},
			{Name: "backlog at end", Unit: "calls"}},
		Definitions: []string{
			"Created: calls opened in the " + interval + ". Resolved: calls resolved (else closed) in the " + interval + ", whenever they were opened (one resolved before it was opened, when it was opened).",
			"Backlog at end: calls opened before the " + interval + "'s end and not resolved by then (by the latest event held, when the data ends sooner).",
			"A " + interval + " the period asked for cuts is counted only for the days asked for, and says which; " + interval + "s the data holds nothing of are not shown.",
		},
		Meta: report.Meta{Filter: f},
		Charts: []report.Chart{
			{Title: "Created and resolved per " + interval, Kind: "line", Columns: []int{1, 2}},
			{Title: "Backlog at each " + interval + "'s end", Kind: "bar", Columns: []int{3}},
		},
		Structure: report.Structure{Stock: &report.Stock{Stock: "backlog_at_end", In: "created", Out: "resolved"}},
	}
	// The periods run over what was asked for (else the calls' span), less those
	// wholly before the first call held or after the latest event held.
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	first, last, latest := held.first, held.last, held.latest
	// The calls the period admits are what the notes describe.
	pcond, pargs, err := where(f, true)
	if err != nil {
		return nil, err
	}
	if !first.Valid {
		return m, describe(ctx, db, f, pcond, pargs, &m.Meta)
	}
	// A period ending before the day of the first call held is not held.
	heldFrom := time.Date(first.Time.Year(), first.Time.Month(), first.Time.Day(), 0, 0, 0, 0, time.UTC)
	from, to := f.Period.From, f.Period.End()
	if from.IsZero() || to.IsZero() {
		var n int64
		if err := db.QueryRowContext(ctx, Template("coverage", map[string]string{"Where": cond}), args...).Scan(&first, &last, &n); err != nil {
			return nil, fmt.Errorf("trend: %w", err)
		}
		if !first.Valid { // no call matches: the span of all held
			first, last = latest, latest
		}
		if from.IsZero() {
			from = first.Time
		}
		if to.IsZero() {
			// To the latest event held, so that the last backlog is the calls open
			// now: calls resolve after the last one opens.
			to = last.Time
			if latest.Valid && latest.Time.After(to) {
				to = latest.Time
			}
			to = to.Add(time.Second)
		}
	}
	bound := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.Format(time.DateTime)
	}
	unit := map[string]string{"month": "month", "week": "week", "quarter": "quarter"}[interval]
	periods, err := trendPeriods(ctx, db, unit, step, from, to, bound(f.Period.From), bound(f.Period.End()))
	if err != nil {
		return nil, err
	}
	if len(periods) == 0 {
		return m, describe(ctx, db, f, pcond, pargs, &m.Meta)
	}
	qargs := append(append([]any{}, args...), periodArgs(periods)...)
	rows, err := db.QueryContext(ctx, Template("trend", map[string]string{"Where": cond,
		"Created": periodOf("opened_at", len(periods)), "Resolved": periodOf("done_at", len(periods))}), qargs...)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	defer rows.Close()
	created, resolved := make([]int64, len(periods)), make([]int64, len(periods))
	var backlog int64 // open at the first period's start
	for rows.Next() {
		var isCreated, isResolved bool
		var period sql.NullInt64
		var n, openBefore int64
		if err := rows.Scan(&isCreated, &isResolved, &period, &n, &openBefore); err != nil {
			return nil, fmt.Errorf("trend: %w", err)
		}
		switch {
		case isCreated && period.Valid:
			created[period.Int64] = n
		case isResolved && period.Valid:
			resolved[period.Int64] = n
		case !isCreated && !isResolved:
			backlog = openBefore
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	for i, p := range periods {
		backlog += created[i] - resolved[i]
		if !p.stop.After(heldFrom) || p.start.After(latest.Time) {
			continue
		}
		if len(m.Rows) == 0 {
			// The backlog before the first period is not printed: a reader knows it
			// only when it is none (the log starts then).
			m.Structure.Stock.StartKnown = backlog-created[i]+resolved[i] == 0
		}
		m.Rows = append(m.Rows, []any{periodLabel(p.nominal, p.start, p.stop, interval), created[i], resolved[i], backlog})
	}
	if err := describe(ctx, db, f, pcond, pargs, &m.Meta); err != nil {
		return nil, err
	}
	// The calls left out are left out of every period, and of every backlog.
	if err := leftUnmeasured(ctx, db, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	if unmeasured(m.Meta) {
		m.Definitions = append(m.Definitions, "Only calls whose resolution is known are counted, as created too, so that each backlog is the last one plus created less resolved (see the calls not counted).")
	}
	return m, nil
}

// trendPeriod is one of a trend's periods: its nominal start, start and stop as
// local times, and its start and stop as instants.
type trendPeriod struct {
	nominal, start, stop time.Time
	startAt, stopAt      time.Time
}

// trendPeriods lists the periods of one unit (step long) from from to to, cut by
// cutFrom and cutTo (nil: not cut), in the session's zone.
func trendPeriods(ctx context.Context, db *sql.DB, unit, step string, from, to time.Time, cutFrom, cutTo any) ([]trendPeriod, error) {
	rows, err := db.QueryContext(ctx, Template("trend_periods", map[string]string{"Step": "'" + step + "'", "Unit": unit}),
		sql.Named("from", from.Format(time.DateTime)), sql.Named("to", to.Format(time.DateTime)),
		sql.Named("cut_from", cutFrom), sql.Named("cut_to", cutTo))
	if err != nil {
		return nil, fmt.Errorf("trend periods: %w", err)
	}
	defer rows.Close()
	var out []trendPeriod
	for rows.Next() {
		var p trendPeriod
		if err := rows.Scan(&p.nominal, &p.start, &p.stop, &p.startAt, &p.stopAt); err != nil {
			return nil, fmt.Errorf("trend periods: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// periodOf is the number (from 0) of the period of n that a time column's value
// falls in, or NULL: a search of the periods' stops ($stop_0 ...; periodArgs), which
// follow one another from $first, halving the periods left at each test (a week's
// trend over years has hundreds). It is far cheaper than a join of calls to
// periods, or a time-zone conversion of every call.
func periodOf(col string, n int) string {
	var search func(lo, hi int) string
	search = func(lo, hi int) string {
		if hi-lo == 1 {
			return fmt.Sprint(lo)
		}
		mid := (lo + hi) / 2
		return fmt.Sprintf("CASE WHEN %s < $stop_%d THEN %s ELSE %s END", col, mid-1, search(lo, mid), search(mid, hi))
	}
	return fmt.Sprintf("CASE WHEN %s IS NULL OR %s < $first OR %s >= $stop_%d THEN NULL ELSE %s END",
		col, col, col, n-1, search(0, n))
}

// periodArgs are the parameters of periodOf.
func periodArgs(periods []trendPeriod) []any {
	args := []any{sql.Named("first", periods[0].startAt)}
	for i, p := range periods {
		args = append(args, sql.Named(fmt.Sprintf("stop_%d", i), p.stopAt))
	}
	return args
}

// periodLabel names a period by its nominal start ("2014-11", "week of 2014-06-30",
// "2014 Q4"), and says so when the period asked for cuts it: "2014-11 (from 15 Nov)".
func periodLabel(nominal, start, stop time.Time, interval string) report.Span {
	var label string
	var full time.Time
	switch interval {
	case "week":
		label, full = "week of "+nominal.Format("2006-01-02"), nominal.AddDate(0, 0, 7)
	case "quarter":
		label, full = fmt.Sprintf("%d Q%d", nominal.Year(), (int(nominal.Month())+2)/3), nominal.AddDate(0, 3, 0)
	default:
		label, full = nominal.Format("2006-01"), nominal.AddDate(0, 1, 0)
	}
	cutStart, cutStop := start.After(nominal), stop.Before(full)
	last := stop.Add(-time.Nanosecond)
	switch {
	case cutStart && cutStop:
		label += fmt.Sprintf(" (%s to %s)", start.Format("2 Jan"), last.Format("2 Jan"))
	case cutStart:
		label += fmt.Sprintf(" (from %s)", start.Format("2 Jan"))
	case cutStop:
		label += fmt.Sprintf(" (to %s)", last.Format("2 Jan"))
	}
	s := report.Span{Label: label, Start: nominal, From: start, Until: stop}
	if !cutStart && !cutStop && interval != "quarter" {
		s.Whole = interval
	}
	return s
}

// grouped checks a --by column and gives the order its groups are listed in, and
// the filter as SQL.
func grouped(f report.Filter, by string) (col Column, order, cond string, args []any, err error) {
	if col, order, err = groupColumn(by, f); err != nil {
		return
	}
	cond, args, err = where(f, true)
	return
}

// groupColumn checks a --by column and gives the order its groups are listed in.
func groupColumn(by string, f report.Filter) (Column, string, error) {
	col, err := LookupColumn(by, f.Personal)
	if err != nil {
		return col, "", fmt.Errorf("--by: %w", err)
	}
	order := "calls DESC, value"
	if col.Numeric {
		order = "TRY_CAST(value AS INTEGER) NULLS LAST"
	}
	return col, order, nil
}

func groupLabel(total bool, v sql.NullString, col Column) string {
	switch {
	case total:
		return "All"
	case !v.Valid && col.Name == "severity":
		return "not recognised"
	case !v.Valid:
		return ""
	case col.Name == "severity", col.Name == "severity_opened", col.Name == "severity_highest":
		return "Sev " + v.String
	case v.String == "All":
		return `"All"` // a group so named, not the total
	}
	return v.String
}

// known says what share of the calls counted a measure could use, when some but not
// all: "The export gives reopen counts for 80.0% of the calls counted." A share, not
// counts, so that it gives nothing away under disclosure control.
func known(what string, n, calls int64) string {
	if n == 0 || n == calls {
		return ""
	}
	return fmt.Sprintf("The export gives %s for %.1f%% of the calls counted.", what, 100*float64(n)/float64(calls))
}

func float(v sql.NullFloat64) any {
	if !v.Valid {
		return nil
	}
	return v.Float64
}

func percent(n, of int64) any {
	if of == 0 {
		return nil
	}
	return 100 * float64(n) / float64(of)
}

// targetWords says a target in words: "4 hours", "3 days".
func targetWords(h float64, working bool) string {
	if working {
		return fmt.Sprintf("%g working %s", h, report.Plural(int64(h), "hour", "hours"))
	}
	if h >= 24 && h == float64(int(h/24))*24 {
		d := int64(h / 24)
		return fmt.Sprintf("%d %s", d, report.Plural(d, "day", "days"))
	}
	if h == 1 {
		return "1 hour"
	}
	return fmt.Sprintf("%g hours", h)
}

// Compare sets the groups of by (suppliers, teams ...) side by side: one column a
// group, one row a measure, over the same calls and with the same definitions, and
// for time to resolve and SLA met each group's difference against the best.
func Compare(ctx context.Context, db *sql.DB, f report.Filter, by string, policy SLAPolicy) (*report.Measures, error) {
	ctx = Once(ctx)
	res, err := Resolution(ctx, db, f, by)
	if err != nil {
		return nil, err
	}
	sla, err := SLA(ctx, db, f, by, policy)
	if err != nil {
		return nil, err
	}
	var groups []string
	resRow, slaRow := map[string][]any{}, map[string][]any{}
	for _, row := range res.Rows {
		g := row[0].(string)
		groups = append(groups, g)
		resRow[g] = row
	}
	for _, row := range sla.Rows {
		slaRow[row[0].(string)] = row
	}
	m := &report.Measures{
		Title:       "Compared by " + strings.ReplaceAll(by, "_", " "),
		Columns:     []report.Measure{{Name: "measure"}},
		Definitions: append(append([]string{}, res.Definitions...), sla.Definitions[:4]...),
		Meta:        res.Meta,
		Structure: report.Structure{GroupsAcross: true, Total: "All", Size: "calls", Floor: 1, Ranked: res.Structure.Ranked,
			Sums: []report.Sum{{Whole: "calls", Parts: []string{"resolved", "still open"}},
				{Whole: "still open", Parts: []string{"open past target"}, Rest: true}}},
	}
	for _, g := range groups {
		if g == "" {
			g = "(blank)"
		}
		m.Columns = append(m.Columns, report.Measure{Name: g})
	}
	type measure struct {
		name        string
		from        *report.Measures
		key         string // the column's key in from
		lowerBetter *bool  // nil: not ranked
	}
	lower, higher := true, false
	measures := []measure{
		{"calls", res, "calls", nil},
		{"resolved", res, "resolved", nil},
		{"still open", res, "still_open", nil},
		{"median time to resolve (h)", res, "median_hours", &lower},
		{"90th percentile (h)", res, "90th_percentile_hours", &lower},
		{"mean time to resolve (h)", res, "mean_hours", &lower},
		{"median, working time (h)", res, "median_working_time_hours", &lower},
		{"90th percentile, working time (h)", res, "90th_percentile_working_time_hours", &lower},
		{"mean, working time (h)", res, "mean_working_time_hours", &lower},
		{"resolved within target (%)", sla, "met_percent", &higher},
		{"open past target", sla, "open_breached", nil},
		{"timed (%)", res, "timed_percent", nil},
		{"reopened (%)", res, "reopened_percent", &lower},
		{"mean reassignments", res, "mean_reassignments", &lower},
	}
	rowOf := map[*report.Measures]map[string][]any{res: resRow, sla: slaRow}
	st := &m.Structure
	st.Ratios = []report.Ratio{
		{Name: "met", Measure: "resolved within target (%)", Den: []string{"resolved"}, OverTimed: true},
		{Name: "timed", Measure: "timed (%)", Den: []string{"calls"}},
		{Name: "reopened", Measure: "reopened (%)", Den: []string{"calls"}}}
	st.Timed = &report.Timed{Share: "timed (%)"}
	st.Against = map[string]string{}
	// Figures are compared as shown, to one decimal place. All, and calls with no
	// group, are not ranked.
	round := report.Shown
	ranked := func(g string) bool { return g != "All" && g != "" }
	var diffs [][]any
	for _, ms := range measures {
		col := ms.from.Column(ms.key)
		if col < 0 {
			continue // working time, when the profile gives none
		}
		row := []any{ms.name}
		if strings.HasSuffix(ms.key, "_hours") {
			st.Timed.Measures = append(st.Timed.Measures, ms.name)
		}
		if slices.Contains(res.Structure.Partial, ms.key) {
			st.Partial = append(st.Partial, ms.name)
		}
		if slices.Contains(res.Structure.Means, ms.key) {
			st.Means = append(st.Means, ms.name)
		}
		var best *float64
		for _, g := range groups {
			var v any
			if r, ok := rowOf[ms.from][g]; ok {
				v = r[col]
			}
			row = append(row, v)
			if x, ok := v.(float64); ok && ms.lowerBetter != nil && ranked(g) {
				x = round(x)
				if best == nil || (*ms.lowerBetter && x < *best) || (!*ms.lowerBetter && x > *best) {
					best = &x
				}
			}
		}
		m.Rows = append(m.Rows, row)
		if ms.lowerBetter == nil || best == nil {
			continue
		}
		diff := []any{ms.name + ": against the best"}
		st.Against[diff[0].(string)] = ms.name
		for i, g := range groups {
			x, ok := row[i+1].(float64)
			if !ok || !ranked(g) {
				diff = append(diff, nil)
				continue
			}
			diff = append(diff, round(round(x)-*best))
		}
		diffs = append(diffs, diff)
	}
	m.Rows = append(m.Rows, diffs...)
	st.Coverage = res.Structure.Coverage
	m.Definitions = append(m.Definitions, "Against the best: each group's figure minus the best group's, as shown to one decimal place (the lowest time, the highest share met); All, and calls with no group, are not ranked.")
	return m, nil
}

// Ageing reports the calls open at the instant at by how long they had been open:
// 0-1, 2-5, 6-10, 11-30 and over 30 whole days, per value of by and for all. The
// filter's period does not apply: a call opened long before is still open.
func Ageing(ctx context.Context, db *sql.DB, f report.Filter, by string, at time.Time) (*report.Measures, error) {
	all := f
	all.Period = report.Period{}
	col, order, cond, args, err := grouped(all, by)
	if err != nil {
		return nil, err
	}
	m := &report.Measures{
		Title: "Open calls by age at " + at.Format("2 January 2006 15:04"),
		Columns: []report.Measure{{Name: by}, {Name: "open", Unit: "calls"}, {Name: "0-1 days", Unit: "calls"},
			{Name: "2-5 days", Unit: "calls"}, {Name: "6-10 days", Unit: "calls"}, {Name: "11-30 days", Unit: "calls"},
			{Name: "over 30 days", Unit: "calls"}},
		Definitions: []string{"Open: opened before " + at.Format("2 January 2006 15:04") +
			" and not resolved (or closed) by then, whenever opened; age in whole days of calendar time."},
		Meta:   report.Meta{Filter: f},
		Charts: []report.Chart{{Title: "Open calls by age", Kind: "stacked", Columns: []int{2, 3, 4, 5, 6}}},
		Structure: report.Structure{Total: "All", Size: "open", Floor: 1,
			Sums: []report.Sum{{Whole: "open", Parts: []string{"0-1_days", "2-5_days", "6-10_days", "11-30_days", "over_30_days"}}}},
	}
	m.Structure.Ranked = !col.Numeric
	q := Template("ageing", map[string]string{"By": Ident(col.Name), "Where": cond, "Order": order})
	rows, err := db.QueryContext(ctx, q, append(args, sql.Named("at", at.Format(time.RFC3339Nano)))...)
	if err != nil {
		return nil, fmt.Errorf("ageing: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var total bool
		var value sql.NullString
		var n [6]int64
		if err := rows.Scan(&total, &value, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5]); err != nil {
			return nil, fmt.Errorf("ageing: %w", err)
		}
		m.Rows = append(m.Rows, []any{groupLabel(total, value, col), n[0], n[1], n[2], n[3], n[4], n[5]})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ageing: %w", err)
	}
	if err := describe(ctx, db, f, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	return m, leftUnmeasured(ctx, db, cond, args, &m.Meta)
}
