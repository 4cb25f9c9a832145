package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/deskstat/deskstat/report"
)

// BaselineMonths is how many months before the month a change is judged against.
const BaselineMonths = 12

// RateRatio compares a count x over one period with y over k periods before it:
// the ratio of the rates, x / (y / k), and its exact 95% confidence interval by
// the conditional binomial method (given x + y, x is binomial with p = r / (r +
// k) for rate ratio r; Clopper-Pearson limits for p, as R's poisson.test gives).
// An infinite ratio or limit (no baseline calls) is NaN for the ratio, +Inf for
// the limit.
func RateRatio(x, y int64, k float64) (ratio, low, high float64) {
	n := float64(x + y)
	odds := func(p float64) float64 { return k * p / (1 - p) }
	switch {
	case y == 0 && x == 0:
		return math.NaN(), 0, math.Inf(1)
	case y == 0:
		ratio, high = math.NaN(), math.Inf(1)
	default:
		ratio = float64(x) * k / float64(y)
		high = odds(distuv.Beta{Alpha: float64(x) + 1, Beta: n - float64(x)}.Quantile(0.975))
	}
	if x > 0 {
		low = odds(distuv.Beta{Alpha: float64(x), Beta: n - float64(x) + 1}.Quantile(0.025))
	}
	return ratio, low, high
}

// NotJudged says why a month cannot be judged against the months before it, and
// what to ask instead.
type NotJudged struct{ Reason, Advice string }

func (e NotJudged) Error() string {
	if e.Advice == "" {
		return e.Reason
	}
	return e.Reason + ": " + e.Advice
}

// judgedMonth is the month a period asks to be judged (else the latest held
// whole), the months before it the baseline has (12, fewer where the data held
// starts later), and the days of each: the month's, and the baseline's the data
// holds (from the first call's day where the data starts within the baseline).
// The month must be wholly held and not the first held.
func judgedMonth(held heldSpan, p report.Period) (month time.Time, k, days, baseDays int, err error) {
	firstHeld, lastWhole, ok := held.wholeMonths()
	if !ok {
		return month, 0, 0, 0, NotJudged{Reason: "no calls held: no month to judge"}
	}
	month = monthStart(p.From)
	if p.From.IsZero() {
		month = lastWhole
	}
	from, to := held.first.Time.Format("2 January 2006"), held.latest.Time.Format("2 January 2006")
	advice := fmt.Sprintf("give a month from %s to %s", firstHeld.AddDate(0, 1, 0).Format("2006-01"), lastWhole.Format("2006-01"))
	switch {
	case !p.To.IsZero() && p.End().After(month.AddDate(0, 1, 0)):
		return month, 0, 0, 0, NotJudged{Reason: "changes are judged a month at a time", Advice: "give one month (2014-09)"}
	case month.Before(firstHeld):
		return month, 0, 0, 0, NotJudged{Reason: fmt.Sprintf("%s is before the calls held (%s to %s)", month.Format("January 2006"), from, to), Advice: advice}
	case month.After(lastWhole):
		return month, 0, 0, 0, NotJudged{Reason: fmt.Sprintf("%s is not wholly held (the calls held run from %s to %s)", month.Format("January 2006"), from, to), Advice: advice}
	case !month.After(firstHeld):
		return month, 0, 0, 0, NotJudged{Reason: fmt.Sprintf("%s is the first month held: there is no month before it to judge it against", month.Format("January 2006")), Advice: advice}
	}
	// The months of the baseline the data holds: a log that starts later has fewer.
	k = min(BaselineMonths, (month.Year()-firstHeld.Year())*12+int(month.Month()-firstHeld.Month()))
	for i := 1; i <= k; i++ {
		_, d := held.heldShare(month.AddDate(0, -i, 0))
		baseDays += d
	}
	_, days = held.heldShare(month)
	return month, k, days, baseDays, nil
}

// Changes reports, per value of by and for all, the calls opened in the month f
// asks for (else the latest month held) against the mean of the 12 months before:
// the rate ratio with its exact 95% interval, and a flag where the interval
// excludes 1 and the month has at least minCount calls.
func Changes(ctx context.Context, db *sql.DB, f report.Filter, by string, minCount int) (*report.Measures, error) {
	ctx = Once(ctx)
	col, _, err := groupColumn(by, f)
	if err != nil {
		return nil, err
	}
	held, err := span(ctx, db)
	if err != nil {
		return nil, err
	}
	month, k, days, baseDays, err := judgedMonth(held, f.Period)
	if err != nil {
		return nil, err
	}
	next, base := month.AddDate(0, 1, 0), month.AddDate(0, -BaselineMonths, 0)
	g := f
	g.Period = report.Period{}
	cond, args, err := where(g, true)
	if err != nil {
		return nil, err
	}
	f.Period = report.Period{From: month, To: next.AddDate(0, 0, -1)}
	m := &report.Measures{
		Title: fmt.Sprintf("Change in %s against the %d months before, by %s", month.Format("January 2006"), k, strings.ReplaceAll(by, "_", " ")),
		Columns: []report.Measure{{Name: by}, {Name: "count", Unit: "calls"}, {Name: fmt.Sprintf("last %d months", k), Unit: "calls"},
			{Name: "baseline mean", Unit: "calls a month"}, {Name: "rate ratio", Unit: "ratio"},
			{Name: "ci low", Unit: "ratio"}, {Name: "ci high", Unit: "ratio"}, {Name: "flag", Unit: "flag"}},
		Definitions: []string{
			fmt.Sprintf("Count: calls opened in %s (%d days); baseline mean: the calls of the %d months before (%d days held) at their rate a day, over %d days; rate ratio: the count over the baseline mean, the two rates a day; ci low and ci high: its exact 95%% confidence interval (the conditional binomial method, as R's poisson.test with the days as time bases).",
				month.Format("January 2006"), days, k, baseDays, days),
			fmt.Sprintf("Flag: up or down where the interval excludes 1 and the month has at least %d calls: a change unlikely to be noise. No flag is no evidence of no change.", minCount),
		},
		Meta:      report.Meta{Filter: f},
		Structure: report.Structure{Total: "All", Size: "count", Floor: 0},
	}
	base12 := report.Measure{Name: m.Columns[2].Name, Unit: "calls"}.Key()
	for _, name := range []string{"baseline_mean", "rate_ratio", "ci_low", "ci_high"} {
		// Each gives a count back with the other counts of its row: hidden where
		// one is hidden or small, and under rounding.
		m.Structure.Ratios = append(m.Structure.Ratios, report.Ratio{Name: strings.ReplaceAll(name, "_", " "), Measure: name,
			Num: []string{"count"}, Den: []string{"count", base12}})
		m.Structure.Means = append(m.Structure.Means, name)
	}
	if k < BaselineMonths {
		m.Definitions = append(m.Definitions, fmt.Sprintf("The data held starts %d months before %s: the baseline is those months.", k, month.Format("January 2006")))
	}
	if start := monthStart(held.first.Time); !start.Before(month.AddDate(0, -k, 0)) {
		if share, n := held.heldShare(start); share < 1 {
			m.Definitions = append(m.Definitions, fmt.Sprintf("The data held starts %s (its first call): %s counts for its %d %s from then.",
				held.first.Time.Format("2 January 2006"), start.Format("January 2006"), n, report.Plural(int64(n), "day", "days")))
		}
	}

	qargs := append(append([]any{}, args...), sql.Named("from", month.Format(time.DateTime)),
		sql.Named("to", next.Format(time.DateTime)), sql.Named("base", base.Format(time.DateTime)))
	rows, err := db.QueryContext(ctx, Template("changes", map[string]string{"By": Ident(col.Name), "Where": cond}), qargs...)
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	type group struct {
		label string
		x, y  int64
	}
	var groups []group
	var all group
	for rows.Next() {
		var v sql.NullString
		var gr group
		if err := rows.Scan(&v, &gr.x, &gr.y); err != nil {
			return nil, fmt.Errorf("changes: %w", err)
		}
		gr.label = groupLabel(false, v, col)
		if gr.label == "" {
			gr.label = "(blank)"
		}
		groups = append(groups, gr)
		all.x, all.y = all.x+gr.x, all.y+gr.y
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	// Groups in a table's order (orderGroups), by their calls this month.
	counts, at := map[string]int64{}, map[string]group{}
	for _, gr := range groups {
		counts[gr.label], at[gr.label] = gr.x, gr
	}
	var ordered []group
	for _, label := range orderGroups(counts, col.Numeric, false) {
		ordered = append(ordered, at[label])
	}
	all.label = "All"
	for _, gr := range append(ordered, all) {
		row := []any{gr.label, gr.x, gr.y}
		if k == 0 {
			m.Rows = append(m.Rows, append(row, nil, nil, nil, nil, nil))
			continue
		}
		exposure := float64(baseDays) / float64(days) // the baseline's time over the month's
		ratio, low, high := RateRatio(gr.x, gr.y, exposure)
		mean := float64(gr.y) / exposure
		flag := ""
		switch {
		case gr.x >= int64(minCount) && low > 1:
			flag = "up"
		case gr.x >= int64(minCount) && high < 1:
			flag = "down"
		}
		row = append(row, mean, finite(ratio), finite(low), finite(high), flag)
		m.Rows = append(m.Rows, row)
		if flag != "" {
			times := fmt.Sprintf("%.1fx", ratio)
			if math.IsNaN(ratio) {
				times = "none before"
			}
			s := fmt.Sprintf("%s: %d in %s against %.1f a month over the last %d: %s (95%% CI %.1f-%s).",
				gr.label, gr.x, month.Format("January 2006"), mean, k, times, low, upper(high))
			m.Definitions = append(m.Definitions, s)
			m.Structure.Coverage = append(m.Structure.Coverage, s) // counts: not under a policy
		}
	}
	m.Structure.Ranked = !col.Numeric
	margs := append(append([]any{}, args...), sql.Named("from", month.Format(time.DateTime)), sql.Named("to", next.Format(time.DateTime)))
	if err := describe(ctx, db, f, cond+" AND opened_at >= CAST($from AS TIMESTAMP) AND opened_at < CAST($to AS TIMESTAMP)", margs, &m.Meta); err != nil {
		return nil, err
	}
	return m, nil
}

// finite is a figure, or nil where it is not a number or infinite (not known).
func finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func upper(v float64) string {
	if math.IsInf(v, 1) {
		return "infinity"
	}
	return fmt.Sprintf("%.1f", v)
}
