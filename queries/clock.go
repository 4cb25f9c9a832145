package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/deskstat/deskstat/report"
)

// SLATimeline reads the SLA clock of the call id (of every source that holds
// one so named) under policy.
func SLATimeline(ctx context.Context, db *sql.DB, id string, policy SLAPolicy) ([]report.Clock, error) {
	ctx = Once(ctx)
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	data, args, err := policy.clock(db, "severity", "ticket_id = $ticket_id", "value", []any{sql.Named("ticket_id", id)}, held.asOf.Time)
	if err != nil {
		return nil, err
	}
	data["Both"] = hasCalendar(db)            // a clock in calendar and working time
	data["History"], data["IDs"] = true, true // its states, under its id
	loc, err := sessionLocation(ctx, db)      // times as the export and the notes give them
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, Template("sla_timeline", data, "sla_clock"), args...)
	if err != nil {
		return nil, fmt.Errorf("SLA clock: %w", err)
	}
	defer rows.Close()
	var out []report.Clock
	for rows.Next() {
		var source, ticket string
		var status, phase sql.NullString
		var from, to, resolved sql.NullTime
		var c report.Clock
		var step sql.NullInt64
		var inHours float64
		var inWorking, hours, age, calRun, calPaused, workRun, workPaused sql.NullFloat64
		if err := rows.Scan(&source, &ticket, &status, &phase, &from, &to, &step, &inHours, &inWorking,
			&c.Opened, &c.Start, &c.End, &resolved, &c.Hours, &c.Paused, &c.Target, &hours, &age,
			&calRun, &calPaused, &workRun, &workPaused); err != nil {
			return nil, fmt.Errorf("SLA clock: %w", err)
		}
		c.Opened, c.Start, c.End = c.Opened.In(loc), c.Start.In(loc), c.End.In(loc)
		if len(out) == 0 || out[len(out)-1].Source != source {
			c.Source, c.TicketID = source, ticket
			if resolved.Valid {
				r := resolved.Time.In(loc)
				c.Resolved = &r
			}
			if workRun.Valid {
				c.Calendar = &report.ClockHours{Counted: calRun.Float64, Paused: calPaused.Float64}
				c.Working = &report.ClockHours{Counted: workRun.Float64, Paused: workPaused.Float64}
			}
			switch {
			case hours.Valid && hours.Float64 <= c.Target:
				c.Verdict = "met"
			case hours.Valid:
				c.Verdict = "breached"
			case age.Valid && age.Float64 > c.Target:
				c.Verdict = "open, past target"
			case age.Valid:
				c.Verdict = "open, within target"
			default:
				c.Verdict = "not judged: resolved before it was opened"
			}
			out = append(out, c)
		}
		if !from.Valid {
			continue // no events held: no states to show
		}
		cur := &out[len(out)-1]
		st := report.ClockStep{Status: status.String, Phase: phase.String, From: from.Time.In(loc), Hours: inHours}
		if step.Valid && step.Int64 == 0 {
			st.Status = "(before its first update with a time)"
		}
		if inWorking.Valid {
			st.Working = &inWorking.Float64
		}
		if to.Valid {
			t := to.Time.In(loc)
			st.To = &t
		}
		open := cur.Resolved == nil && !to.Valid // the state it is in now
		switch {
		case inHours == 0 && to.Valid && !to.Time.After(cur.Start):
			st.Clock = "before the clock started"
		case inHours == 0 && !from.Time.Before(cur.End) && !open:
			st.Clock = "after the clock stopped"
		case phase.String == "paused", phase.String == "resolved", phase.String == "closed":
			st.Clock = "paused"
		default:
			st.Clock = "counted"
		}
		if open {
			st.Clock += ", still open"
		}
		cur.Steps = append(cur.Steps, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("SLA clock: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no call %q with an SLA target is held (is its severity recognised, and its resolution known?)", id)
	}
	return out, nil
}

// SLACheck holds the SLA recomputed under policy against the export's own
// verdict (made_sla), per value of by and for all, over the calls with both.
func SLACheck(ctx context.Context, db *sql.DB, f report.Filter, by string, policy SLAPolicy) (*report.Measures, error) {
	col, order, cond, args, err := grouped(f, by)
	if err != nil {
		return nil, err
	}
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	clock, err := policy.clockWords(ctx, db, cond, args)
	if err != nil {
		return nil, err
	}
	m := &report.Measures{
		Title: "SLA recomputed against the export's own verdict, by " + strings.ReplaceAll(by, "_", " "),
		Columns: []report.Measure{{Name: by}, {Name: "calls", Unit: "calls"}, {Name: "agree", Unit: "calls"},
			{Name: "disagree", Unit: "calls"}, {Name: "met here, breached in the export", Unit: "calls"},
			{Name: "breached here, met in the export", Unit: "calls"}, {Name: "agree", Unit: "percent"}},
		Definitions: []string{
			"Calls: those with a target whose export gives its own SLA verdict (made_sla). Here: resolved within the target, or open and not yet past it, is met; resolved after it, or open and past it at the latest event held, is breached.",
			clock,
			"The export's verdict is its latest update's. 'deskstat sla --disagreements' lists the calls that disagree.",
		},
		Meta: report.Meta{Filter: f},
		Structure: report.Structure{Total: "All", Size: "calls", Floor: 1,
			Sums: []report.Sum{{Whole: "calls", Parts: []string{"agree", "disagree"}},
				{Whole: "disagree", Parts: []string{"met_here_breached_in_the_export", "breached_here_met_in_the_export"}}},
			Ratios: []report.Ratio{{Name: "agree", Measure: "agree_percent", Num: []string{"agree"}, Den: []string{"calls"}}}},
	}
	m.Structure.Ranked = !col.Numeric
	data, qargs, err := policy.clock(db, Ident(col.Name), cond, order, args, held.asOf.Time)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, Template("sla_check", data, "sla_clock"), qargs...)
	if err != nil {
		return nil, fmt.Errorf("SLA check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var total bool
		var value sql.NullString
		var calls, agree, disagree, metHere, breachedHere int64
		var pct sql.NullFloat64
		if err := rows.Scan(&total, &value, &calls, &agree, &disagree, &metHere, &breachedHere, &pct); err != nil {
			return nil, fmt.Errorf("SLA check: %w", err)
		}
		m.Rows = append(m.Rows, []any{groupLabel(total, value, col), calls, agree, disagree, metHere, breachedHere, float(pct)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("SLA check: %w", err)
	}
	if len(m.Rows) > 0 && m.Rows[len(m.Rows)-1][1].(int64) == 0 {
		return nil, errors.New("no call counted has both an SLA target and the export's own verdict (a made_sla column): nothing to check against")
	}
	if err := describe(ctx, db, f, cond, args, &m.Meta); err != nil {
		return nil, err
	}
	return m, leftUnmeasured(ctx, db, cond, args, &m.Meta)
}

// SLADisagreements lists the calls whose recomputed SLA disagrees with the
// export's own verdict: ids, severity, hours counted and paused, target, both
// verdicts.
func SLADisagreements(ctx context.Context, db *sql.DB, f report.Filter, policy SLAPolicy) (*report.Grid, error) {
	cond, args, err := where(f, true)
	if err != nil {
		return nil, err
	}
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	var verdicts int64
	if err := db.QueryRowContext(ctx, "SELECT count(made_sla) FROM tickets WHERE "+cond, args...).Scan(&verdicts); err != nil {
		return nil, fmt.Errorf("SLA disagreements: %w", err)
	}
	if verdicts == 0 {
		return nil, errors.New("no call counted has the export's own SLA verdict (a made_sla column): nothing to disagree with")
	}
	data, qargs, err := policy.clock(db, "severity", cond, "value", args, held.asOf.Time)
	if err != nil {
		return nil, err
	}
	data["IDs"] = true
	rows, err := db.QueryContext(ctx, Template("sla_disagree", data, "sla_clock"), qargs...)
	if err != nil {
		return nil, fmt.Errorf("SLA disagreements: %w", err)
	}
	defer rows.Close()
	g := &report.Grid{Columns: []string{"ticket_id", "severity", "hours counted", "hours paused", "target hours", "here", "export"},
		Numbers: []string{"hours counted", "hours paused", "target hours"}}
	verdict := map[bool]string{true: "met", false: "breached"}
	for rows.Next() {
		var id, sev string
		var run, paused, target float64
		var met, made bool
		if err := rows.Scan(&id, &sev, &run, &paused, &target, &met, &made); err != nil {
			return nil, fmt.Errorf("SLA disagreements: %w", err)
		}
		g.Rows = append(g.Rows, []string{id, "Sev " + sev, fmt.Sprintf("%.1f", run), fmt.Sprintf("%.1f", paused),
			fmt.Sprintf("%g", target), verdict[met], verdict[made]})
	}
	return g, rows.Err()
}
