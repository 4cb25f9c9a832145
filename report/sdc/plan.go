package sdc

import (
	"math"
	"slices"
)

// planner is the LP behind plan, built once per Protect: a variable y per
// cell that is not known exactly with every unit hidden (the others are
// constants), and, for a cell of a unit that can be hidden, up and down:
// the cell is y + up - down, y within what the page says of it now, and
// up and down the way out to what it would say hidden, each unit of
// change at the unit's cost. Between questions only bounds change, so the
// tableau is kept and each question starts from the last one's vertex.
type planner struct {
	y, up, down []int // per cell: its variables, -1 for none
	rows        []row
	cost        []float64
	owner       []int // per variable: the unit whose hiding it stands for, or -1
	truth       []float64
	t           *tableau // nil until the first question, or after a failure
}

// planner builds the plan LP of the engine's problem under rule r.
func (e *engine) planner(r Rule) *planner {
	if e.plans != nil {
		return e.plans
	}
	p := e.p
	all := make([]bool, len(p.Units))
	for u := range all {
		all[u] = true
	}
	wide, _ := reading(p, r, all)
	top := int64(1)
	cells := make([]int, len(p.Units))
	for _, u := range p.Units {
		top = max(top, u.Size)
	}
	for _, c := range p.Cells {
		if c.Unit >= 0 && c.Value > 0 {
			cells[c.Unit]++
		}
	}
	// A unit costs more the more cells it holds (each hidden one must be
	// protected in turn), a total much more, then a larger one a little.
	weight := func(u int) float64 {
		w := (1 + float64(p.Units[u].Size)/float64(top+1)) * float64(cells[u])
		if p.Units[u].Total {
			w *= 16
		}
		return w
	}
	pl := &planner{y: make([]int, len(p.Cells)), up: make([]int, len(p.Cells)), down: make([]int, len(p.Cells))}
	add := func(v int64, cost float64, unit int) int {
		pl.cost, pl.owner, pl.truth = append(pl.cost, cost), append(pl.owner, unit), append(pl.truth, float64(v))
		return len(pl.cost) - 1
	}
	for k, c := range p.Cells {
		pl.y[k], pl.up[k], pl.down[k] = -1, -1, -1
		if wide[k].Lo == wide[k].Hi {
			continue // known exactly whatever is hidden
		}
		pl.y[k] = add(c.Value, 0, -1)
		if c.Unit >= 0 && !p.Units[c.Unit].Fixed {
			pl.up[k] = add(0, weight(c.Unit), c.Unit)
			pl.down[k] = add(0, weight(c.Unit), c.Unit)
		}
	}
	for _, rel := range p.Relations {
		rw := row{rhs: rel.Const}
		for _, t := range rel.Terms {
			k := t.Cell
			if pl.y[k] < 0 {
				rw.rhs -= t.Coef * p.Cells[k].Value
				continue
			}
			rw.vars, rw.coef = append(rw.vars, pl.y[k]), append(rw.coef, t.Coef)
			if pl.up[k] >= 0 {
				rw.vars, rw.coef = append(rw.vars, pl.up[k], pl.down[k]), append(rw.coef, t.Coef, -t.Coef)
			}
		}
		if len(rw.vars) > 0 {
			pl.rows = append(pl.rows, rw)
		}
	}
	e.plans, e.wide = pl, wide
	return pl
}

// plan finds, when no single unit would make cell i safe, a set of units
// whose hiding lets i take a value within want: the cheapest way out in the
// plan LP, with i itself within want and what the page says of it now. The
// units whose cells it moves are the plan. ok is false when no unit hidden
// can get i within want (the LP has no solution, and i's own unit cannot be
// hidden or already is); units is empty when the LP needs no unit (its
// solution is not integral), or failed.
func (v *view) plan(i int, want Interval, hidden []bool) (units []int, cost float64, ok bool) {
	p := v.p
	pl := v.engine.planner(v.rule)
	own := p.Cells[i].Unit
	if own >= 0 && (hidden[own] || p.Units[own].Fixed) {
		own = -1 // i reads as it would hidden: nothing more to hide of its own
	}
	lo64, hi64 := max(want.Lo, v.box[i].Lo), min(want.Hi, v.box[i].Hi)
	if pl.y[i] < 0 || lo64 > hi64 {
		// Outside what the page says of i now: its own unit must go first.
		if own >= 0 && pl.y[i] >= 0 {
			return []int{own}, 0, true
		}
		return nil, 0, false
	}
	n := len(pl.cost)
	lo, hi := make([]int64, n), make([]int64, n)
	for k, c := range p.Cells {
		y := pl.y[k]
		if y < 0 {
			continue
		}
		lo[y], hi[y] = v.box[k].Lo, v.box[k].Hi
		if pl.up[k] < 0 {
			continue
		}
		up, down := int64(0), int64(0)
		if !hidden[c.Unit] && k != i {
			up, down = int64(math.MaxInt64), v.box[k].Lo-v.wide[k].Lo
			if v.wide[k].Hi != math.MaxInt64 {
				up = v.wide[k].Hi - v.box[k].Hi
			}
		}
		hi[pl.up[k]], hi[pl.down[k]] = up, down
	}
	lo[pl.y[i]], hi[pl.y[i]] = lo64, hi64
	st := solved
	for try := 0; try < 2; try++ {
		if pl.t == nil {
			if pl.t, st = crash(pl.rows, n, pl.truth, lo, hi); st != solved {
				pl.t = nil
				break
			}
		} else if st = pl.t.rebound(lo, hi); st != solved {
			break
		}
		if st = pl.t.solve(pl.cost); st == solved && pl.t.residual(pl.rows) > checkTol {
			st = failed
		}
		if st != failed {
			break
		}
		pl.t = nil // start again from the truth
	}
	switch {
	case st == infeasible && own >= 0:
		return []int{own}, 0, true // with i's own unit shown there is no way
	case st == infeasible:
		return nil, 0, false
	case st != solved:
		return nil, 0, true
	}
	for k, x := range pl.t.x {
		if pl.owner[k] >= 0 && x > intTol {
			cost += pl.cost[k] * x
			if !slices.Contains(units, pl.owner[k]) {
				units = append(units, pl.owner[k])
			}
		}
	}
	slices.Sort(units)
	return units, cost, true
}
