package report

import (
	"math"
	"slices"
)

// The figures that are not counts (percentages, times, means) are hidden by rules
// on the counts they rest on, as the query that made the table declared them
// (Structure's Ratios, Timed, Partial, Against).

// find is where a group's measure sits: its (row, column), by the measure's key (a
// column's, or a row's label when groups are columns).
func (l *layout) find(group int, key string) ([2]int, bool) {
	m := l.m
	if l.transposed {
		for i, row := range m.Rows {
			if label(row[0]) == key {
				return [2]int{i, group}, true
			}
		}
		return [2]int{}, false
	}
	if j := m.Column(key); j > 0 {
		return [2]int{group, j}, true
	}
	return [2]int{}, false
}

// figure is a group's magnitude, when it is a known number.
func (l *layout) figure(group int, key string) (float64, bool) {
	at, ok := l.find(group, key)
	if !ok {
		return 0, false
	}
	x, ok := l.m.Rows[at[0]][at[1]].(float64)
	return x, ok && !math.IsNaN(x)
}

// counts are the cells of a group's count measures; false when one is missing.
func (l *layout) counts(group int, keys []string) ([]int, bool) {
	var out []int
	for _, k := range keys {
		at, ok := l.find(group, k)
		if !ok {
			return nil, false
		}
		c, ok := l.cells[at]
		if !ok {
			return nil, false
		}
		out = append(out, c)
	}
	return out, true
}

// timed is how many calls a group's times rest on, when a reader can work it out.
func (l *layout) timed(t *audit, group int) (int64, bool) {
	tm := l.m.Structure.Timed
	if tm == nil {
		return 0, false
	}
	if tm.Share != "" {
		p, ok1 := l.figure(group, tm.Share)
		size, ok2 := l.counts(group, []string{l.m.Structure.Size})
		if !ok1 || !ok2 {
			return 0, false
		}
		return int64(math.Round(p * float64(t.value(size[0])) / 100)), true
	}
	plus, ok1 := l.counts(group, tm.Plus)
	minus, ok2 := l.counts(group, tm.Minus)
	if !ok1 || !ok2 {
		return 0, false
	}
	var n int64
	for _, c := range plus {
		n += t.value(c)
	}
	for _, c := range minus {
		n -= t.value(c)
	}
	return n, true
}

// hideFigure hides a group's figure (not an unknown one).
func (l *layout) hideFigure(group int, key, secondary string) {
	if at, ok := l.find(group, key); ok && l.m.Rows[at[0]][at[1]] != nil {
		l.m.Rows[at[0]][at[1]] = secondary
	}
}

// fewCalls hides what rests on fewer calls than the threshold: a group's times when
// its timed calls are few, and, when the export counts reopens or reassignments for
// only some calls, those measures in every group and the sentences that give the
// share (with a group's figures, it gives counts); under rounding, every mean.
func (l *layout) fewCalls(t *audit, secondary string) {
	st := l.m.Structure
	l.m.Definitions = slices.DeleteFunc(l.m.Definitions, func(d string) bool { return slices.Contains(st.Coverage, d) })
	_, groups := l.groups()
	for _, g := range groups {
		for _, k := range st.Partial {
			l.hideFigure(g, k, secondary)
		}
		if t.round {
			for _, k := range st.Means {
				l.hideFigure(g, k, secondary)
			}
		}
		if st.Timed == nil {
			continue
		}
		if n, ok := l.timed(t, g); ok && n > 0 && n < t.th {
			for _, k := range st.Timed.Measures {
				l.hideFigure(g, k, secondary)
			}
		}
	}
}

// blockSums hides, in a table of blocks, an additive measure (hours in all) in
// every row of a block but its total where it is hidden in one of them: the total
// less the others would give the hidden one back.
func (l *layout) blockSums(t *audit, secondary string) {
	st := l.m.Structure
	if l.transposed {
		return
	}
	// A hidden part of a row sum hides the sum's (once it is, the blocks' rule
	// may hide more parts: three rounds settle it).
	for range 3 {
		l.rowSums(t, secondary)
		if st.Blocks {
			l.blocks(t, secondary)
		}
	}
}

// rowSums hides a RowSum's additive measures where one of its parts' is hidden.
func (l *layout) rowSums(t *audit, secondary string) {
	st := l.m.Structure
	at := map[string]int{}
	for i, row := range l.m.Rows {
		at[label(row[0])] = i
	}
	for _, rs := range st.RowSums {
		ti, ok := at[rs.Total]
		if !ok {
			continue
		}
		for _, k := range st.Additive {
			hidden := false
			for _, p := range rs.Parts {
				i, ok := at[p]
				// a part not printed (a small state's groups) is hidden too
				hidden = hidden || !ok || l.additiveHidden(t, i, k)
			}
			if hidden {
				l.hideFigure(ti, k, secondary)
			}
		}
	}
}

// additiveHidden says whether row i's measure k is hidden, or its row is.
func (l *layout) additiveHidden(t *audit, i int, k string) bool {
	at, ok := l.find(i, k)
	if !ok {
		return false
	}
	_, symbol := l.m.Rows[at[0]][at[1]].(string)
	return symbol || l.unitHidden(t, i)
}

// blocks hides, in every row of a block but its total, an additive measure
// hidden in one of them, or in its total: the total less the others, or the
// others' sum, would give it back.
func (l *layout) blocks(t *audit, secondary string) {
	st := l.m.Structure
	blocks, totals := map[string][]int{}, map[string]int{}
	for i, row := range l.m.Rows {
		if c, ok := row[0].(Cell); ok && c.Block != "" {
			if c.Total {
				totals[c.Block] = i
			} else {
				blocks[c.Block] = append(blocks[c.Block], i)
			}
		}
	}
	for block, rows := range blocks {
		for _, k := range st.Additive {
			hidden := false
			if ti, ok := totals[block]; ok {
				hidden = l.additiveHidden(t, ti, k)
			}
			for _, i := range rows {
				hidden = hidden || l.additiveHidden(t, i, k)
			}
			if hidden {
				for _, i := range rows {
					l.hideFigure(i, k, secondary)
				}
			}
		}
	}
}

// percentages hides a percentage whose numerator or denominator is hidden, or whose
// numerator (or the rest of its denominator) is small, given or worked out from the
// percentage and its denominator. Under rounding a percentage is worked out again
// from the rounded counts, so that it says no more than they do. A group's figure
// against the best one's goes with either.
func (l *layout) percentages(t *audit, secondary string) {
	st := l.m.Structure
	keys, groups := l.groups()
	total := -1
	for k, g := range groups {
		if keys[k] == st.Total {
			total = g
		}
	}
	for _, g := range groups {
		if l.unitHidden(t, g) {
			continue
		}
		for _, r := range st.Ratios {
			at, ok := l.find(g, r.Measure)
			if !ok {
				continue
			}
			p, ok := l.figure(g, r.Measure)
			if !ok {
				continue
			}
			l.m.Rows[at[0]][at[1]] = l.judge(t, r, g, total, p, secondary)
		}
	}
	for diff, base := range st.Against {
		l.against(t, diff, base, secondary)
	}
}

// judge is what a percentage p of group g becomes (total: the total group).
func (l *layout) judge(t *audit, r Ratio, g, total int, p float64, secondary string) any {
	dg := g
	if r.OfTotal {
		dg = total
	}
	var d, n, rd, rn int64
	if timed, ok := l.timed(t, g); r.OverTimed && ok {
		d, rd = timed, round5(timed)
	} else {
		den, ok := l.counts(dg, r.Den)
		if dg < 0 || !ok {
			return secondary
		}
		for _, c := range den {
			if t.hidden(c) {
				return secondary
			}
			d, rd = d+t.value(c), rd+round5(t.value(c))
		}
	}
	num, ok := l.counts(g, r.Num)
	if !ok {
		return secondary
	}
	if len(r.Num) == 0 {
		n = int64(math.Round(p * float64(d) / 100))
		rn = round5(n)
	}
	for _, c := range num {
		if t.hidden(c) {
			return secondary
		}
		n, rn = n+t.value(c), rn+round5(t.value(c))
	}
	if n > 0 && n < t.th || d-n > 0 && d-n < t.th || d > 0 && d < t.th {
		return secondary
	}
	if !t.round {
		return p
	}
	if rd == 0 {
		return nil
	}
	return 100 * float64(rn) / float64(rd)
}

// against hides a group's figure less the best one's with either, and works it out
// again from the figures as shown.
func (l *layout) against(t *audit, diff, base, secondary string) {
	_, groups := l.groups()
	best := -1
	for _, g := range groups {
		if d, ok := l.figure(g, diff); ok && d == 0 {
			best = g
			break
		}
	}
	shown := func(g int) (float64, bool) {
		x, ok := l.figure(g, base)
		return x, ok && !l.unitHidden(t, g)
	}
	bestValue, bestShown := 0.0, false
	if best >= 0 {
		bestValue, bestShown = shown(best)
	}
	for _, g := range groups {
		at, ok := l.find(g, diff)
		if !ok || l.m.Rows[at[0]][at[1]] == nil {
			continue
		}
		x, ok := shown(g)
		switch {
		case !ok || !bestShown:
			l.m.Rows[at[0]][at[1]] = secondary
		case t.round:
			l.m.Rows[at[0]][at[1]] = Shown(Shown(x) - Shown(bestValue))
		}
	}
}

// hideSharedRatios hides a percentage wherever another table hides the same one: the
// same group and ratio.
func hideSharedRatios(layouts []*layout, secondary string) {
	hidden := map[string]bool{}
	each := func(f func(l *layout, at [2]int, key string)) {
		for _, l := range layouts {
			keys, groups := l.groups()
			for k, g := range groups {
				for _, r := range l.m.Structure.Ratios {
					if at, ok := l.find(g, r.Measure); ok && r.Name != "" {
						f(l, at, keys[k]+"\x00"+r.Name)
					}
				}
			}
		}
	}
	each(func(l *layout, at [2]int, key string) {
		if s, ok := l.m.Rows[at[0]][at[1]].(string); ok && s == secondary {
			hidden[key] = true
		}
	})
	each(func(l *layout, at [2]int, key string) {
		if hidden[key] && l.m.Rows[at[0]][at[1]] != nil {
			l.m.Rows[at[0]][at[1]] = secondary
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
			// A hidden group keeps its name, in its first column or a column of
			// names (a state's group), as a breakdown's hidden rows do.
			if _, name := row[j].(string); name && !l.transposed && m.Columns[j].Unit == "" {
				continue
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
				d := 1
				if !l.transposed {
					d = l.m.Columns[j].decimals()
				}
				row[j] = shownTo(x, d)
			}
		}
	}
}
