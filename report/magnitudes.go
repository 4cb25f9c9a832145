package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// percentages hides a percentage whose numerator or denominator is hidden, or whose
// numerator (or the rest of its denominator) is small, given or estimated from the
// percentage and its denominator. Under rounding, a percentage is worked out again
// from the rounded counts, so that it says no more than they do.
func (l *layout) percentages(t *audit, secondary string) {
	m := l.m
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return
	}
	// judge says what a percentage p of num (or, when num < 0, an unknown count) over
	// den becomes.
	judge := func(p float64, num, den int, v any) any {
		if den < 0 || t.hidden(den) || num >= 0 && t.hidden(num) {
			return secondary
		}
		d := t.value(den)
		n := int64(math.Round(p * float64(d) / 100))
		if num >= 0 {
			n = t.value(num)
		}
		if n > 0 && n < t.th || d-n > 0 && d-n < t.th {
			return secondary
		}
		if !t.round {
			return v
		}
		if round5(d) == 0 {
			return nil
		}
		return 100 * float64(round5(n)) / float64(round5(d))
	}
	cell := func(i, j int) int {
		if c, ok := l.cells[[2]int{i, j}]; ok {
			return c
		}
		return -1
	}
	if !l.transposed {
		col := map[string]int{}
		allRow := -1
		for j := len(m.Columns) - 1; j >= 1; j-- {
			if m.Columns[j].Unit == "calls" {
				col[m.Columns[j].Name] = j
			}
		}
		for i := range m.Rows {
			if l.isTotal(i) {
				allRow = i
			}
		}
		for i, row := range m.Rows {
			if l.unitHidden(t, i) {
				continue
			}
			for j := 1; j < len(row); j++ {
				p, ok := row[j].(float64)
				if !ok || m.Columns[j].Unit != "percent" || math.IsNaN(p) {
					continue
				}
				num, den := -1, cell(i, col["calls"])
				switch m.Columns[j].Name {
				case "met":
					num = cell(i, col["met"])
					if b := cell(i, col["breached"]); num >= 0 && b >= 0 {
						// met over met plus breached
						switch {
						case t.hidden(num) || t.hidden(b):
							row[j] = secondary
						case t.value(num) > 0 && t.value(num) < t.th || t.value(b) > 0 && t.value(b) < t.th:
							row[j] = secondary
						case t.round && round5(t.value(num))+round5(t.value(b)) > 0:
							row[j] = 100 * float64(round5(t.value(num))) / float64(round5(t.value(num))+round5(t.value(b)))
						case t.round:
							row[j] = nil
						}
						continue
					}
				case "share":
					num, den = cell(i, col["calls"]), cell(allRow, col["calls"])
				}
				row[j] = judge(p, num, den, row[j])
			}
		}
		return
	}
	rowOf := map[string]int{}
	for i, row := range m.Rows {
		name, _ := row[0].(string)
		rowOf[name] = i
	}
	for _, row := range m.Rows {
		name, _ := row[0].(string)
		if !strings.HasSuffix(name, "(%)") {
			continue
		}
		denRow := rowOf["calls"]
		if strings.HasPrefix(name, "resolved within target") {
			if r, ok := rowOf["resolved"]; ok {
				denRow = r
			}
		}
		for j := 1; j < len(row); j++ {
			p, ok := row[j].(float64)
			if !ok || l.unitHidden(t, j) || math.IsNaN(p) {
				continue
			}
			row[j] = judge(p, -1, cell(denRow, j), row[j])
		}
	}
	// Against the best: a group's figure less the best one's. Hidden with its figure;
	// all hidden when the best one's is; worked out again from rounded figures.
	for _, row := range m.Rows {
		name, _ := row[0].(string)
		base, ok := strings.CutSuffix(name, ": against the best")
		if !ok {
			continue
		}
		b, ok := rowOf[base]
		if !ok {
			continue
		}
		best := -1
		for j := 1; j < len(row); j++ {
			if d, ok := row[j].(float64); ok && d == 0 {
				best = j
				break
			}
		}
		shown := func(j int) (float64, bool) {
			x, ok := m.Rows[b][j].(float64)
			return x, ok && !l.unitHidden(t, j)
		}
		bestValue, bestShown := 0.0, false
		if best >= 0 {
			bestValue, bestShown = shown(best)
		}
		for j := 1; j < len(row); j++ {
			if row[j] == nil {
				continue
			}
			x, ok := shown(j)
			switch {
			case !ok || !bestShown:
				row[j] = secondary
			case t.round:
				row[j] = x - bestValue
			}
		}
	}
}

// coverage is the sentence queries add when the export counts reopens or
// reassignments for only some calls: "The export gives reopen counts for 80.0% of
// the calls counted." A share of the calls; with a group's figures, it gives counts.
const coverage = "The export gives "

// fewCalls hides what rests on fewer calls than the row shows: times (medians,
// percentiles, means, in calendar or working time) over a small number of timed
// calls, which a reader works out as resolved less resolved before opened (or
// timed % of calls); SLA met % in compare over a small number timed; and, when the
// export counts reopens or reassignments for only some calls, the reopened % and
// mean reassignments of every group (the calls they rest on are not printed), and
// the sentence that gives that share.
func (l *layout) fewCalls(t *audit, secondary string) {
	m := l.m
	var reopen, reassign bool
	m.Definitions = slices.DeleteFunc(m.Definitions, func(d string) bool {
		rest, ok := strings.CutPrefix(d, coverage)
		if !ok {
			return false
		}
		switch {
		case strings.HasPrefix(rest, "reopen"):
			reopen = true
		case strings.HasPrefix(rest, "reassign"):
			reassign = true
		default:
			reopen, reassign = true, true
		}
		return true
	})
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return
	}
	small := func(n int64) bool { return n > 0 && n < t.th }
	hide := func(row []any, j int) {
		if row[j] != nil {
			row[j] = secondary
		}
	}
	if !l.transposed {
		col := map[string]int{}
		for j := len(m.Columns) - 1; j >= 1; j-- {
			col[m.Columns[j].Name+"\x00"+m.Columns[j].Unit] = j
		}
		jCalls, okCalls := col["calls\x00calls"]
		jRes, okRes := col["resolved\x00calls"]
		jNeg, okNeg := col["resolved before opened\x00calls"]
		jTimed, okTimed := col["timed\x00percent"]
		for _, row := range m.Rows {
			timed, known := int64(0), false
			if okRes && okNeg {
				r, ok1 := row[jRes].(int64)
				n, ok2 := row[jNeg].(int64)
				timed, known = r-n, ok1 && ok2
			} else if okCalls && okTimed {
				c, ok1 := row[jCalls].(int64)
				p, ok2 := row[jTimed].(float64)
				timed, known = int64(math.Round(p*float64(c)/100)), ok1 && ok2 && !math.IsNaN(p)
			}
			for j := 1; j < len(row); j++ {
				c := m.Columns[j]
				switch {
				case c.Unit == "hours" && known && small(timed),
					reopen && c.Name == "reopened" && c.Unit == "percent",
					reassign && c.Name == "mean reassignments":
					hide(row, j)
				}
			}
		}
		return
	}
	rowOf := map[string]int{}
	for i, row := range m.Rows {
		name, _ := row[0].(string)
		rowOf[name] = i
	}
	ic, ok1 := rowOf["calls"]
	it, ok2 := rowOf["timed (%)"]
	im, ok3 := rowOf["resolved within target (%)"]
	for j := 1; j < len(m.Columns); j++ {
		timed, known := int64(0), false
		if ok1 && ok2 {
			c, okc := m.Rows[ic][j].(int64)
			p, okp := m.Rows[it][j].(float64)
			timed, known = int64(math.Round(p*float64(c)/100)), okc && okp && !math.IsNaN(p)
		}
		if known && small(timed) {
			for _, row := range m.Rows {
				name, _ := row[0].(string)
				if strings.HasSuffix(name, "(h)") && !strings.Contains(name, "against the best") {
					hide(row, j)
				}
			}
		}
		if ok3 && known {
			// met over met plus breached: as many as are timed, or fewer (calls with
			// no target)
			if p, ok := m.Rows[im][j].(float64); ok && !math.IsNaN(p) {
				met := int64(math.Round(p * float64(timed) / 100))
				if small(timed) || small(met) || small(timed-met) {
					hide(m.Rows[im], j)
				}
			}
		}
		if reopen {
			if i, ok := rowOf["reopened (%)"]; ok {
				hide(m.Rows[i], j)
			}
		}
		if reassign {
			if i, ok := rowOf["mean reassignments"]; ok {
				hide(m.Rows[i], j)
			}
		}
	}
}

// percentKey names a percentage the same in every table: group and measure.
func (l *layout) percentKey(i, j int) string {
	m := l.m
	group, measure := m.Rows[i][0], m.Columns[j].Name
	if l.transposed {
		group, measure = m.Columns[j].Name, m.Rows[i][0].(string)
		measure = strings.TrimSuffix(measure, " (%)")
		if measure == "resolved within target" {
			measure = "met"
		}
	} else if m.Columns[j].Unit != "percent" {
		return ""
	}
	return fmt.Sprint(group) + "\x00" + fmt.Sprint(measure) + "%"
}

// hidePercentKeys hides a percentage wherever another table hides the same one.
func hidePercentKeys(layouts []*layout, secondary string) {
	hidden := map[string]bool{}
	each := func(f func(l *layout, i, j int, key string)) {
		for _, l := range layouts {
			for i, row := range l.m.Rows {
				name, _ := row[0].(string)
				if l.transposed && (!strings.HasSuffix(name, "(%)") || strings.Contains(name, "against the best")) {
					continue
				}
				for j := 1; j < len(row); j++ {
					if key := l.percentKey(i, j); key != "" {
						f(l, i, j, key)
					}
				}
			}
		}
	}
	each(func(l *layout, i, j int, key string) {
		if s, ok := l.m.Rows[i][j].(string); ok && s == secondary {
			hidden[key] = true
		}
	})
	each(func(l *layout, i, j int, key string) {
		if hidden[key] && l.m.Rows[i][j] != nil {
			l.m.Rows[i][j] = secondary
		}
	})
}

// render writes the counts as shown, and hides the other figures of hidden groups.
func (l *layout) render(t *audit, primary, secondary string) {
	m := l.m
	for i, row := range m.Rows {
		for j := 1; j < len(row); j++ {
			if c, ok := l.cells[[2]int{i, j}]; ok {
				if s, n := t.show(c, primary, secondary); s != "" {
					row[j] = s
				} else {
					row[j] = n
				}
				continue
			}
			k := i
			if l.transposed {
				k = j
			}
			if row[j] != nil && l.unitHidden(t, k) {
				row[j] = secondary
			}
		}
	}
}

// atShownPrecision rounds every time, percentage and mean to the one decimal place
// the table shows, so that no format publishes more (a mean to 15 digits gives its
// count back: times are whole minutes).
func (l *layout) atShownPrecision() {
	for _, row := range l.m.Rows {
		for j, v := range row {
			if x, ok := v.(float64); ok && !math.IsNaN(x) && !math.IsInf(x, 0) {
				row[j] = Shown(x)
			}
		}
	}
}
