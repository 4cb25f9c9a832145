package sdc

import (
	"context"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"testing"
)

// This file checks the engine against exhaustive enumeration. It shares
// no code with the engine: it reads the page its own way and tries every
// integer assignment in a box, pruning only on sums that cannot be met.

// bruteBox is how the reader sees cell i, with "no upper bound" cut at limit.
func bruteBox(p *Problem, r Rule, hidden []bool, i int, limit int64) (lo, hi int64) {
	c := p.Cells[i]
	small := c.Value >= 1 && c.Value <= r.Threshold-1
	if c.Unit == -1 {
		return c.Floor, limit
	}
	if c.Value == 0 {
		return 0, 0
	}
	if hidden[c.Unit] && !p.Units[c.Unit].Fixed {
		lo := max(c.Floor, 1)
		if r.OneSymbol {
			return lo, limit
		}
		if small {
			return lo, r.Threshold - 1
		}
		return max(c.Floor, r.Threshold), limit
	}
	if !r.Round {
		return c.Value, c.Value
	}
	shown := int64(0) // the multiple of 5 nearest the value
	for shown+2 < c.Value {
		shown += 5
	}
	lo = max(shown-2, c.Floor, 1)
	if !small {
		lo = max(lo, r.Threshold)
	}
	return lo, shown + 2
}

// bruteValues returns, per cell, every value some integer assignment within
// the boxes gives it; ok is false when the search passed budget nodes.
func bruteValues(p *Problem, r Rule, hidden []bool, limit int64, budget int) (vals []map[int64]bool, ok bool) {
	n := len(p.Cells)
	lo, hi := make([]int64, n), make([]int64, n)
	for i := range n {
		lo[i], hi[i] = bruteBox(p, r, hidden, i, limit)
	}
	touching := make([][]int, n)
	for ri, rel := range p.Relations {
		for _, t := range rel.Terms {
			touching[t.Cell] = append(touching[t.Cell], ri)
		}
	}
	val, set := make([]int64, n), make([]bool, n)
	hit := make([][]bool, n) // per cell, per value up to the largest box
	for i := range hit {
		hit[i] = make([]bool, hi[i]+1)
	}
	// possible: can relation ri still hold, given the cells set so far?
	possible := func(ri int) bool {
		rel := p.Relations[ri]
		least, most := int64(0), int64(0)
		for _, t := range rel.Terms {
			a, b := t.Coef*lo[t.Cell], t.Coef*hi[t.Cell]
			if set[t.Cell] {
				a, b = t.Coef*val[t.Cell], t.Coef*val[t.Cell]
			}
			least, most = least+min(a, b), most+max(a, b)
		}
		return least <= rel.Const && rel.Const <= most
	}
	nodes := 0
	var walk func(i int) bool
	walk = func(i int) bool {
		if nodes++; nodes > budget {
			return false
		}
		if i == n {
			for c := range n {
				hit[c][val[c]] = true
			}
			return true
		}
		from, to := lo[i], hi[i]
		// A relation with i as its last unset cell gives i's value outright.
		for _, ri := range touching[i] {
			rest, coef, others := p.Relations[ri].Const, int64(0), 0
			for _, t := range p.Relations[ri].Terms {
				switch {
				case t.Cell == i:
					coef += t.Coef
				case set[t.Cell]:
					rest -= t.Coef * val[t.Cell]
				default:
					others++
				}
			}
			if others == 0 && coef != 0 {
				if rest%coef != 0 {
					return true
				}
				from, to = max(from, rest/coef), min(to, rest/coef)
			}
		}
		for x := from; x <= to; x++ {
			val[i], set[i] = x, true
			good := true
			for _, ri := range touching[i] {
				good = good && possible(ri)
			}
			if good && !walk(i+1) {
				return false
			}
		}
		set[i] = false
		return true
	}
	if !walk(0) {
		return nil, false
	}
	vals = make([]map[int64]bool, n)
	for i := range vals {
		vals[i] = map[int64]bool{}
		for v, ok := range hit[i] {
			if ok {
				vals[i][int64(v)] = true
			}
		}
	}
	return vals, true
}

// randomProblem makes a small one-way table, two-way table, trend, a
// release differenced against an earlier one, or a table with a weighted sum.
func randomProblem(rng *rand.Rand, r Rule) (*Problem, string) {
	count := func() int64 {
		switch x := rng.Intn(20); {
		case x < 2:
			return 0
		case x < 9:
			return 1 + rng.Int63n(r.Threshold-1)
		default:
			return r.Threshold + rng.Int63n(2*r.Threshold)
		}
	}
	var b builder
	switch kind := rng.Intn(5); kind {
	case 4:
		// A weighted sum is known too (calls times a weight, say), so the
		// LP's vertices need not be integral: branch and bound decides.
		values := make([]int64, 2+rng.Intn(2))
		for k := range values {
			values[k] = count()
		}
		g, _ := b.oneWay(values...)
		rel := Relation{}
		for k, c := range g {
			w := 1 + rng.Int63n(3)
			rel.Terms = append(rel.Terms, Term{c, w})
			rel.Const += w * values[k]
		}
		b.p.Relations = append(b.p.Relations, rel)
		return &b.p, fmt.Sprintf("weighted one-way %v %+v", values, rel)
	case 3:
		a, sub := make([]int64, 2+rng.Intn(2)), []int64{}
		for k := range a {
			a[k] = count()
			sub = append(sub, a[k]-min(a[k], rng.Int63n(r.Threshold+1)))
		}
		p, _ := releases(a, sub)
		return p, fmt.Sprintf("release %v then %v", a, sub)
	case 0:
		values := make([]int64, 2+rng.Intn(3))
		for k := range values {
			values[k] = count()
		}
		g, _ := b.oneWay(values...)
		for _, c := range g {
			if rng.Intn(2) == 0 || b.p.Cells[c].Value == 0 {
				b.p.Cells[c].Floor = 0
			}
		}
		return &b.p, fmt.Sprintf("one-way %v", values)
	case 1:
		rows, cols := 2, 2+rng.Intn(2)
		colCells := make([][]int, cols)
		var rowTotals []int
		for range rows {
			u := b.unit(Unit{})
			var cells []int
			sum := int64(0)
			for c := range cols {
				v := count()
				cells = append(cells, b.cell(v, 0, u))
				colCells[c] = append(colCells[c], cells[c])
				sum += v
			}
			b.p.Units[u].Size = sum
			rowTotals = append(rowTotals, b.cell(sum, 0, u))
			b.sum(rowTotals[len(rowTotals)-1], cells...)
		}
		u := b.unit(Unit{Total: true})
		grand := int64(0)
		for c := range cols {
			sum := int64(0)
			for _, x := range colCells[c] {
				sum += b.p.Cells[x].Value
			}
			b.sum(b.cell(sum, 0, u), colCells[c]...)
			grand += sum
		}
		b.sum(b.cell(grand, 0, u), rowTotals...)
		return &b.p, fmt.Sprintf("two-way %dx%d", rows, cols)
	default:
		weeks := 2 + rng.Intn(2)
		before := rng.Int63n(3 * r.Threshold)
		created, resolved := make([]int64, weeks), make([]int64, weeks)
		backlog := before
		for w := range weeks {
			created[w] = count()
			resolved[w] = min(count(), backlog+created[w])
			backlog += created[w] - resolved[w]
		}
		p, _ := trend(before, created, resolved)
		if rng.Intn(3) == 0 {
			p.Cells[0].Unit = -1 // the backlog before the first week is not published
		}
		return p, fmt.Sprintf("trend from %d, created %v resolved %v", before, created, resolved)
	}
}

func randomRule(rng *rand.Rand) Rule {
	return Rule{Threshold: 3 + rng.Int63n(4), Round: rng.Intn(3) == 0, OneSymbol: rng.Intn(3) == 0}
}

// limitFor cuts unbounded boxes well above anything a witness needs: a
// cell can only outgrow every count and every relation's constant by what
// the other cells give back, a few thresholds at most in these problems.
func limitFor(p *Problem, r Rule) int64 {
	top := int64(0)
	for _, c := range p.Cells {
		top = max(top, c.Value)
	}
	for _, rel := range p.Relations {
		top = max(top, rel.Const, -rel.Const)
	}
	return top + 4*r.Threshold
}

// TestProtectAgainstBruteForce: after Protect, either some cell failed, or
// enumeration confirms every small hidden or unpublished cell can take
// every value of its range and no hidden or rounded cell is pinned; and
// every failed cell really fails.
func TestProtectAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	checked, failed := 0, 0
	for n := 0; n < 400; n++ {
		r := randomRule(rng)
		p, desc := randomProblem(rng, r)
		out, err := Protect(context.Background(), p, r)
		if err != nil {
			t.Fatalf("%s %+v: %v", desc, r, err)
		}
		limit := limitFor(p, r)
		vals, ok := bruteValues(p, r, out.Hidden, limit, 300_000)
		if !ok {
			continue
		}
		checked++
		var bad []int
		for i := range p.Cells {
			if bruteFails(p, r, out.Hidden, i, vals[i]) {
				bad = append(bad, i)
			}
		}
		if len(out.Failed) > 0 {
			failed++
		}
		if !slices.Equal(bad, out.Failed) {
			t.Errorf("%s %+v hidden %v: engine failed %v, brute force %v", desc, r, out.Hidden, out.Failed, bad)
		}
	}
	t.Logf("%d problems checked by enumeration, %d of them failed", checked, failed)
	if checked < 300 {
		t.Errorf("only %d problems small enough to enumerate", checked)
	}
}

// bruteFails says whether cell i gives away more than its symbol says.
func bruteFails(p *Problem, r Rule, hidden []bool, i int, vals map[int64]bool) bool {
	c := p.Cells[i]
	open := c.Unit == -1 || c.Unit >= 0 && hidden[c.Unit] && !p.Units[c.Unit].Fixed
	if c.Value >= 1 && c.Value < r.Threshold {
		for v := max(1, c.Floor); v < r.Threshold; v++ {
			if !vals[v] {
				return true
			}
		}
		return false
	}
	rounded := r.Round && c.Value > 0 && !open
	if c.Value > 0 && (rounded || open && c.Unit >= 0) {
		return len(vals) < 2
	}
	return false
}

// TestAuditAgainstBruteForce compares Audit's ranges with enumeration on
// random hidden sets: least and greatest values, and the values of small
// cells.
func TestAuditAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	checked := 0
	for n := 0; n < 400; n++ {
		r := randomRule(rng)
		p, desc := randomProblem(rng, r)
		hidden := make([]bool, len(p.Units))
		for u := range hidden {
			hidden[u] = rng.Intn(2) == 0
		}
		got, err := Audit(context.Background(), p, r, hidden)
		if err != nil {
			t.Fatalf("%s: %v", desc, err)
		}
		limit := limitFor(p, r)
		vals, ok := bruteValues(p, r, hidden, limit, 300_000)
		if !ok {
			continue
		}
		checked++
		// Past the limit: an unbounded cell must reach higher when it rises.
		var wider []map[int64]bool
		if slices.ContainsFunc(got, func(rg Range) bool { return rg.Unbounded }) {
			if wider, ok = bruteValues(p, r, hidden, limit+10, 600_000); !ok {
				wider = nil
			}
		}
		for i, c := range p.Cells {
			var list []int64
			for v := range vals[i] {
				list = append(list, v)
			}
			slices.Sort(list)
			lo, hi := list[0], list[len(list)-1]
			rg := got[i]
			switch {
			case rg.Lo != lo:
				t.Errorf("%s %+v hidden %v cell %d: lo %d, brute force %d", desc, r, hidden, i, rg.Lo, lo)
			case rg.Unbounded && wider != nil && !slices.ContainsFunc(slices.Collect(maps.Keys(wider[i])), func(v int64) bool { return v > hi }):
				t.Errorf("%s %+v hidden %v cell %d: unbounded, brute force stops at %d", desc, r, hidden, i, hi)
			case !rg.Unbounded && rg.Hi != hi:
				t.Errorf("%s %+v hidden %v cell %d: hi %d, brute force %d", desc, r, hidden, i, rg.Hi, hi)
			}
			if c.Value >= 1 && c.Value < r.Threshold {
				var want []int64
				for _, v := range list {
					if v >= max(1, c.Floor) && v < r.Threshold {
						want = append(want, v)
					}
				}
				if !slices.Equal(rg.Values, want) {
					t.Errorf("%s %+v hidden %v cell %d: values %v, brute force %v", desc, r, hidden, i, rg.Values, want)
				}
			}
		}
	}
	t.Logf("%d audits checked by enumeration", checked)
	if checked < 300 {
		t.Errorf("only %d problems small enough to enumerate", checked)
	}
}
