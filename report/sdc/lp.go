package sdc

import (
	"math"
	"slices"
)

// This file is the engine's own LP solver: a primal simplex on a dense
// tableau with the bounds of the variables kept as bounds (not as rows), so
// a system of m independent rows and n variables costs O(m·n) a step. It
// starts from a point, not from a basis: from the truth, which satisfies
// every row and bound, no phase one is needed at all, and after a bound
// changes (branch and bound, a narrowed cell) the last tableau is reused
// and only the variables the change put out of bounds are brought back, by
// the composite phase one (minimise the sum of the infeasibilities).
//
// It only ever proposes: an integer point it returns is checked exactly by
// the caller, and a bound it proves can only make the engine hide more if
// rounding misled it. A numerical failure is reported as such, and the
// caller falls back to gonum.

const (
	feasTol  = 1e-9 // how far past a bound a value may be and count as within
	costTol  = 1e-9 // reduced costs smaller than this count as zero
	pivotTol = 1e-9 // smaller entries are never pivots
	checkTol = 1e-6 // the greatest residual a returned point may have
	stall    = 50   // degenerate steps in a row before Bland's rule
)

// tableau is the state of the simplex: B⁻¹A with B⁻¹b as its last column,
// which variable is basic in each row, and the current point.
type tableau struct {
	m, n   int
	a      []float64 // m rows of n+1
	basis  []int     // per row: its basic variable
	row    []int     // per variable: its row, -1 when nonbasic
	x      []float64 // the current point
	lo, hi []float64 // bounds; hi +Inf: none
}

func (t *tableau) clone() *tableau {
	return &tableau{m: t.m, n: t.n, a: slices.Clone(t.a), basis: slices.Clone(t.basis),
		row: slices.Clone(t.row), x: slices.Clone(t.x), lo: slices.Clone(t.lo), hi: slices.Clone(t.hi)}
}

func bounds(lo, hi []int64) (l, h []float64) {
	l, h = make([]float64, len(lo)), make([]float64, len(hi))
	for k := range lo {
		l[k] = float64(lo[k])
		h[k] = math.Inf(1)
		if hi[k] != math.MaxInt64 {
			h[k] = float64(hi[k])
		}
	}
	return l, h
}

// crash builds the tableau of rows over n variables at point p (clamped
// into lo..hi): Gauss-Jordan elimination picks a basis, preferring
// variables strictly within their bounds at p, so that the rest are
// nonbasic where p puts them. Dependent rows are dropped; contradicting
// ones make the system infeasible.
func crash(rows []row, n int, p []float64, lo, hi []int64) (*tableau, status) {
	t := &tableau{n: n, row: make([]int, n), x: make([]float64, n)}
	t.lo, t.hi = bounds(lo, hi)
	for k := range n {
		if lo[k] > hi[k] {
			return nil, infeasible
		}
		t.row[k] = -1
		t.x[k] = min(max(p[k], t.lo[k]), t.hi[k])
	}
	w := n + 1
	a := make([]float64, 0, len(rows)*w)
	for _, rw := range rows {
		r := make([]float64, w)
		for at, k := range rw.vars {
			r[k] += float64(rw.coef[at])
		}
		r[n] = float64(rw.rhs)
		a = append(a, r...)
	}
	inside := func(k int) bool { return t.x[k] > t.lo[k]+feasTol && t.x[k] < t.hi[k]-feasTol }
	t.a = a
	var keep []int
	for r := range rows {
		cur := a[r*w : (r+1)*w]
		best, bestAbs, bestIn := -1, 0.0, false
		for j := range n {
			v := math.Abs(cur[j])
			if v < pivotTol {
				continue
			}
			in := inside(j)
			if best < 0 || in && !bestIn || in == bestIn && v > bestAbs*2 {
				best, bestAbs, bestIn = j, v, in
			}
		}
		if best < 0 {
			if math.Abs(cur[n]) > checkTol {
				return nil, infeasible
			}
			continue
		}
		t.eliminate(r, best, len(rows))
		keep = append(keep, r)
		t.basis = append(t.basis, best)
	}
	for i, r := range keep {
		copy(a[i*w:(i+1)*w], a[r*w:(r+1)*w])
		t.row[t.basis[i]] = i
	}
	t.m = len(keep)
	t.a = a[:t.m*w]
	t.settle()
	return t, solved
}

// eliminate scales row r to 1 in column e and clears column e from the
// other rows (the first upto rows of the buffer).
func (t *tableau) eliminate(r, e, upto int) {
	w := t.n + 1
	pr := t.a[r*w : (r+1)*w]
	f := 1 / pr[e]
	for j := range pr {
		pr[j] *= f
	}
	pr[e] = 1
	for i := range upto {
		if i == r {
			continue
		}
		ri := t.a[i*w : (i+1)*w]
		g := ri[e]
		if g == 0 {
			continue
		}
		for j, v := range pr {
			if v != 0 {
				ri[j] -= g * v
			}
		}
		ri[e] = 0
	}
}

// settle recomputes the basic variables from the nonbasic ones.
func (t *tableau) settle() {
	w := t.n + 1
	for i, b := range t.basis {
		ri := t.a[i*w : (i+1)*w]
		v := ri[t.n]
		for j := range t.n {
			if t.row[j] < 0 && ri[j] != 0 {
				v -= ri[j] * t.x[j]
			}
		}
		t.x[b] = v
	}
}

// rebound moves the tableau to new bounds: nonbasic variables are clamped
// into them, and the basic ones follow.
func (t *tableau) rebound(lo, hi []int64) status {
	t.lo, t.hi = bounds(lo, hi)
	for j := range t.n {
		if t.lo[j] > t.hi[j] {
			return infeasible
		}
		if t.row[j] < 0 {
			t.x[j] = min(max(t.x[j], t.lo[j]), t.hi[j])
		}
	}
	t.settle()
	return solved
}

// solve runs the simplex from the tableau's point: phase one while a basic
// variable is out of bounds, then, with c, phase two minimising c. nil c
// asks for a feasible point only.
func (t *tableau) solve(c []float64) status {
	w := t.n + 1
	cb := make([]float64, t.m)
	d := make([]float64, t.n)
	degenerate := 0
	limit := 50*(t.m+t.n) + 1000
	for range limit {
		phase1 := false
		for i, b := range t.basis {
			switch {
			case t.x[b] < t.lo[b]-feasTol:
				cb[i], phase1 = -1, true
			case t.x[b] > t.hi[b]+feasTol:
				cb[i], phase1 = 1, true
			default:
				cb[i] = 0
			}
		}
		if !phase1 {
			if c == nil {
				return solved
			}
			for i, b := range t.basis {
				cb[i] = c[b]
			}
		}
		// Reduced costs of the nonbasic variables.
		for j := range t.n {
			d[j] = 0
			if t.row[j] < 0 && !phase1 {
				d[j] = c[j]
			}
		}
		for i := range t.m {
			if cb[i] == 0 {
				continue
			}
			ri := t.a[i*w : i*w+t.n]
			for j, v := range ri {
				if v != 0 {
					d[j] -= cb[i] * v
				}
			}
		}
		bland := degenerate > stall
		enter, dir, bestD := -1, 0.0, 0.0
		for j := range t.n {
			if t.row[j] >= 0 {
				continue
			}
			var dj float64
			switch {
			case d[j] < -costTol && t.x[j] < t.hi[j]-feasTol:
				dj = -d[j]
			case d[j] > costTol && t.x[j] > t.lo[j]+feasTol:
				dj = d[j]
			default:
				continue
			}
			if dj > bestD {
				enter, bestD = j, dj
				dir = 1.0
				if d[j] > 0 {
					dir = -1
				}
				if bland {
					break
				}
			}
		}
		if enter < 0 {
			if phase1 {
				return infeasible
			}
			return solved
		}
		// Ratio test: the first variable to meet a bound (or, for one out of
		// bounds, the bound it is out of) as the entering one moves.
		theta, leave, to := math.Inf(1), -1, 0.0
		if dir > 0 {
			theta = t.hi[enter] - t.x[enter]
		} else {
			theta = t.x[enter] - t.lo[enter]
		}
		theta = max(theta, 0)
		bestPiv := 0.0
		for i, b := range t.basis {
			alpha := t.a[i*w+enter]
			r := -dir * alpha // rate of change of x[b]
			if math.Abs(r) < pivotTol {
				continue
			}
			xb, l, h := t.x[b], t.lo[b], t.hi[b]
			lim, bd := math.Inf(1), 0.0
			if r > 0 {
				switch {
				case xb < l-feasTol:
					lim, bd = (l-xb)/r, l
				case xb <= h+feasTol && !math.IsInf(h, 1):
					lim, bd = max(h-xb, 0)/r, h
				}
			} else {
				switch {
				case xb > h+feasTol:
					lim, bd = (xb-h)/-r, h
				case xb >= l-feasTol:
					lim, bd = max(xb-l, 0)/-r, l
				}
			}
			if math.IsInf(lim, 1) {
				continue
			}
			switch {
			case lim < theta-1e-12:
			case lim <= theta+1e-12 && leave >= 0 && (bland && b < t.basis[leave] || !bland && math.Abs(alpha) > bestPiv):
			default:
				continue
			}
			theta, leave, to, bestPiv = lim, i, bd, math.Abs(alpha)
		}
		if math.IsInf(theta, 1) {
			if phase1 {
				return failed // cannot happen in exact arithmetic
			}
			return unbounded
		}
		if theta < 1e-12 {
			degenerate++
		} else {
			degenerate = 0
		}
		if theta > 0 {
			t.x[enter] += dir * theta
			for i, b := range t.basis {
				if alpha := t.a[i*w+enter]; alpha != 0 {
					t.x[b] -= dir * theta * alpha
				}
			}
		}
		if leave < 0 { // the entering variable met its own bound
			if dir > 0 {
				t.x[enter] = t.hi[enter]
			} else {
				t.x[enter] = t.lo[enter]
			}
			continue
		}
		out := t.basis[leave]
		t.x[out] = to
		t.row[out] = -1
		t.basis[leave] = enter
		t.row[enter] = leave
		t.eliminate(leave, enter, t.m)
	}
	return failed
}

// residual is the greatest violation of a row or bound at the point.
func (t *tableau) residual(rows []row) float64 {
	worst := 0.0
	for k, v := range t.x {
		worst = max(worst, t.lo[k]-v, v-t.hi[k])
	}
	for _, rw := range rows {
		sum := -float64(rw.rhs)
		for at, k := range rw.vars {
			sum += float64(rw.coef[at]) * t.x[k]
		}
		worst = max(worst, math.Abs(sum))
	}
	return worst
}
