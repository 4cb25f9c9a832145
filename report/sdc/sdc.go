// Package sdc is a statistical disclosure control engine for published
// tables of counts. It reads a table the way a motivated intruder would --
// every exact figure, every rounded figure, every symbol and every sum that
// ties them -- and works out which integer values each hidden cell can still
// take (Audit), then chooses what to hide so that no hidden cell gives away
// more than its symbol says (Protect).
//
// Every value the engine calls attainable is backed by an integer solution
// it has checked exactly; a question it cannot settle within its search
// budget counts as not attainable, which can only make it hide more.
package sdc

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Rule is a disclosure policy.
type Rule struct {
	// Threshold makes counts 1..Threshold-1 "small" (sensitive); at least 3.
	Threshold int64
	// Round: shown non-zero counts are rounded to the nearest 5 (ONS), so the
	// reader knows a shown r means [max(Threshold, r-2), r+2].
	Round bool
	// OneSymbol: small and secondary cells print the same symbol (DfE "c"),
	// so any hidden cell reads as [max(1,Floor), inf). Otherwise a secondary
	// "x" reads as [max(Threshold,Floor), inf), since every small count would
	// have been printed with the small symbol, and a small one as
	// [max(1,Floor), Threshold-1].
	OneSymbol bool
}

// Cell is one count in the tables and the sums behind them.
type Cell struct {
	Value int64 // the true count (>= 0)
	// Floor is what any reader knows without the figures: 0; 1 for a group
	// that is listed (it has at least one call); N for "N other categories".
	Floor int64
	// Unit indexes Problem.Units: the cells of one unit are hidden together
	// (a group's whole row). -1: the cell is never published (a derived
	// count such as the difference between two releases, or the backlog
	// before a trend's first period); the reader knows only [Floor, inf).
	Unit int
}

// Unit is a set of cells that is shown or hidden as one.
type Unit struct {
	Total bool  // a table total: groups are hidden before totals
	Size  int64 // smaller units are hidden first
	// Fixed units were published exactly as shown in an earlier release and
	// can never be hidden now; an unsafe one can only make Protect fail.
	Fixed bool
}

// Term is Coef times a cell.
type Term struct {
	Cell int
	Coef int64
}

// Relation says sum(Coef * cell) == Const, and the reader knows it.
type Relation struct {
	Terms []Term
	Const int64
}

// Problem is a set of tables: the cells, the units they are hidden in, and
// every linear relation the reader knows between them.
type Problem struct {
	Cells     []Cell
	Units     []Unit
	Relations []Relation
}

// Interval is what the reader knows of one cell from the page alone,
// before any sum is used. Hi is math.MaxInt64 when there is no upper bound.
// Lo == Hi: the figure is known exactly.
type Interval struct{ Lo, Hi int64 }

// Range is what the intruder can work out about one cell.
type Range struct {
	Lo, Hi    int64 // the least and greatest possible values (Hi unset if Unbounded)
	Unbounded bool  // no greatest value
	// Values lists, for a small cell that is hidden or unpublished, the
	// values of [max(1,Floor), Threshold-1] it can take: the cell is safe
	// when none is missing.
	Values []int64
}

// Outcome is what Protect decided.
type Outcome struct {
	Hidden  []bool // per unit: hidden
	Primary []bool // per cell: shown with the small-count symbol
	// Failed lists the cells that could not be protected: empty when the
	// tables are safe; otherwise the caller should publish less (only the
	// total, or nothing) and ask again.
	Failed []int
	Ranges []Range // per cell: what the intruder can work out (see Audit)
}

// need is what a cell requires to be safe.
type need uint8

const (
	needNone  need = iota
	needRange      // a small hidden or unpublished count: every value of [max(1,Floor), Threshold-1]
	needTwo        // a secondary or rounded count: at least two values
)

// reading returns how each cell reads and what it needs to be safe.
func reading(p *Problem, r Rule, hidden []bool) ([]Interval, []need) {
	box := make([]Interval, len(p.Cells))
	needs := make([]need, len(p.Cells))
	for i, c := range p.Cells {
		small := c.Value > 0 && c.Value < r.Threshold
		if small {
			needs[i] = needRange
		}
		switch {
		case c.Unit < 0:
			box[i] = Interval{c.Floor, math.MaxInt64}
		case c.Value == 0:
			box[i] = Interval{0, 0}
		case hidden[c.Unit] && !p.Units[c.Unit].Fixed:
			switch {
			case r.OneSymbol:
				box[i] = Interval{max(1, c.Floor), math.MaxInt64}
			case small:
				box[i] = Interval{max(1, c.Floor), r.Threshold - 1}
			default:
				box[i] = Interval{max(r.Threshold, c.Floor), math.MaxInt64}
			}
			if !small {
				needs[i] = needTwo
			}
		case r.Round:
			shown := (c.Value + 2) / 5 * 5
			lo := max(shown-2, c.Floor, 1)
			if !small {
				lo = max(lo, r.Threshold)
				needs[i] = needTwo
			}
			box[i] = Interval{lo, shown + 2}
		default:
			box[i] = Interval{c.Value, c.Value}
		}
	}
	return box, needs
}

// Audit works out, for every cell, the integer values the intruder cannot
// rule out given everything published with the units in hidden hidden.
// Cells shown exactly get Lo == Hi == Value.
func Audit(ctx context.Context, p *Problem, r Rule, hidden []bool) ([]Range, error) {
	if err := check(p, r); err != nil {
		return nil, err
	}
	if len(hidden) != len(p.Units) {
		return nil, fmt.Errorf("sdc: %d hidden flags for %d units", len(hidden), len(p.Units))
	}
	return newEngine(p).view(r, hidden).ranges(ctx)
}

// Protect hides the units with small counts, then, while some cell gives
// too much away, more units for the first that does (see choose): of the
// units sharing a relation with it, taken non-totals first, then smallest,
// the first whose hiding makes it safe (checked as Audit would); else the
// first that lets a small count take more of its range; else the units of
// the cheapest way an LP finds to let it take a value it cannot (plan);
// else the first. A cell no hiding can help is left failing. When every
// cell is safe, units hidden for another's sake are shown again where
// that keeps every cell safe (prune). The same input always gives the same
// outcome.
func Protect(ctx context.Context, p *Problem, r Rule) (*Outcome, error) {
	if err := check(p, r); err != nil {
		return nil, err
	}
	hidden := make([]bool, len(p.Units))
	for _, c := range p.Cells {
		if c.Unit >= 0 && c.Value > 0 && c.Value < r.Threshold && !p.Units[c.Unit].Fixed {
			hidden[c.Unit] = true
		}
	}
	e := newEngine(p)
	v := e.view(r, hidden)
	stuck := make([]bool, len(p.Cells)) // failing cells no hiding can help
	var failed []int                    // cells that failed on the way
	for {
		var units []int
		var next *view
		for from := 0; len(units) == 0; {
			cell, err := v.firstFailure(ctx, from, stuck)
			if err != nil {
				return nil, err
			}
			if cell < 0 {
				break
			}
			if units, next, stuck[cell], err = v.choose(ctx, cell, hidden); err != nil {
				return nil, err
			}
			if !slices.Contains(failed, cell) {
				failed = append(failed, cell)
			}
			from = cell + 1
		}
		if len(units) == 0 {
			break
		}
		for _, u := range units {
			hidden[u] = true
		}
		if next != nil {
			next.adopt()
			v = next
		} else {
			v = e.view(r, hidden)
		}
	}
	if !slices.Contains(stuck, true) {
		w, err := prune(ctx, p, r, hidden, failed)
		if err != nil {
			return nil, err
		}
		if w != nil {
			v = w
		}
	}
	ranges, err := v.ranges(ctx)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Hidden: hidden, Primary: make([]bool, len(p.Cells)), Ranges: ranges}
	for i, c := range p.Cells {
		out.Primary[i] = c.Unit >= 0 && hidden[c.Unit] && !p.Units[c.Unit].Fixed && c.Value > 0 && c.Value < r.Threshold
		if v.fails(i, ranges[i]) {
			out.Failed = append(out.Failed, i)
		}
	}
	return out, nil
}

// prune shows again, one at a time, each unit hidden for another's sake
// (no small count of its own) whose showing leaves every cell safe: totals
// first, then larger units. Choices made one failing cell at a time can
// leave such units behind. It returns a new view of the hidden set left
// (the solutions found for larger sets do not hold for it), or nil when
// every unit stays hidden.
func prune(ctx context.Context, p *Problem, r Rule, hidden []bool, failed []int) (*view, error) {
	var order []int
	for u, h := range hidden {
		if h && !p.Units[u].Fixed {
			order = append(order, u)
		}
	}
	for _, c := range p.Cells {
		if c.Unit >= 0 && c.Value > 0 && c.Value < r.Threshold {
			order = slices.DeleteFunc(order, func(u int) bool { return u == c.Unit })
		}
	}
	first := hidingOrder(p.Units) // shown again in the reverse order
	slices.SortFunc(order, func(a, b int) int { return first(b, a) })
	changed := false
	for _, u := range order {
		// Showing u changes only the components u's cells are in: the
		// others keep their systems, and were safe.
		cur := newEngine(p).view(r, hidden)
		comps := map[int]bool{}
		for c, cl := range p.Cells {
			if cl.Unit == u && cur.comp[c] >= 0 {
				comps[cur.comp[c]] = true
			}
		}
		skip := make([]bool, len(p.Cells))
		for c := range skip {
			skip[c] = !comps[cur.comp[c]]
		}
		hidden[u] = false
		v := newEngine(p).view(r, hidden)
		v.skip = skip
		v.engine.swept = true // sweeping pays when the set is safe: mostly it is not
		cell := -1
		for _, c := range failed { // the likeliest to fail again
			if !skip[c] {
				if ok, err := v.safe(ctx, c); err != nil {
					return nil, err
				} else if !ok {
					cell = c
					break
				}
			}
		}
		if cell < 0 {
			var err error
			if cell, err = v.firstFailure(ctx, 0, skip); err != nil {
				return nil, err
			}
		}
		if cell >= 0 {
			hidden[u] = true
			continue
		}
		changed = true
	}
	if !changed {
		return nil, nil
	}
	return newEngine(p).view(r, hidden), nil
}

// check rejects a problem the engine cannot read: the true values must
// satisfy every relation and lie within what the reader is told.
func check(p *Problem, r Rule) error {
	if r.Threshold < 3 {
		return fmt.Errorf("sdc: threshold %d is below 3", r.Threshold)
	}
	for i, c := range p.Cells {
		if c.Unit < -1 || c.Unit >= len(p.Units) {
			return fmt.Errorf("sdc: cell %d is in unit %d of %d", i, c.Unit, len(p.Units))
		}
		if c.Value < 0 || c.Floor < 0 || c.Floor > c.Value {
			return fmt.Errorf("sdc: cell %d has value %d below its floor %d (or negative)", i, c.Value, c.Floor)
		}
	}
	for i, rel := range p.Relations {
		sum := int64(0)
		for _, t := range rel.Terms {
			if t.Cell < 0 || t.Cell >= len(p.Cells) {
				return fmt.Errorf("sdc: relation %d names cell %d of %d", i, t.Cell, len(p.Cells))
			}
			sum += t.Coef * p.Cells[t.Cell].Value
		}
		if sum != rel.Const {
			return fmt.Errorf("sdc: relation %d does not hold for the true values (%d, not %d)", i, sum, rel.Const)
		}
	}
	return nil
}

// required is the range a small cell must keep: [max(1,Floor), Threshold-1].
func (v *view) required(i int) (lo, hi int64) {
	return max(1, v.p.Cells[i].Floor), v.rule.Threshold - 1
}

// firstFailure returns the first cell from index from on, and not in skip,
// that is not safe, or -1. It stops at the first failure: Protect hides one
// unit at a time. The first view is swept; later ones keep the solutions
// it found.
func (v *view) firstFailure(ctx context.Context, from int, skip []bool) (int, error) {
	if !v.engine.swept {
		v.sweep()
	}
	for i := from; i < len(v.p.Cells); i++ {
		if skip[i] {
			continue
		}
		ok, err := v.safe(ctx, i)
		if err != nil || !ok {
			return i, err
		}
	}
	return -1, nil
}

// safe says whether cell i meets its need, asking for witnesses only until
// the answer is known. Values are tried extremes first to fail fast.
func (v *view) safe(ctx context.Context, i int) (bool, error) {
	box, val := v.box[i], v.p.Cells[i].Value
	if v.known(i) {
		lo, hi := v.required(i)
		return v.needs[i] == needNone || v.needs[i] == needRange && lo == hi, nil
	}
	switch v.needs[i] {
	case needRange:
		lo, hi := v.required(i)
		for _, x := range extremesFirst(lo, hi) {
			if ok, err := v.attain(ctx, i, Interval{x, x}); err != nil || !ok {
				return false, err
			}
		}
	case needTwo:
		if val > box.Lo {
			if ok, err := v.attain(ctx, i, Interval{box.Lo, val - 1}); err != nil || ok {
				return ok, err
			}
		}
		if val < box.Hi {
			return v.attain(ctx, i, Interval{val + 1, box.Hi})
		}
		return false, nil
	}
	return true, nil
}

// fails says whether a cell's range falls short of its need.
func (v *view) fails(i int, rg Range) bool {
	switch v.needs[i] {
	case needRange:
		lo, hi := v.required(i)
		return int64(len(rg.Values)) != hi-lo+1
	case needTwo:
		return !rg.Unbounded && rg.Lo == rg.Hi
	}
	return false
}

// ranges audits every cell.
func (v *view) ranges(ctx context.Context) ([]Range, error) {
	out := make([]Range, len(v.p.Cells))
	if !v.swept {
		v.sweep()
	}
	for i, c := range v.p.Cells {
		if v.known(i) {
			out[i] = Range{Lo: c.Value, Hi: c.Value}
			if v.needs[i] == needRange {
				out[i].Values = []int64{c.Value}
			}
			continue
		}
		if v.needs[i] == needRange {
			lo, hi := v.required(i)
			for x := lo; x <= hi; x++ {
				ok, err := v.attain(ctx, i, Interval{x, x})
				if err != nil {
					return nil, err
				}
				if ok {
					out[i].Values = append(out[i].Values, x)
				}
			}
		}
		var err error
		if out[i].Lo, _, err = v.extreme(ctx, i, false); err != nil {
			return nil, err
		}
		if out[i].Hi, out[i].Unbounded, err = v.extreme(ctx, i, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// choose picks the units to hide next for failing cell i: of the
// candidates (see candidates), in order, the first whose hiding makes i
// safe; else the first that lets a small i take more of its range; else
// plan's units; else the first. When no candidate shares a relation with
// i, the first unit not yet hidden in any relation with a hidden or
// unpublished cell. None: nothing helps. The view returned, if not nil, is
// the chosen set's, with the solutions found while trying it. stuck: no
// hiding can ever make i safe.
func (v *view) choose(ctx context.Context, i int, hidden []bool) (units []int, next *view, stuck bool, err error) {
	p := v.p
	if c := p.Cells[i]; v.known(i) && (c.Unit < 0 || p.Units[c.Unit].Fixed) {
		return nil, nil, true, nil // shown exactly in a Fixed unit: nothing hidden now changes that
	}
	units = v.candidates(i, hidden, v.rels[i])
	if len(units) == 0 {
		var all []int
		for ri, rel := range p.Relations {
			if slices.ContainsFunc(rel.Terms, func(t Term) bool {
				u := p.Cells[t.Cell].Unit
				return u < 0 || hidden[u] && !p.Units[u].Fixed
			}) {
				all = append(all, ri)
			}
		}
		if units = v.candidates(i, hidden, all); len(units) == 0 {
			return nil, nil, false, nil
		}
		return units[:1], nil, false, nil
	}
	base := -1 // how many values of its range a small cell can take
	widen, wider := -1, (*view)(nil)
	for _, u := range units {
		hidden[u] = true
		w := v.engine.view(v.rule, hidden)
		hidden[u] = false
		w.trial = map[int]map[int64]bool{}
		ok, err := w.safe(ctx, i)
		if err != nil {
			return nil, nil, false, err
		}
		if ok {
			return []int{u}, w, false, nil
		}
		if v.needs[i] != needRange || widen >= 0 {
			continue
		}
		if base < 0 {
			if base, err = v.reach(ctx, i); err != nil {
				return nil, nil, false, err
			}
		}
		n, err := w.reach(ctx, i)
		if err != nil {
			return nil, nil, false, err
		}
		if n > base {
			widen, wider = u, w
		}
	}
	if widen >= 0 {
		return []int{widen}, wider, false, nil
	}
	plan, hopeless, err := v.planFor(ctx, i, hidden)
	switch {
	case err != nil:
		return nil, nil, false, err
	case hopeless:
		return nil, nil, true, nil
	case len(plan) > 0:
		return plan, nil, false, nil
	}
	return units[:1], nil, false, nil
}

// planFor asks plan for the units that let failing cell i take a value it
// cannot take now: for a small cell, the first of its range it misses; for
// another, any value but its own (the cheaper side). hopeless: hiding
// every unit would not do it.
func (v *view) planFor(ctx context.Context, i int, hidden []bool) (units []int, hopeless bool, err error) {
	val := v.p.Cells[i].Value
	var wants []Interval
	switch v.needs[i] {
	case needRange:
		lo, hi := v.required(i)
		for _, x := range extremesFirst(lo, hi) {
			ok, err := v.attain(ctx, i, Interval{x, x})
			if err != nil {
				return nil, false, err
			}
			if !ok {
				wants = append(wants, Interval{x, x})
				break
			}
		}
	case needTwo:
		wants = []Interval{{0, val - 1}, {val + 1, math.MaxInt64}}
	}
	if len(wants) == 0 {
		return nil, false, nil
	}
	best, hopeless := math.Inf(1), true
	for _, want := range wants {
		u, cost, ok := v.plan(i, want, hidden)
		if !ok {
			continue
		}
		hopeless = false
		if len(u) > 0 && cost < best {
			units, best = u, cost
		}
	}
	return units, hopeless, nil
}

// reach counts the values of its range small cell i can take.
func (v *view) reach(ctx context.Context, i int) (int, error) {
	if v.known(i) {
		return 1, nil
	}
	lo, hi := v.required(i)
	n := 0
	for x := lo; x <= hi; x++ {
		ok, err := v.attain(ctx, i, Interval{x, x})
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// candidates returns the units that may be hidden for failing cell i, in
// the order better gives: not yet hidden, not Fixed, with a non-zero cell
// in one of the relations rels.
func (v *view) candidates(i int, hidden []bool, rels []int) []int {
	p := v.p
	var out []int
	for _, ri := range rels {
		for _, t := range p.Relations[ri].Terms {
			c := p.Cells[t.Cell]
			if c.Unit < 0 || c.Value == 0 || hidden[c.Unit] || p.Units[c.Unit].Fixed || slices.Contains(out, c.Unit) {
				continue
			}
			out = append(out, c.Unit)
		}
	}
	slices.SortFunc(out, hidingOrder(p.Units))
	return out
}

// hidingOrder compares units in the order they are hidden (see better).
func hidingOrder(units []Unit) func(a, b int) int {
	return func(a, b int) int {
		switch {
		case a == b:
			return 0
		case better(units, a, b):
			return -1
		}
		return 1
	}
}

// better orders units for hiding: non-totals, then smaller, then first.
func better(units []Unit, a, b int) bool {
	if units[a].Total != units[b].Total {
		return !units[a].Total
	}
	if units[a].Size != units[b].Size {
		return units[a].Size < units[b].Size
	}
	return a < b
}

// extremesFirst lists lo..hi with its ends first: a witness for an end is the
// likeliest to be missing, so a failing cell fails fast.
func extremesFirst(lo, hi int64) []int64 {
	order := []int64{lo, hi}
	for x := lo + 1; x < hi; x++ {
		order = append(order, x)
	}
	return order
}
