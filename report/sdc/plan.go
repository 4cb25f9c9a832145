package sdc

import (
	"math"
	"slices"
)

// plan finds, when no single unit would make cell i safe, a set of units
// whose hiding lets i take a value within want: one LP over every cell,
// where a cell of a unit not yet hidden may leave what the page now says of
// it for what it would say hidden, at a cost per unit of change (totals
// dearer, then larger units). The units whose cells it moves are the plan.
// ok is false when even hiding every unit leaves i outside want (the LP has
// no solution: nothing hidden helps); units is empty when the LP needs no
// unit (its solution is not integral), or the LP failed.
func (v *view) plan(i int, want Interval, hidden []bool) (units []int, cost float64, ok bool) {
	p := v.p
	if v.wide == nil {
		all := make([]bool, len(p.Units))
		for u := range all {
			all[u] = true
		}
		v.engine.wide, _ = reading(p, v.rule, all)
	}
	top := int64(1)
	for _, u := range p.Units {
		top = max(top, u.Size)
	}
	cells := make([]int, len(p.Units))
	for _, cl := range p.Cells {
		if cl.Unit >= 0 && cl.Value > 0 {
			cells[cl.Unit]++
		}
	}
	weight := func(u int) float64 {
		w := (1 + float64(p.Units[u].Size)/float64(top+1)) * float64(cells[u])
		if p.Units[u].Total {
			w *= 16
		}
		return w
	}
	s := &system{}
	var c []float64
	var owner []int // per variable: the unit a deviation hides, or -1
	add := func(cell int, lo, hi int64, cst float64, unit int) int {
		s.cells = append(s.cells, cell)
		s.lo, s.hi = append(s.lo, lo), append(s.hi, hi)
		c, owner = append(c, cst), append(owner, unit)
		return len(s.cells) - 1
	}
	// Each cell is y (within what the page says now) + up - down.
	type parts struct{ y, up, down int }
	vars := make([]parts, len(p.Cells))
	start := []float64{}
	for k, cl := range p.Cells {
		now, wide := v.box[k], v.wide[k]
		vars[k] = parts{-1, -1, -1}
		movable := cl.Unit >= 0 && !hidden[cl.Unit] && !p.Units[cl.Unit].Fixed &&
			(wide.Lo < now.Lo || wide.Hi > now.Hi)
		if now.Lo == now.Hi && !movable && k != i {
			continue // a constant
		}
		vars[k].y = add(k, now.Lo, now.Hi, 0, -1)
		start = append(start, float64(cl.Value))
		if movable {
			up := int64(math.MaxInt64)
			if wide.Hi != math.MaxInt64 {
				up = wide.Hi - now.Hi
			}
			vars[k].up = add(k, 0, up, weight(cl.Unit), cl.Unit)
			vars[k].down = add(k, 0, now.Lo-wide.Lo, weight(cl.Unit), cl.Unit)
			start = append(start, 0, 0)
		}
	}
	term := func(rw *row, cell int, coef int64) {
		pv := vars[cell]
		if pv.y < 0 {
			rw.rhs -= coef * p.Cells[cell].Value
			return
		}
		rw.vars, rw.coef = append(rw.vars, pv.y), append(rw.coef, coef)
		if pv.up >= 0 {
			rw.vars, rw.coef = append(rw.vars, pv.up, pv.down), append(rw.coef, coef, -coef)
		}
	}
	for _, rel := range p.Relations {
		rw := row{rhs: rel.Const}
		for _, t := range rel.Terms {
			term(&rw, t.Cell, t.Coef)
		}
		if len(rw.vars) > 0 {
			s.rows = append(s.rows, rw)
		} else if rw.rhs != 0 {
			return nil, 0, false
		}
	}
	// The target: i within want, and within what it would read hidden.
	lo, hi := max(want.Lo, v.wide[i].Lo), min(want.Hi, v.wide[i].Hi)
	if lo > hi {
		return nil, 0, false
	}
	tgt := add(i, lo, hi, 0, -1)
	start = append(start, float64(min(max(p.Cells[i].Value, lo), hi)))
	rw := row{rhs: 0, vars: []int{tgt}, coef: []int64{-1}}
	term(&rw, i, 1)
	s.rows = append(s.rows, rw)
	t, st := crash(s.rows, len(s.cells), start, s.lo, s.hi)
	if st == solved {
		st = t.solve(c)
	}
	switch {
	case st == infeasible:
		return nil, 0, false
	case st != solved || t.residual(s.rows) > checkTol:
		return nil, 0, true
	}
	for k, x := range t.x {
		if owner[k] >= 0 && x > intTol {
			cost += c[k] * x
			if !slices.Contains(units, owner[k]) {
				units = append(units, owner[k])
			}
		}
	}
	slices.Sort(units)
	return units, cost, true
}
