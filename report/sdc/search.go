package sdc

import (
	"context"
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

const (
	// keepPoints bounds the solutions a system keeps.
	keepPoints = 256
	// sweeps bounds the LPs of each direction of sweep.
	sweeps = 2
	// nodeCap bounds branch and bound per question. A question that hits it
	// counts as "not attainable": conservative, it can only hide more.
	nodeCap = 200
	// intTol: how far from an integer an LP value may be and count as one.
	// Integer solutions are then checked exactly, so this cannot mislead.
	intTol = 1e-6
)

// engine holds what outlives one hidden set. Hiding more only widens what
// the reader knows of a cell, so a solution that fitted before still fits:
// the values solutions gave each cell stay attainable for all of Protect.
type engine struct {
	p     *Problem
	rels  [][]int          // per cell: the relations that name it
	seen  []map[int64]bool // per cell: values some checked integer solution gives it
	idx   []int            // per cell: its variable in the system being built, or -1
	mark  []bool           // per relation: taken into the system being built
	swept bool             // some view has been swept
	wide  []Interval       // per cell: how it reads with every unit hidden, once plan asks
	plans *planner         // plan's LP, once plan asks
}

func newEngine(p *Problem) *engine {
	e := &engine{p: p, rels: make([][]int, len(p.Cells)), seen: make([]map[int64]bool, len(p.Cells)),
		idx: make([]int, len(p.Cells)), mark: make([]bool, len(p.Relations))}
	for i, c := range p.Cells {
		e.seen[i] = map[int64]bool{c.Value: true} // the truth is a solution
		e.idx[i] = -1
	}
	for ri, rel := range p.Relations {
		for _, t := range rel.Terms {
			if !slices.Contains(e.rels[t.Cell], ri) {
				e.rels[t.Cell] = append(e.rels[t.Cell], ri)
			}
		}
	}
	return e
}

// view is the problem as the reader sees it with one set of units hidden.
// Unknown cells (not shown exactly) fall into components: cells tied,
// directly or not, by relations. Components are independent of each other.
type view struct {
	*engine
	rule   Rule
	box    []Interval
	needs  []need
	comp   []int           // per cell: its component, -1 if known
	parts  [][]int         // per component: its cells, in index order
	wholes map[int]*system // per component: its system, once built
	swept  bool            // sweep has run on this view
	skip   []bool          // per cell, if not nil: sweep leaves its component alone
	// trial, for a hidden set Protect is only trying, holds the values its
	// solutions give cells: they hold for that set and its supersets, not
	// for the engine's, until Protect adopts the set.
	trial map[int]map[int64]bool
}

// saw says whether some checked solution gives cell c the value x.
func (v *view) saw(c int, x int64) bool { return v.seen[c][x] || v.trial != nil && v.trial[c][x] }

// any says whether f holds for some value a checked solution gives cell c.
func (v *view) any(c int, f func(int64) bool) bool {
	for x := range v.seen[c] {
		if f(x) {
			return true
		}
	}
	for x := range v.trial[c] {
		if f(x) {
			return true
		}
	}
	return false
}

// adopt makes a trial view's hidden set the engine's: its solutions hold
// for every set Protect goes on to try.
func (v *view) adopt() {
	for c, xs := range v.trial {
		for x := range xs {
			v.seen[c][x] = true
		}
	}
	v.trial = nil
}

func (e *engine) view(r Rule, hidden []bool) *view {
	v := &view{engine: e, rule: r, comp: make([]int, len(e.p.Cells)), wholes: map[int]*system{}}
	v.box, v.needs = reading(e.p, r, hidden)
	root := make([]int, len(e.p.Cells))
	find := func(i int) int {
		for root[i] != i {
			root[i] = root[root[i]]
			i = root[i]
		}
		return i
	}
	for i := range root {
		root[i] = i
	}
	for _, rel := range e.p.Relations {
		first := -1
		for _, t := range rel.Terms {
			if v.known(t.Cell) {
				continue
			}
			if first < 0 {
				first = find(t.Cell)
			} else {
				root[find(t.Cell)] = first
			}
		}
	}
	ids := map[int]int{}
	for i := range v.comp {
		v.comp[i] = -1
		if v.known(i) {
			continue
		}
		id, ok := ids[find(i)]
		if !ok {
			id = len(v.parts)
			ids[find(i)] = id
			v.parts = append(v.parts, nil)
		}
		v.comp[i] = id
		v.parts[id] = append(v.parts[id], i)
	}
	return v
}

// known says whether the reader knows cell i exactly from the page.
func (v *view) known(i int) bool { return v.box[i].Lo == v.box[i].Hi }

// whole returns the system of j's component, built once per view so that
// its LPs can start from the basis the last one ended on.
func (v *view) whole(j int) *system {
	k := v.comp[j]
	if v.wholes[k] == nil {
		v.wholes[k] = v.build(v.parts[k])
	}
	return v.wholes[k]
}

// attain reports whether some integer solution puts cell j within want.
// Every solution found is remembered for later questions. First the
// solutions already found; then the LP's least (or greatest) value of j,
// which proves the answer when it misses want and is often an integer
// solution within it; then a search with j held within want, starting
// from the point between that LP solution and the truth where j enters want.
func (v *view) attain(ctx context.Context, j int, want Interval) (bool, error) {
	if v.any(j, func(x int64) bool { return x >= want.Lo && x <= want.Hi }) {
		return true, nil
	}
	s := v.whole(j)
	k := slices.Index(s.cells, j)
	if lo, hi := s.implied(); want.Hi < lo[k] || want.Lo > hi[k] {
		return false, nil
	}
	truth := s.truth()
	c := make([]float64, len(s.cells))
	c[k] = 1 // want lies below the true value, or above it:
	to := float64(want.Hi)
	if want.Lo > v.p.Cells[j].Value {
		c[k], to = -1, float64(want.Lo)
	}
	// A point that takes j past want, on the far side from the truth: a
	// solution found before, or else the LP's least (greatest) value of j.
	var far []float64
	for _, p := range s.points {
		if c[k] > 0 && p[k] < float64(want.Lo) || c[k] < 0 && p[k] > float64(want.Hi) {
			far = p
			break
		}
	}
	if far == nil {
		x, st := s.relax(c, s.lo, s.hi, truth)
		if st == unbounded { // then up to want.Lo
			x, st = s.upTo(k, want.Lo)
		}
		if st == solved {
			if c[k] > 0 && x[k] > to+intTol || c[k] < 0 && x[k] < to-intTol {
				return false, nil
			}
			if pt := integral(x); s.holds(pt, s.lo, s.hi) && pt[k] >= want.Lo && pt[k] <= want.Hi {
				v.record(s, pt)
				return true, nil
			}
			far = x
		}
	}
	// Between the truth and that point lies one with j within want.
	start := far
	if far != nil && (far[k] < float64(want.Lo) || far[k] > float64(want.Hi)) {
		start = make([]float64, len(far))
		f := (truth[k] - to) / (truth[k] - far[k])
		for i := range far {
			start[i] = truth[i] + f*(far[i]-truth[i])
		}
		start[k] = to
	}
	lo, hi := s.narrow(j, want)
	pt, _, _, err := s.integer(ctx, nil, lo, hi, start)
	if pt == nil || err != nil {
		return false, err
	}
	v.record(s, pt)
	return true, nil
}

// extreme returns the least value of cell j, or with up the greatest, that
// an integer solution gives it; unbounded when there is no greatest. When
// the search is cut short it returns the best value found (conservative:
// the range reported is never wider than the truth).
func (v *view) extreme(ctx context.Context, j int, up bool) (int64, bool, error) {
	box := v.box[j]
	better := func(a, b int64) bool { return a < b != up }
	best := v.p.Cells[j].Value
	v.any(j, func(x int64) bool {
		if better(x, best) {
			best = x
		}
		return false
	})
	if !up && best == box.Lo || up && best == box.Hi {
		return best, false, nil
	}
	s := v.whole(j)
	k := slices.Index(s.cells, j)
	if lo, hi := s.implied(); !up && best == lo[k] || up && best == hi[k] {
		return best, false, nil
	}
	if up && s.open() != nil && s.open()[k] {
		return 0, true, nil
	}
	c := make([]float64, len(s.cells))
	c[k] = 1
	if up {
		c[k] = -1
	}
	// Walking from the truth to a vertex, downhill for j, often gets there.
	if pt := integral(s.vertex(s.truth(), s.lo, s.hi, c)); s.holds(pt, s.lo, s.hi) {
		v.record(s, pt)
		if better(pt[k], best) {
			best = pt[k]
		}
		if lo, hi := s.implied(); !up && best == lo[k] || up && best == hi[k] {
			return best, false, nil
		}
	}
	x, _, unb, err := s.integer(ctx, c, s.lo, s.hi, s.truth())
	if err != nil || unb {
		// A ray of the LP with an integer point (the truth) on it: the
		// integer values are unbounded too (the data are rational).
		return 0, unb, err
	}
	if x != nil {
		v.record(s, x)
		if better(x[k], best) {
			best = x[k]
		}
	}
	return best, false, nil
}

// sweep looks, in each component, for solutions with as many cells as
// possible at their least implied value (the least total of the cells not
// yet seen there), then at their greatest: a walk from the truth, then a
// few LPs. Most cells reach both values in them, which spares an LP each.
func (v *view) sweep() {
	v.swept, v.engine.swept = true, true
	for _, cells := range v.parts {
		if len(cells) < 2 || v.skip != nil && v.skip[cells[0]] {
			continue
		}
		s := v.whole(cells[0])
		lo, hi := s.implied()
		for _, up := range []bool{false, true} {
			for round := range sweeps + 1 {
				c := make([]float64, len(s.cells))
				open := false
				for k, cell := range s.cells {
					switch {
					case !up && !v.saw(cell, lo[k]):
						c[k], open = 1, true
					case up && hi[k] != math.MaxInt64 && !v.saw(cell, hi[k]):
						c[k], open = -1, true
					}
				}
				if !open {
					break
				}
				x, st := []float64(nil), solved
				if round == 0 {
					x = s.vertex(s.truth(), s.lo, s.hi, c)
				} else if x, st = s.relax(c, s.lo, s.hi, s.truth()); st != solved {
					break
				}
				pt := integral(x)
				if !s.holds(pt, s.lo, s.hi) {
					if round == 0 {
						continue // the walk ended between integers; the LP may not
					}
					break
				}
				reached := false
				for k, cell := range s.cells {
					reached = reached || c[k] != 0 && (pt[k] == lo[k] || pt[k] == hi[k]) && !v.saw(cell, pt[k])
				}
				v.record(s, pt)
				if !reached {
					break
				}
			}
		}
	}
}

// implied returns bounds on s's variables that follow from its rows one at
// a time (a row bounds each of its cells through the others' bounds),
// repeated while they tighten: outer bounds, found without an LP, that
// prove many cells' least and greatest values once a solution reaches them.
func (s *system) implied() (lo, hi []int64) {
	if s.outer[0] != nil {
		return s.outer[0], s.outer[1]
	}
	const inf = math.MaxInt64
	lo, hi = slices.Clone(s.lo), slices.Clone(s.hi)
	for range 50 {
		tighter := false
		for _, rw := range s.rows {
			for i, k := range rw.vars {
				// The rest of the row lies within [least, most] (or has no
				// least, or no most, through a cell with no upper bound).
				least, most, noLeast, noMost := int64(0), int64(0), false, false
				for j, o := range rw.vars {
					switch a := rw.coef[j]; {
					case j == i:
					case a > 0:
						least += a * lo[o]
						noMost = noMost || hi[o] == inf
						if hi[o] != inf {
							most += a * hi[o]
						}
					default:
						most += a * lo[o]
						noLeast = noLeast || hi[o] == inf
						if hi[o] != inf {
							least += a * hi[o]
						}
					}
				}
				// a·x = rhs - rest, so rhs-most <= a·x <= rhs-least.
				a, newLo, newHi := rw.coef[i], lo[k], hi[k]
				if a > 0 {
					if !noMost {
						newLo = max(newLo, ceilDiv(rw.rhs-most, a))
					}
					if !noLeast {
						newHi = min(newHi, floorDiv(rw.rhs-least, a))
					}
				} else {
					if !noLeast {
						newLo = max(newLo, ceilDiv(rw.rhs-least, a))
					}
					if !noMost {
						newHi = min(newHi, floorDiv(rw.rhs-most, a))
					}
				}
				if newLo != lo[k] || newHi != hi[k] {
					lo[k], hi[k], tighter = newLo, newHi, true
				}
			}
		}
		if !tighter {
			break
		}
	}
	s.outer = [2][]int64{lo, hi}
	return lo, hi
}

// open reports the variables of s with no greatest value, when one LP
// shows they all grow together: a direction d with every row unchanged
// (E d = 0), zero on the variables with an upper bound, and at least 1 on
// every variable the implied bounds leave open. From the truth, an integer
// solution, the solutions then go on for ever along it. nil when there is
// no such direction (some variable is bounded after all; extreme then
// asks the LP of each).
func (s *system) open() []bool {
	if s.rays != nil {
		return *s.rays
	}
	var out []bool
	defer func() { s.rays = &out }()
	_, ihi := s.implied()
	dir := &system{cells: s.cells, base: make([]int64, len(s.cells))}
	dir.lo, dir.hi = make([]int64, len(s.cells)), make([]int64, len(s.cells))
	none := true
	for k := range s.cells {
		if ihi[k] == math.MaxInt64 {
			dir.lo[k], dir.hi[k], none = 1, math.MaxInt64, false
		}
	}
	if none {
		return nil
	}
	for _, rw := range s.rows {
		dir.rows = append(dir.rows, row{vars: rw.vars, coef: rw.coef})
	}
	if _, st := dir.relax(nil, dir.lo, dir.hi, nil); st != solved {
		return nil
	}
	out = make([]bool, len(s.cells))
	for k := range out {
		out[k] = ihi[k] == math.MaxInt64
	}
	return out
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// record remembers the values an integer solution gives its cells.
func (v *view) record(s *system, x []int64) {
	for k, c := range s.cells {
		if v.trial == nil {
			v.seen[c][x[k]] = true
		} else if !v.seen[c][x[k]] {
			if v.trial[c] == nil {
				v.trial[c] = map[int64]bool{}
			}
			v.trial[c][x[k]] = true
		}
	}
	if len(s.points) < keepPoints {
		p := make([]float64, len(x))
		for k := range x {
			p[k] = float64(x[k])
		}
		s.points = append(s.points, p)
	}
}

// system is an integer programme over some unknown cells: bounds per cell
// and equality rows, with every other cell folded into the right-hand side
// at its true value.
type system struct {
	cells  []int   // the cell of each variable
	lo, hi []int64 // bounds (hi math.MaxInt64: none)
	base   []int64 // true values: where a variable no row constrains rests
	rows   []row
	warm   *tableau    // the engine's simplex within lo..hi, kept for warm starts
	root   *form       // gonum's LP in standard form within lo..hi, kept for warm starts
	outer  [2][]int64  // implied bounds, once computed
	points [][]float64 // solutions found, to start searches between them and the truth
	rays   *[]bool     // open, once computed
}

type row struct {
	vars []int
	coef []int64
	rhs  int64
}

// build makes the system of a component: its cells and every relation
// that names one, the known cells folded in.
func (v *view) build(cells []int) *system {
	s := &system{}
	for _, c := range cells {
		v.idx[c] = len(s.cells)
		s.cells = append(s.cells, c)
		s.lo = append(s.lo, v.box[c].Lo)
		s.hi = append(s.hi, v.box[c].Hi)
		s.base = append(s.base, v.p.Cells[c].Value)
	}
	var taken []int
	for _, c := range s.cells {
		for _, ri := range v.rels[c] {
			if v.mark[ri] {
				continue
			}
			v.mark[ri] = true
			taken = append(taken, ri)
			if rw := v.fold(v.p.Relations[ri]); len(rw.vars) > 0 {
				s.rows = append(s.rows, rw)
			}
		}
	}
	for _, ri := range taken {
		v.mark[ri] = false
	}
	for _, c := range s.cells {
		v.idx[c] = -1
	}
	return s
}

// truth is the true point, a solution of every system.
func (s *system) truth() []float64 {
	x := make([]float64, len(s.base))
	for k, b := range s.base {
		x[k] = float64(b)
	}
	return x
}

// narrow returns s's bounds with cell j's narrowed to want.
func (s *system) narrow(j int, want Interval) (lo, hi []int64) {
	lo, hi = slices.Clone(s.lo), slices.Clone(s.hi)
	k := slices.Index(s.cells, j)
	lo[k], hi[k] = max(lo[k], want.Lo), min(hi[k], want.Hi)
	return lo, hi
}

// fold turns a relation into a row over the system's variables.
func (v *view) fold(rel Relation) row {
	rw := row{rhs: rel.Const}
	for _, t := range rel.Terms {
		k := v.idx[t.Cell]
		if k < 0 {
			rw.rhs -= t.Coef * v.p.Cells[t.Cell].Value // known
			continue
		}
		if at := slices.Index(rw.vars, k); at >= 0 {
			rw.coef[at] += t.Coef
		} else {
			rw.vars = append(rw.vars, k)
			rw.coef = append(rw.coef, t.Coef)
		}
	}
	for at := len(rw.vars) - 1; at >= 0; at-- {
		if rw.coef[at] == 0 {
			rw.vars = slices.Delete(rw.vars, at, at+1)
			rw.coef = slices.Delete(rw.coef, at, at+1)
		}
	}
	return rw
}

// status is how an LP ended.
type status uint8

const (
	solved status = iota
	infeasible
	unbounded
	failed // a numerical failure: proves nothing
)

// holds checks an integer point exactly against the system within lo..hi.
func (s *system) holds(x, lo, hi []int64) bool {
	for k := range x {
		if x[k] < lo[k] || x[k] > hi[k] {
			return false
		}
	}
	for _, rw := range s.rows {
		sum := int64(0)
		for at, k := range rw.vars {
			sum += rw.coef[at] * x[k]
		}
		if sum != rw.rhs {
			return false
		}
	}
	return true
}

// integer searches, by LP-based branch and bound (depth first), for the
// integer point of s within lo..hi minimising c; nil c asks for any point.
// start, if not nil, is a point of the LP within lo..hi to begin from.
// exact is false when the search was cut short (nodeCap, numerical
// failure), so that no answer, or the answer's optimality, proves nothing;
// unbounded is set when the LP relaxation is unbounded.
func (s *system) integer(ctx context.Context, c []float64, lo, hi []int64, start []float64) (best []int64, exact, unb bool, err error) {
	type node struct {
		lo, hi []int64
		from   *tableau // the parent's, to start from
	}
	stack := []node{{lo, hi, nil}}
	bestObj := math.Inf(1)
	exact = true
	for nodes := 0; len(stack) > 0; nodes++ {
		if nodes == nodeCap {
			return best, false, false, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, false, false, err
		}
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, st, tab := s.solve(nd.from, c, nd.lo, nd.hi)
		if st == failed {
			x, st = s.relaxGonum(c, nd.lo, nd.hi, start)
			if start != nil && st == solved && !s.holds(integral(x), nd.lo, nd.hi) && fractional(x) < 0 {
				// Rounding drift from the start point: solve this node afresh.
				x, st = s.relaxGonum(c, nd.lo, nd.hi, nil)
			}
		}
		start = nil
		switch st {
		case infeasible:
			continue
		case unbounded:
			if nodes == 0 {
				return nil, true, true, nil
			}
			exact = false
			continue
		case failed:
			exact = false
			continue
		}
		obj := 0.0
		for k := range c {
			obj += c[k] * x[k]
		}
		if obj > bestObj-1+intTol {
			continue // the objective is integral: this branch cannot beat the best by 1
		}
		split := fractional(x)
		if split < 0 {
			pt := integral(x)
			if !s.holds(pt, lo, hi) {
				exact = false
				continue
			}
			best, bestObj = pt, obj
			if c == nil {
				return best, true, false, nil
			}
			continue
		}
		down := node{nd.lo, slices.Clone(nd.hi), tab}
		down.hi[split] = int64(math.Floor(x[split]))
		up := node{slices.Clone(nd.lo), nd.hi, tab}
		up.lo[split] = down.hi[split] + 1
		if x[split]-math.Floor(x[split]) < 0.5 {
			stack = append(stack, up, down) // the nearer side first
		} else {
			stack = append(stack, down, up)
		}
	}
	return best, exact, false, nil
}

// fractional returns the variable of x furthest from an integer, or -1
// when x is integral within intTol.
func fractional(x []float64) int {
	split, far := -1, intTol
	for k, xk := range x {
		if f := math.Abs(xk - math.Round(xk)); f > far {
			split, far = k, f
		}
	}
	return split
}

// integral rounds an LP point that is integral within intTol.
func integral(x []float64) []int64 {
	pt := make([]int64, len(x))
	for k, xk := range x {
		pt[k] = int64(math.Round(xk))
	}
	return pt
}

// form is the LP of a system in gonum's standard form, min cᵀy s.t. Ay = b,
// y >= 0, for given bounds: each variable shifted by its lower bound, one
// with lo == hi moved to the right-hand side as a constant, dependent rows
// dropped, an upper bound made a row y + slack = hi - lo (slacks last).
type form struct {
	a    *mat.Dense // nil: no variable is in a row
	b    []float64
	neq  int       // the rows from neq on are bound rows
	col  []int     // per variable: its column, -1 for none
	warm []int     // a feasible basis to start from, once one is known
	at   []float64 // the vertex of that basis
}

// relax solves the LP relaxation of s within lo..hi, minimising c (nil:
// any feasible point), and returns a value per variable: with the engine's
// own simplex (lp.go), or, when that fails numerically, with gonum's
// (relaxGonum), which uses start.
func (s *system) relax(c []float64, lo, hi []int64, start []float64) ([]float64, status) {
	if x, st, _ := s.solve(nil, c, lo, hi); st != failed {
		return x, st
	}
	return s.relaxGonum(c, lo, hi, start)
}

// solve solves the LP relaxation of s within lo..hi with the engine's own
// simplex, from the tableau from (nil: the system's own, built at the
// truth), and returns the point and the tableau it ended on.
func (s *system) solve(from *tableau, c []float64, lo, hi []int64) ([]float64, status, *tableau) {
	if gonumOnly {
		return nil, failed, nil
	}
	root := slices.Equal(lo, s.lo) && slices.Equal(hi, s.hi)
	if from == nil && s.warm == nil {
		t, st := crash(s.rows, len(s.cells), s.truth(), s.lo, s.hi)
		if st != solved {
			return nil, st, nil
		}
		s.warm = t
	}
	t := from
	if t == nil {
		t = s.warm
	}
	if from != nil || !root {
		t = t.clone()
		if st := t.rebound(lo, hi); st != solved {
			return nil, st, nil
		}
	}
	st := t.solve(c)
	if st == solved && t.residual(s.rows) > checkTol {
		// Rounding drift: start again from the point reached.
		if t == s.warm {
			s.warm = nil
		}
		var st2 status
		if t, st2 = crash(s.rows, len(s.cells), t.x, lo, hi); st2 != solved {
			st = failed
		} else if st = t.solve(c); st == solved && t.residual(s.rows) > checkTol {
			st = failed
		}
	}
	if st == failed {
		if t == s.warm {
			s.warm = nil
		}
		return nil, failed, nil
	}
	if st != solved {
		return nil, st, nil
	}
	return slices.Clone(t.x), solved, t
}

// gonumOnly makes every LP of a system go to gonum (tests of the fallback).
var gonumOnly = false

// relaxGonum is relax with gonum's simplex, the fallback when the engine's
// own simplex fails numerically. start, if not nil, is a point of the LP:
// when no basis is known yet, the LP begins at a vertex found from it (and
// with c nil that vertex is the answer). A variable in no row gets no
// column and rests where c sends it.
func (s *system) relaxGonum(c []float64, lo, hi []int64, start []float64) ([]float64, status) {
	root := slices.Equal(lo, s.lo) && slices.Equal(hi, s.hi)
	f := s.root
	if !root || f == nil {
		var st status
		if f, st = s.standard(lo, hi); st != solved {
			return nil, st
		}
		if root {
			s.root = f
		}
	}
	x := make([]float64, len(s.cells))
	for k := range x {
		x[k] = float64(lo[k])
	}
	st := solved
	if f.a != nil {
		if f.warm == nil && start != nil {
			corner := s.vertex(start, lo, hi, c)
			if c == nil {
				return corner, solved
			}
			f.settle(f.standardPoint(corner, lo, hi))
		}
		_, w := f.a.Dims()
		cost := make([]float64, w)
		for k := range c {
			if f.col[k] >= 0 {
				cost[f.col[k]] = c[k]
			}
		}
		var y []float64
		if y, st = f.simplex(cost, root); st == infeasible || st == failed {
			return nil, st
		}
		for k := range x {
			if f.col[k] >= 0 && y != nil {
				x[k] += y[f.col[k]]
			}
		}
	}
	for k := range x {
		if f.col[k] >= 0 || lo[k] == hi[k] {
			continue
		}
		switch {
		case c == nil || c[k] == 0:
			x[k] = float64(min(max(s.base[k], lo[k]), hi[k]))
			if start != nil {
				x[k] = start[k]
			}
		case c[k] > 0:
			x[k] = float64(lo[k])
		case hi[k] == math.MaxInt64:
			st = unbounded
		default:
			x[k] = float64(hi[k])
		}
	}
	if st == unbounded {
		return nil, unbounded
	}
	return x, st
}

// upTo returns a point of the LP where variable k, which the LP leaves
// unbounded above, is as great as it goes up to limit: from the warm basis
// with one bound row more (capped), so without a phase one.
func (s *system) upTo(k int, limit int64) ([]float64, status) {
	hi := slices.Clone(s.hi)
	hi[k] = min(hi[k], limit)
	c := make([]float64, len(s.cells))
	c[k] = -1
	if x, st, _ := s.solve(nil, c, s.lo, hi); st != failed {
		return x, st
	}
	return s.upToGonum(k, limit)
}

// upToGonum is upTo with gonum's simplex.
func (s *system) upToGonum(k int, limit int64) ([]float64, status) {
	f := s.root
	x := s.truth()
	if f == nil || f.col[k] < 0 { // k is in no row: it alone moves
		x[k] = float64(limit)
		return x, solved
	}
	if f.warm == nil {
		return nil, failed
	}
	col := f.col[k]
	g := f.capped(col, max(float64(limit-s.lo[k]), f.at[col]))
	_, w := g.a.Dims()
	cost := make([]float64, w)
	cost[col] = -1
	y, st := g.simplex(cost, false)
	if st != solved {
		return nil, st
	}
	for i := range x {
		switch {
		case f.col[i] >= 0:
			x[i] = float64(s.lo[i]) + y[f.col[i]]
		case s.lo[i] == s.hi[i]:
			x[i] = float64(s.lo[i])
		}
	}
	return x, solved
}

// vertex moves a point z of the LP within lo..hi to a vertex: while the
// columns of the variables strictly within their bounds are dependent, it
// moves along a vector of their null space until one meets a bound, the
// way that lowers c where it can. The LP can then start from that vertex
// without gonum's phase one, and the vertex, often integral, is itself a
// solution with many cells at their bounds.
func (s *system) vertex(z []float64, lo, hi []int64, c []float64) []float64 {
	x := slices.Clone(z)
	at := func(k int) bool {
		return x[k] <= float64(lo[k])+intTol || hi[k] != math.MaxInt64 && x[k] >= float64(hi[k])-intTol
	}
	snap := func(k int) {
		x[k] = min(max(x[k], float64(lo[k])), float64(hi[k]))
		if x[k]-float64(lo[k]) < float64(hi[k])-x[k] {
			x[k] = float64(lo[k])
		} else {
			x[k] = float64(hi[k])
		}
	}
	var free []int // variables within their bounds
	pos := make([]int, len(x))
	for k := range x {
		pos[k] = -1
		if at(k) {
			snap(k)
		} else {
			pos[k] = len(free)
			free = append(free, k)
		}
	}
	// The null space of the free columns, from the rows in reduced form.
	var nulls [][]float64
	var pivots []int // per reduced row: its pivot column
	var reduced [][]float64
	for _, rw := range s.rows {
		r := make([]float64, len(free))
		for i, k := range rw.vars {
			if pos[k] >= 0 {
				r[pos[k]] = float64(rw.coef[i])
			}
		}
		for i, p := range pivots {
			if f := r[p]; f != 0 {
				for q, v := range reduced[i] {
					r[q] -= f * v
				}
			}
		}
		p := 0
		for q := range r {
			if math.Abs(r[q]) > math.Abs(r[p]) {
				p = q
			}
		}
		if len(r) == 0 || math.Abs(r[p]) < 1e-9 {
			continue
		}
		f := r[p]
		for q := range r {
			r[q] /= f
		}
		for i := range reduced { // keep earlier rows reduced in the new pivot
			if g := reduced[i][p]; g != 0 {
				for q, v := range r {
					reduced[i][q] -= g * v
				}
			}
		}
		reduced, pivots = append(reduced, r), append(pivots, p)
	}
	for q := range free {
		if slices.Contains(pivots, q) {
			continue
		}
		n := make([]float64, len(free))
		n[q] = 1
		for i, p := range pivots {
			n[p] = -reduced[i][q]
		}
		nulls = append(nulls, n)
	}
	for len(nulls) > 0 {
		n := nulls[0]
		// The step to the nearest bound along n or against it; downhill for
		// c when n changes it and that way is bounded.
		steps := [2]float64{math.Inf(1), math.Inf(1)}
		for d, sign := range []float64{1, -1} {
			for q, k := range free {
				if pos[k] < 0 {
					continue
				}
				switch v := sign * n[q]; {
				case v < -1e-12:
					steps[d] = min(steps[d], (x[k]-float64(lo[k]))/-v)
				case v > 1e-12 && hi[k] != math.MaxInt64:
					steps[d] = min(steps[d], (float64(hi[k])-x[k])/v)
				}
			}
		}
		slope := 0.0
		for q, k := range free {
			if pos[k] >= 0 && c != nil {
				slope += c[k] * n[q]
			}
		}
		back := steps[1] < steps[0] // against n: the nearer bound
		switch {
		case slope > 1e-12:
			back = !math.IsInf(steps[1], 1)
		case slope < -1e-12:
			back = math.IsInf(steps[0], 1)
		}
		step, dir := steps[0], 1.0
		if back {
			step, dir = steps[1], -1
		}
		if math.IsInf(step, 1) { // n moves nothing any more
			nulls = nulls[1:]
			continue
		}
		for q, k := range free {
			if pos[k] >= 0 {
				x[k] += step * dir * n[q]
			}
		}
		// Every variable now at a bound leaves the free set, taking with it
		// one null vector that moves it (n itself for the one that stopped it).
		moved := false
		for q, k := range free {
			if pos[k] < 0 || !at(k) {
				continue
			}
			snap(k)
			pos[k] = -1
			piv := slices.IndexFunc(nulls, func(m []float64) bool { return math.Abs(m[q]) > 1e-9 })
			if piv < 0 {
				continue
			}
			p := nulls[piv]
			nulls = slices.Delete(nulls, piv, piv+1)
			for _, m := range nulls {
				if f := m[q] / p[q]; f != 0 {
					for i := range m {
						m[i] -= f * p[i]
					}
				}
			}
			moved = true
		}
		if !moved { // nothing met a bound: no vector was spent; stop rather than loop
			break
		}
	}
	return x
}

// standardPoint turns a point of s into the form's variables: shifted
// values, then the slacks of the bound rows.
func (f *form) standardPoint(x []float64, lo, hi []int64) []float64 {
	_, w := f.a.Dims()
	y := make([]float64, w)
	slack := w - (f.a.RawMatrix().Rows - f.neq)
	for k, col := range f.col {
		if col < 0 {
			continue
		}
		y[col] = x[k] - float64(lo[k])
		if hi[k] != math.MaxInt64 {
			y[slack] = float64(hi[k]) - x[k]
			slack++
		}
	}
	return y
}

// standard puts s within lo..hi into standard form; it finds infeasible
// bounds and contradicting rows on the way.
func (s *system) standard(lo, hi []int64) (*form, status) {
	f := &form{col: make([]int, len(s.cells))}
	cols := 0
	for k := range f.col {
		if lo[k] > hi[k] {
			return nil, infeasible
		}
		f.col[k] = -1
	}
	for _, rw := range s.rows {
		for _, k := range rw.vars {
			if f.col[k] < 0 && lo[k] < hi[k] {
				f.col[k] = cols
				cols++
			}
		}
	}
	var eqs [][]float64
	var rhs []float64
	for _, rw := range s.rows {
		eq, b, any := make([]float64, cols), rw.rhs, false
		for at, k := range rw.vars {
			b -= rw.coef[at] * lo[k]
			if f.col[k] >= 0 {
				eq[f.col[k]] = float64(rw.coef[at])
				any = true
			}
		}
		if !any {
			if b != 0 {
				return nil, infeasible
			}
			continue
		}
		eqs, rhs = append(eqs, eq), append(rhs, float64(b))
	}
	keep, ok := independent(eqs, rhs)
	if !ok {
		return nil, infeasible
	}
	if cols == 0 {
		return f, solved
	}
	var bounded []int
	for k := range f.col {
		if f.col[k] >= 0 && hi[k] != math.MaxInt64 {
			bounded = append(bounded, k)
		}
	}
	f.neq = len(keep)
	m, w := len(keep)+len(bounded), cols+len(bounded)
	f.a, f.b = mat.NewDense(m, w, nil), make([]float64, m)
	for r, e := range keep {
		f.a.SetRow(r, append(eqs[e], make([]float64, len(bounded))...))
		f.b[r] = rhs[e]
	}
	for at, k := range bounded {
		f.a.Set(f.neq+at, f.col[k], 1)
		f.a.Set(f.neq+at, cols+at, 1)
		f.b[f.neq+at] = float64(hi[k] - lo[k])
	}
	return f, solved
}

// simplex solves the form for cost with gonum; keep: remember the basis
// it ends on, to start the next solve of this form there.
//
// gonum finds a first basis by testing columns one at a time for
// independence, which costs a QR factorisation per column. This does
// phase one itself instead: an artificial column per equation row (signed
// so that it starts at |b|) and the bound rows' slacks make a diagonal,
// feasible first basis; minimising the artificials finds a feasible
// vertex. Phase two starts from that vertex's columns, completed to a
// basis. A square system (as many independent rows as columns) has one
// point and is solved directly, since gonum would call a tiny negative
// rounding error infeasible.
func (f *form) simplex(cost []float64, keep bool) (y []float64, st status) {
	defer func() {
		if recover() != nil { // gonum panics on a basis it finds singular or infeasible
			y, st = nil, failed
		}
	}()
	a, b := f.a, f.b
	m, w := a.Dims()
	if m == w {
		var sol mat.VecDense
		if sol.SolveVec(a, mat.NewVecDense(m, b)) != nil {
			return nil, failed
		}
		y = sol.RawVector().Data
		for i := range y {
			if y[i] < -intTol {
				return nil, infeasible
			}
			y[i] = max(y[i], 0)
		}
		return y, solved
	}
	phase2 := slices.ContainsFunc(cost, func(v float64) bool { return v != 0 })
	if f.warm != nil {
		if y, st = warmly(cost, a, b, f.warm); st == solved && keep && phase2 {
			f.settle(y)
		}
		if st == solved || st == unbounded {
			return y, st
		}
	}
	one := mat.NewDense(m, w+f.neq, nil)
	one.Slice(0, m, 0, w).(*mat.Dense).Copy(a)
	art := make([]float64, w+f.neq)
	first := make([]int, m)
	for i := range m {
		if i < f.neq {
			first[i] = w + i
			art[w+i] = 1
			one.Set(i, w+i, math.Copysign(1, b[i]))
		} else {
			first[i] = w - m + i
		}
	}
	left, y, err := lp.Simplex(art, one, b, 1e-10, first)
	if st := verdict(err); st != solved {
		return nil, st
	}
	if left > 1e-7 {
		return nil, infeasible
	}
	y = y[:w]
	if !phase2 && !keep {
		return y, solved
	}
	start := basis(a, y)
	if start == nil {
		return nil, failed
	}
	if keep {
		f.warm, f.at = start, y
	}
	if !phase2 {
		return y, solved
	}
	if y, st = warmly(cost, a, b, start); st == solved && keep {
		f.settle(y)
	}
	return y, st
}

// settle makes the vertex y, if a basis for it is found, the start of the
// next solve.
func (f *form) settle(y []float64) {
	if start := basis(f.a, y); start != nil {
		f.warm, f.at = start, y
	}
}

// capped is the form with one more bound row, on column col: y <= limit,
// which must hold at the warm vertex. Its slack joins the warm basis, so
// the capped form starts warm too: the greatest value of a variable the
// LP leaves unbounded, up to limit, costs no phase one.
func (f *form) capped(col int, limit float64) *form {
	m, w := f.a.Dims()
	a := mat.NewDense(m+1, w+1, nil)
	a.Slice(0, m, 0, w).(*mat.Dense).Copy(f.a)
	a.Set(m, col, 1)
	a.Set(m, w, 1)
	at := append(slices.Clone(f.at), limit-f.at[col])
	return &form{a: a, b: append(slices.Clone(f.b), limit), neq: f.neq, col: f.col,
		warm: append(slices.Clone(f.warm), w), at: at}
}

// warmly runs gonum from a feasible basis.
func warmly(cost []float64, a *mat.Dense, b []float64, start []int) (y []float64, st status) {
	defer func() {
		if recover() != nil {
			y, st = nil, failed
		}
	}()
	_, y, err := lp.Simplex(cost, a, b, 1e-10, start)
	return y, verdict(err)
}

// basis returns a basis for the vertex y: its non-zero columns, completed
// with others (slacks first) to as many independent columns as rows.
func basis(a *mat.Dense, y []float64) []int {
	m, w := a.Dims()
	var order []int
	for j := range w {
		if y[j] > 1e-9 {
			order = append(order, j)
		}
	}
	for j := w - 1; j >= 0; j-- {
		if y[j] <= 1e-9 {
			order = append(order, j)
		}
	}
	vecs := make([][]float64, len(order))
	for k, j := range order {
		vecs[k] = mat.Col(nil, j, a)
	}
	keep, _ := independent(vecs, make([]float64, len(order)))
	if len(keep) != m {
		return nil
	}
	for k := range keep {
		keep[k] = order[keep[k]]
	}
	return keep
}

// verdict reads gonum's error.
func verdict(err error) status {
	switch {
	case err == nil:
		return solved
	case errors.Is(err, lp.ErrInfeasible):
		return infeasible
	case errors.Is(err, lp.ErrUnbounded):
		return unbounded
	}
	return failed
}

// independent returns the indices of a maximal set of linearly independent
// rows of a, in order; ok is false when a dependent row's right-hand side
// contradicts the others (the equations have no solution).
func independent(a [][]float64, b []float64) (keep []int, ok bool) {
	type pivot struct {
		row []float64
		b   float64
		at  int
	}
	var basis []pivot
	for i := range a {
		r, rb := slices.Clone(a[i]), b[i]
		for _, p := range basis {
			if f := r[p.at]; f != 0 {
				for k, v := range p.row {
					r[k] -= f * v
				}
				rb -= f * p.b
			}
		}
		at := 0
		for k := range r {
			if math.Abs(r[k]) > math.Abs(r[at]) {
				at = k
			}
		}
		if len(r) == 0 || math.Abs(r[at]) < 1e-9 {
			if math.Abs(rb) > 1e-6 {
				return nil, false
			}
			continue
		}
		f := r[at]
		for k := range r {
			r[k] /= f
		}
		basis = append(basis, pivot{r, rb / f, at})
		keep = append(keep, i)
	}
	return keep, true
}
