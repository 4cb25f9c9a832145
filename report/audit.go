package report

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskstat/deskstat/report/sdc"
)

// The audit puts the counts of tables published together into one disclosure-
// control problem (report/sdc): each count a cell, each declared sum a relation
// (Structure and the pack's Identities), and asks it which groups to hide. Where
// no hiding is enough, a table collapses: to its total, then to nothing.

// Collapse levels of a table.
const (
	whole     = iota // every group published
	totalOnly        // the groups withheld, the total published
	withheld         // nothing published
)

// audit is the problem of some tables and, once protected, what is hidden.
type audit struct {
	rule               sdc.Rule
	primary, secondary string // the symbols a hidden count is shown with
	th                 int64
	round              bool
	p                  sdc.Problem
	tables             []*layout
	hiddenUnits        []bool // per unit, once protected
	owner              []int  // per cell: the table it belongs to (-1: none)
	levels             []int  // per table: whole, totalOnly or withheld
	// release is every count as published, once protected
	release []Published
	// public are the units shown as they are elsewhere: a block's total of at
	// least the threshold (a state's calls in all, which the table of states
	// alone prints). Never hidden: the block's groups are protected against it.
	public map[int]bool
}

// layout is where a table's counts sit in the audit.
type layout struct {
	m          *Measures
	transposed bool           // groups are columns
	level      int            // whole, totalOnly or withheld
	cells      map[[2]int]int // (row, column) of a count: its cell
	groupUnit  map[int]int    // group (row, or column when transposed): its unit
	byKey      map[[2]string]int
	measureAt  map[string]int // a count measure's key: its column (row when transposed)
}

// label is a group's or a measure's key as shown: a period's label, a name.
func label(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case Span:
		return v.Label
	case Cell:
		return v.Key
	}
	return fmt.Sprint(v)
}

// groups lists a table's groups: (key, index) in order, the index a row or, when
// transposed, a column.
func (l *layout) groups() (keys []string, idx []int) {
	m := l.m
	if l.transposed {
		for j := 1; j < len(m.Columns); j++ {
			keys, idx = append(keys, m.Columns[j].Name), append(idx, j)
		}
		return
	}
	for i, row := range m.Rows {
		keys, idx = append(keys, label(row[0])), append(idx, i)
	}
	return
}

// measures lists a table's count measures: (key, index), the index a column or,
// when transposed, a row whose figures are counts.
func (l *layout) measures() (keys []string, idx []int) {
	m := l.m
	if l.transposed {
		for i, row := range m.Rows {
			counts := false
			for _, v := range row[1:] {
				if _, ok := v.(int64); ok {
					counts = true
				} else if v != nil {
					counts = false
					break
				}
			}
			if counts {
				keys, idx = append(keys, label(row[0])), append(idx, i)
			}
		}
		return
	}
	for j := 1; j < len(m.Columns); j++ {
		if m.Columns[j].Unit == "calls" {
			keys, idx = append(keys, m.Columns[j].Key()), append(idx, j)
		}
	}
	return
}

// at is the (row, column) of a group's measure.
func (l *layout) at(group, measure int) [2]int {
	if l.transposed {
		return [2]int{measure, group}
	}
	return [2]int{group, measure}
}

// magnitudes says whether the table has figures other than counts (times,
// percentages): then a group's figures are hidden together.
func (l *layout) magnitudes() bool {
	for _, row := range l.m.Rows {
		for _, v := range row[1:] {
			if _, ok := v.(float64); ok {
				return true
			}
		}
	}
	return false
}

func (a *audit) unit(total bool, size int64) int {
	a.p.Units = append(a.p.Units, sdc.Unit{Total: total, Size: size})
	return len(a.p.Units) - 1
}

func (a *audit) cell(table int, v, floor int64, unit int) int {
	a.p.Cells = append(a.p.Cells, sdc.Cell{Value: v, Floor: floor, Unit: unit})
	a.owner = append(a.owner, table)
	return len(a.p.Cells) - 1
}

// relate adds sum(coef*cell) = c when it holds of the true counts; a declared sum
// that does not hold is a mistake of ours, and the audit must not rest on it.
func (a *audit) relate(terms []sdc.Term, c int64) {
	var sum int64
	for _, t := range terms {
		sum += t.Coef * a.p.Cells[t.Cell].Value
	}
	if len(terms) == 0 || sum != c {
		return
	}
	a.p.Relations = append(a.p.Relations, sdc.Relation{Terms: terms, Const: c})
}

// add puts a table's counts, units and declared sums into the audit.
func (a *audit) add(table int, m *Measures, level int) *layout {
	s := m.Structure
	l := &layout{m: m, transposed: s.GroupsAcross, level: level, cells: map[[2]int]int{},
		groupUnit: map[int]int{}, byKey: map[[2]string]int{}, measureAt: map[string]int{}}
	a.tables = append(a.tables, l)
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return l
	}
	gKeys, gIdx := l.groups()
	mKeys, mIdx := l.measures()
	for k, mk := range mKeys {
		l.measureAt[mk] = mIdx[k]
	}
	count := func(g, mm int) (int64, bool) {
		at := l.at(gIdx[g], mIdx[mm])
		n, ok := m.Rows[at[0]][at[1]].(int64)
		return n, ok
	}
	perGroup := l.magnitudes()
	for g, gk := range gKeys {
		total, block := gk == s.Total, false
		if s.Blocks && !l.transposed {
			if c, ok := m.Rows[gIdx[g]][0].(Cell); ok {
				total, block = c.Total, c.Total
			}
		}
		published := level == whole || level == totalOnly && total
		unit := -1
		if published && perGroup {
			size := int64(0)
			for mm, mk := range mKeys {
				if n, ok := count(g, mm); ok && mk == s.Size {
					size = n
				}
			}
			unit = a.unit(total, size)
			l.groupUnit[gIdx[g]] = unit
			if block && !a.round && size >= a.th {
				if a.public == nil {
					a.public = map[int]bool{}
				}
				a.public[unit] = true
			}
		}
		for mm, mk := range mKeys {
			n, ok := count(g, mm)
			if !ok {
				continue
			}
			floor, u := int64(0), unit
			if published && mk == s.Size {
				floor = s.Floor
				if gk == s.Rest {
					floor = s.RestFloor
				}
				floor = min(floor, n) // a group listed with none: the reader sees 0
			}
			if published && !perGroup {
				u = a.unit(total, n)
				// A two-way table's margins are the one-way breakdowns: at or
				// above the threshold, as public as those are.
				if s.PublicMargins && (total || mk == s.Size) && !a.round && n >= a.th {
					if a.public == nil {
						a.public = map[int]bool{}
					}
					a.public[u] = true
				}
			}
			c := a.cell(table, n, floor, u)
			l.cells[l.at(gIdx[g], mIdx[mm])] = c
			l.byKey[[2]string{gk, mk}] = c
		}
	}
	ref := func(g, mk string) (int, bool) {
		c, ok := l.byKey[[2]string{g, mk}]
		return c, ok
	}
	// the groups add up to the total
	if s.Total != "" {
		for _, mk := range mKeys {
			tc, ok := ref(s.Total, mk)
			if !ok {
				continue
			}
			terms := []sdc.Term{{Cell: tc, Coef: -1}}
			for _, g := range gKeys {
				if c, ok := ref(g, mk); ok && g != s.Total {
					terms = append(terms, sdc.Term{Cell: c, Coef: 1})
				}
			}
			a.relate(terms, 0)
		}
	}
	// each block's rows add up to its total row (states by group)
	if s.Blocks && !l.transposed {
		totals, parts := map[string]string{}, map[string][]string{}
		for _, row := range m.Rows {
			c, ok := row[0].(Cell)
			if !ok || c.Block == "" {
				continue
			}
			if c.Total {
				totals[c.Block] = c.Key
			} else {
				parts[c.Block] = append(parts[c.Block], c.Key)
			}
		}
		for _, block := range slices.Sorted(maps.Keys(totals)) {
			total := totals[block]
			for _, mk := range mKeys {
				tc, ok := ref(total, mk)
				if !ok {
					continue
				}
				terms := []sdc.Term{{Cell: tc, Coef: -1}}
				for _, g := range parts[block] {
					if c, ok := ref(g, mk); ok {
						terms = append(terms, sdc.Term{Cell: c, Coef: 1})
					}
				}
				a.relate(terms, 0)
			}
		}
	}
	// a group's parts add up to its whole
	for _, g := range gKeys {
		for _, sum := range s.Sums {
			wc, ok := ref(g, sum.Whole)
			if !ok {
				continue
			}
			terms := []sdc.Term{{Cell: wc, Coef: -1}}
			rest := a.value(wc)
			for _, p := range sum.Parts {
				if c, ok := ref(g, p); ok {
					terms = append(terms, sdc.Term{Cell: c, Coef: 1})
					rest -= a.value(c)
				}
			}
			if sum.Rest && rest >= 0 {
				terms = append(terms, sdc.Term{Cell: a.cell(table, rest, 0, -1), Coef: 1})
			}
			a.relate(terms, 0)
		}
	}
	// a trend: stock(t) = stock(t-1) + in(t) - out(t)
	if st := s.Stock; st != nil {
		for i, g := range gKeys {
			b, ok1 := ref(g, st.Stock)
			in, ok2 := ref(g, st.In)
			out, ok3 := ref(g, st.Out)
			if !ok1 || !ok2 || !ok3 {
				continue
			}
			terms := []sdc.Term{{Cell: b, Coef: 1}, {Cell: in, Coef: -1}, {Cell: out, Coef: 1}}
			if i == 0 {
				start := a.p.Cells[b].Value - a.p.Cells[in].Value + a.p.Cells[out].Value
				if st.StartKnown {
					a.relate(terms, start)
					continue
				}
				terms = append(terms, sdc.Term{Cell: a.cell(table, start, 0, -1), Coef: -1})
			} else if prev, ok := ref(gKeys[i-1], st.Stock); ok {
				terms = append(terms, sdc.Term{Cell: prev, Coef: -1})
			} else {
				continue
			}
			a.relate(terms, 0)
		}
	}
	return l
}

// identity adds a pack's identity. A count a table does not list is none (a group
// is listed when it has calls); the identity is kept only if it holds.
func (a *audit) identity(id Identity) {
	var terms []sdc.Term
	for _, t := range id {
		if t.Table < 0 || t.Table >= len(a.tables) {
			return
		}
		if c, ok := a.tables[t.Table].byKey[[2]string{t.Group, t.Measure}]; ok {
			terms = append(terms, sdc.Term{Cell: c, Coef: t.Coef})
		}
	}
	a.relate(terms, 0)
}

// protect decides what to hide in tables published together. A table whose total
// is small gives no breakdown; where the audit finds a count it cannot protect,
// the table holding it collapses to its total, then to nothing.
func protect(ctx context.Context, rule sdc.Rule, tables []*Measures, ids []Identity, earlier []Earlier) (*audit, error) {
	levels := make([]int, len(tables))
	for i, m := range tables {
		if n, ok := totalSize(m); ok && n > 0 && n < rule.Threshold && hasGroups(m) {
			levels[i] = totalOnly
		}
	}
	build := func(levels []int) *audit {
		a := &audit{rule: rule, th: rule.Threshold, round: rule.Round}
		for i, m := range tables {
			a.add(i, m, levels[i])
		}
		for _, id := range ids {
			a.identity(id)
		}
		for _, e := range earlier {
			a.earlier(e)
		}
		return a
	}
	// Counts earlier releases alone give exactly are public already: shown, never
	// hidden now (hiding one could not widen it).
	known := map[int]bool{}
	if len(earlier) > 0 {
		none := make([]int, len(tables))
		for i := range none {
			none[i] = withheld
		}
		pre := build(none)
		ranges, err := sdc.Audit(ctx, &pre.p, rule, make([]bool, len(pre.p.Units)))
		if err != nil {
			return nil, fmt.Errorf("disclosure control: %w", err)
		}
		for c, r := range ranges {
			if pre.owner[c] >= 0 && !r.Unbounded && r.Lo == r.Hi {
				known[c] = true
			}
		}
	}
	run := func(levels []int) (*audit, []int, error) {
		a := build(levels)
		for u := range a.p.Units {
			fixed := len(known) > 0
			for c, cell := range a.p.Cells {
				if cell.Unit == u && !known[c] {
					fixed = false
					break
				}
			}
			a.p.Units[u].Fixed = fixed || a.public[u]
		}
		out, err := sdc.Protect(ctx, &a.p, rule)
		if err != nil {
			return nil, nil, fmt.Errorf("disclosure control: %w", err)
		}
		a.hiddenUnits, a.levels = out.Hidden, slices.Clone(levels)
		return a, out.Failed, nil
	}
	a, failed, err := run(levels)
	for err == nil && len(failed) > 0 {
		// Cells are the same, whatever is collapsed: try each table tied to the
		// first count that fails one level down, and keep the first that protects
		// it, else the one that leaves fewest failing.
		options := a.collapses(failed, levels)
		if len(options) == 0 {
			if !withholdAll(levels) {
				// What still fails is none of these tables' doing (earlier releases
				// alone give it away), and they publish nothing.
				return a, nil
			}
			a, failed, err = run(levels)
			continue
		}
		var best *audit
		var bestFailed []int
		for _, lv := range options {
			ta, tf, terr := run(lv)
			if terr != nil {
				return nil, terr
			}
			if best == nil || len(tf) < len(bestFailed) {
				best, bestFailed = ta, tf
			}
			if !slices.Contains(tf, failed[0]) {
				best, bestFailed = ta, tf
				break
			}
		}
		copy(levels, best.levels)
		a, failed = best, bestFailed
	}
	return a, err
}

// collapses are the ways to publish less for the counts that fail: a table holding
// the first of them, or tied to it by a sum, one level down (groups withheld, then
// all); the first failing count's own table first.
func (a *audit) collapses(failed []int, levels []int) [][]int {
	var out [][]int
	seen := map[int]bool{}
	try := func(t int) {
		if t < 0 || seen[t] || levels[t] == withheld {
			return
		}
		seen[t] = true
		lv := slices.Clone(levels)
		if lv[t] == whole && hasGroups(a.tables[t].m) && a.tables[t].m.Structure.Total != "" {
			lv[t] = totalOnly
		} else {
			lv[t] = withheld
		}
		out = append(out, lv)
	}
	for _, c := range failed {
		try(a.owner[c])
		for _, r := range a.p.Relations {
			if !slices.ContainsFunc(r.Terms, func(t sdc.Term) bool { return t.Cell == c }) {
				continue
			}
			for _, t := range r.Terms {
				try(a.owner[t.Cell])
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}

// withholdAll withholds every table; false when all already were.
func withholdAll(levels []int) bool {
	changed := false
	for i := range levels {
		changed = changed || levels[i] != withheld
		levels[i] = withheld
	}
	return changed
}

// totalSize is the size of a table's total group, when it has one.
func totalSize(m *Measures) (int64, bool) {
	s := m.Structure
	if s.Total == "" {
		return 0, false
	}
	l := &layout{m: m, transposed: s.GroupsAcross}
	gKeys, gIdx := l.groups()
	mKeys, mIdx := l.measures()
	for g, gk := range gKeys {
		for mm, mk := range mKeys {
			if gk == s.Total && mk == s.Size {
				at := l.at(gIdx[g], mIdx[mm])
				n, ok := m.Rows[at[0]][at[1]].(int64)
				return n, ok
			}
		}
	}
	return 0, false
}

// hasGroups says whether a table has groups besides its total.
func hasGroups(m *Measures) bool {
	l := &layout{m: m, transposed: m.Structure.GroupsAcross}
	keys, _ := l.groups()
	for _, k := range keys {
		if k != m.Structure.Total {
			return true
		}
	}
	return false
}

// hidden says whether a cell is hidden: its unit is, or it is not published at
// all; and it is not 0 (a zero is shown).
func (a *audit) hidden(c int) bool {
	cell := a.p.Cells[c]
	if cell.Value == 0 {
		return false
	}
	return cell.Unit < 0 || a.hiddenUnits[cell.Unit]
}

func (a *audit) value(c int) int64 { return a.p.Cells[c].Value }

// show is how a cell is printed: its symbol when hidden, else "" and its value
// (rounded under ons).
func (a *audit) show(c int, primary, secondary string) (string, int64) {
	v := a.value(c)
	switch {
	case a.hidden(c) && v < a.th:
		return primary, v
	case a.hidden(c):
		return secondary, v
	case a.round && v != 0:
		return "", round5(v)
	}
	return "", v
}

// unitHidden says whether a group (a row, or a column when transposed) is hidden.
func (l *layout) unitHidden(a *audit, k int) bool {
	if l.level == withheld || l.level == totalOnly && !l.isTotal(k) {
		return true
	}
	u, ok := l.groupUnit[k]
	return ok && a.hiddenUnits[u]
}

// isTotal says whether group k (a row, or a column when transposed) is the total.
func (l *layout) isTotal(k int) bool {
	t := l.m.Structure.Total
	if t == "" {
		return false
	}
	if l.transposed {
		return l.m.Columns[k].Name == t
	}
	return label(l.m.Rows[k][0]) == t
}

// known adds a count an earlier release published: the reader knows [lo, hi] (hi
// -1: no upper bound). It is a count not published now, at least lo, and at most
// hi by a sum with a slack far from small (so that the slack needs no protecting);
// a small one must keep its whole range as any hidden count. False when the data
// no longer gives a count in [lo, hi] (it changed since): that release is tied no
// more by this count.
func (a *audit) known(v, lo, hi int64) (int, bool) {
	if v < lo || hi >= 0 && v > hi {
		return -1, false
	}
	c := a.cell(-1, v, lo, -1)
	if hi >= 0 {
		const far = 1 << 20
		slack := a.cell(-1, hi+far-v, far, -1) // at least far: c at most hi
		a.relate([]sdc.Term{{Cell: c, Coef: 1}, {Cell: slack, Coef: 1}}, hi+far)
	}
	return c, true
}

// earlier ties an earlier release to the tables being published. Asked over
// another period, a breakdown (table 0) and the earlier one are sums of the same
// unpublished counts, one per group and stretch of days; asked the same, each
// count the earlier release gave equals the new one.
func (a *audit) earlier(e Earlier) {
	if e.Steps != nil {
		a.earlierTrend(e)
		return
	}
	if e.Atoms == nil {
		for _, pub := range e.Release.Tables {
			for _, l := range a.tables {
				if l.m.Title != pub.Title {
					continue
				}
				for _, k := range pub.Cells {
					if c, ok := l.byKey[[2]string{k.Group, k.Measure}]; ok {
						if kc, ok := a.known(a.value(c), k.Lo, k.Hi); ok {
							a.relate([]sdc.Term{{Cell: kc, Coef: 1}, {Cell: c, Coef: -1}}, 0)
						}
					}
				}
			}
		}
		return
	}
	if len(a.tables) == 0 || len(e.Release.Tables) == 0 {
		return
	}
	cur, pub := a.tables[0], e.Release.Tables[0]
	total, measure := cur.m.Structure.Total, cur.m.Structure.Size
	groups := map[string]bool{}
	for k := range cur.byKey {
		groups[k[0]] = true
	}
	for _, k := range pub.Cells {
		groups[k.Group] = true
	}
	for _, at := range e.Atoms {
		for g := range at.Counts {
			groups[g] = true
		}
	}
	delete(groups, total)
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	slices.Sort(names)
	// the unpublished counts: a group's in each stretch, and each stretch's total
	x := make([]map[string]int, len(e.Atoms))
	sum := make([]int, len(e.Atoms))
	for i, at := range e.Atoms {
		x[i] = map[string]int{}
		var n int64
		terms := []sdc.Term{}
		for _, g := range names {
			x[i][g] = a.cell(-1, at.Counts[g], 0, -1)
			n += at.Counts[g]
			terms = append(terms, sdc.Term{Cell: x[i][g], Coef: 1})
		}
		sum[i] = a.cell(-1, n, 0, -1)
		a.relate(append(terms, sdc.Term{Cell: sum[i], Coef: -1}), 0)
	}
	over := func(earlier bool, pick func(i int) int) []sdc.Term {
		var terms []sdc.Term
		for i, at := range e.Atoms {
			if earlier && at.InEarlier || !earlier && at.InCurrent {
				terms = append(terms, sdc.Term{Cell: pick(i), Coef: 1})
			}
		}
		return terms
	}
	published := map[string]KnownCell{}
	for _, k := range pub.Cells {
		if k.Measure == measure {
			published[k.Group] = k
		}
	}
	value := func(terms []sdc.Term) int64 {
		var n int64
		for _, t := range terms {
			n += a.value(t.Cell)
		}
		return n
	}
	tie := func(c int, terms []sdc.Term) { a.relate(append(terms, sdc.Term{Cell: c, Coef: -1}), 0) }
	for _, g := range append(names, total) {
		pick := func(i int) int { return x[i][g] }
		if g == total {
			pick = func(i int) int { return sum[i] }
		}
		// the earlier release: as published; a group it did not list had no call,
		// unless it withheld its groups
		before := over(true, pick)
		lo, hi, listed := int64(0), int64(0), pub.Withheld == ""
		if k, ok := published[g]; ok {
			lo, hi, listed = k.Lo, k.Hi, true
		}
		if listed {
			if kc, ok := a.known(value(before), lo, hi); ok {
				tie(kc, before)
			}
		}
		// the new one: its count, or none when it lists no such group
		now := over(false, pick)
		if c, ok := cur.byKey[[2]string{g, measure}]; ok {
			tie(c, now)
		} else {
			a.relate(now, 0)
		}
	}
}

// same says whether two audits of the same tables hide the same.
func (a *audit) same(b *audit) bool {
	return slices.Equal(a.hiddenUnits, b.hiddenUnits) && slices.Equal(a.levels, b.levels)
}

// reads is what a reader knows of a published cell from how it is printed: at
// least lo, at most hi (-1: no bound).
func (a *audit) reads(c int) (lo, hi int64) {
	cell := a.p.Cells[c]
	v := cell.Value
	switch {
	case a.hidden(c) && v < a.th && !a.rule.OneSymbol:
		return max(1, cell.Floor), a.th - 1
	case a.hidden(c) && a.rule.OneSymbol:
		return max(1, cell.Floor), -1
	case a.hidden(c):
		return max(a.th, cell.Floor), -1
	case a.round && v != 0:
		r := round5(v)
		return max(a.th, r-2), r + 2
	}
	return v, v
}

// published is every count of the tables as a reader reads it, for the record of
// the release.
func (a *audit) published(primary, secondary string) []Published {
	var out []Published
	for _, l := range a.tables {
		p := Published{Title: l.m.Title, Cells: []KnownCell{}}
		switch l.level {
		case withheld:
			p.Withheld = "all"
		case totalOnly:
			p.Withheld = "groups"
		}
		for key, c := range l.byKey {
			if l.level == withheld || l.level == totalOnly && key[0] != l.m.Structure.Total {
				continue
			}
			shown, n := a.show(c, primary, secondary)
			if shown == "" {
				shown = strconv.FormatInt(n, 10)
			}
			lo, hi := a.reads(c)
			p.Cells = append(p.Cells, KnownCell{Group: key[0], Measure: key[1], Shown: shown, Lo: lo, Hi: hi})
		}
		if l.level != withheld {
			for _, row := range l.m.Rows {
				if s, ok := row[0].(Span); ok && !s.From.IsZero() {
					p.Spans = append(p.Spans, GroupSpan{Group: s.Label, From: s.From, Until: s.Until})
				}
			}
		}
		slices.SortFunc(p.Cells, func(x, y KnownCell) int {
			return strings.Compare(x.Group+"\x00"+x.Measure, y.Group+"\x00"+y.Measure)
		})
		out = append(out, p)
	}
	return out
}

// shownAt is how a table's count is printed: its symbol, or "" and the number.
func (a *audit) shownAt(table int, group, measure string) (string, int64) {
	c, ok := a.tables[table].byKey[[2]string{group, measure}]
	if !ok {
		return "", 0
	}
	return a.show(c, a.primary, a.secondary)
}

// earlierTrend ties an earlier trend of the same question to the one being
// published (table 0) where their periods differ: each period's created and
// resolved are the sums of the steps it covers, and its backlog the backlog after
// the last, for the earlier one as published and for this one; a step's counts
// are not published, and are protected as hidden ones.
func (a *audit) earlierTrend(e Earlier) {
	if len(a.tables) == 0 || len(e.Release.Tables) == 0 || a.tables[0].m.Structure.Stock == nil {
		return
	}
	cur, pub := a.tables[0], e.Release.Tables[0]
	st := cur.m.Structure.Stock
	type stepCells struct{ created, resolved, backlog int }
	steps := make([]stepCells, len(e.Steps))
	for i, s := range e.Steps {
		steps[i] = stepCells{a.cell(-1, s.Created, 0, -1), a.cell(-1, s.Resolved, 0, -1), a.cell(-1, s.Backlog, 0, -1)}
		if i > 0 && e.Steps[i-1].Until.Equal(s.From) {
			a.relate([]sdc.Term{{Cell: steps[i].backlog, Coef: 1}, {Cell: steps[i-1].backlog, Coef: -1},
				{Cell: steps[i].created, Coef: -1}, {Cell: steps[i].resolved, Coef: 1}}, 0)
		}
	}
	// tie gives a period's three counts (cells, or -1 when not published) as the
	// steps within [from, until) add them up.
	tie := func(from, until time.Time, created, resolved, backlog int) {
		var cs, rs []sdc.Term
		last := -1
		for i, s := range e.Steps {
			if !s.From.Before(from) && !s.Until.After(until) {
				cs = append(cs, sdc.Term{Cell: steps[i].created, Coef: 1})
				rs = append(rs, sdc.Term{Cell: steps[i].resolved, Coef: 1})
				if s.Until.Equal(until) {
					last = i
				}
			}
		}
		if len(cs) == 0 {
			return
		}
		if created >= 0 {
			a.relate(append(cs, sdc.Term{Cell: created, Coef: -1}), 0)
		}
		if resolved >= 0 {
			a.relate(append(rs, sdc.Term{Cell: resolved, Coef: -1}), 0)
		}
		if backlog >= 0 && last >= 0 {
			a.relate([]sdc.Term{{Cell: steps[last].backlog, Coef: 1}, {Cell: backlog, Coef: -1}}, 0)
		}
	}
	for _, row := range cur.m.Rows {
		s, ok := row[0].(Span)
		if !ok || s.From.IsZero() {
			continue
		}
		cell := func(measure string) int {
			if c, ok := cur.byKey[[2]string{s.Label, measure}]; ok {
				return c
			}
			return -1
		}
		tie(s.From, s.Until, cell(st.In), cell(st.Out), cell(st.Stock))
	}
	known := map[[2]string]KnownCell{}
	for _, k := range pub.Cells {
		known[[2]string{k.Group, k.Measure}] = k
	}
	for _, sp := range pub.Spans {
		cell := func(measure string) int {
			k, ok := known[[2]string{sp.Group, measure}]
			if !ok {
				return -1
			}
			var sum int64 // the truth, from the steps
			for i, s := range e.Steps {
				if s.From.Before(sp.From) || s.Until.After(sp.Until) {
					continue
				}
				switch measure {
				case st.In:
					sum += s.Created
				case st.Out:
					sum += s.Resolved
				case st.Stock:
					if s.Until.Equal(sp.Until) {
						sum = e.Steps[i].Backlog
					}
				}
			}
			c, ok := a.known(sum, k.Lo, k.Hi)
			if !ok {
				return -1
			}
			return c
		}
		tie(sp.From, sp.Until, cell(st.In), cell(st.Out), cell(st.Stock))
	}
}
