package sdc

import (
	"context"
	"slices"
	"testing"
)

// builder assembles a Problem the way a table is read: units, cells, sums.
type builder struct{ p Problem }

func (b *builder) unit(u Unit) int { b.p.Units = append(b.p.Units, u); return len(b.p.Units) - 1 }

func (b *builder) cell(value, floor int64, unit int) int {
	b.p.Cells = append(b.p.Cells, Cell{Value: value, Floor: floor, Unit: unit})
	return len(b.p.Cells) - 1
}

// group adds a listed group (Floor 1, when it has a call) in a unit of its own.
func (b *builder) group(value int64) int {
	return b.cell(value, min(1, value), b.unit(Unit{Size: value}))
}

// sum adds the relation parts... == total.
func (b *builder) sum(total int, parts ...int) {
	rel := Relation{Terms: []Term{{total, -1}}}
	for _, c := range parts {
		rel.Terms = append(rel.Terms, Term{c, 1})
	}
	b.p.Relations = append(b.p.Relations, rel)
}

// oneWay adds groups and their total, shown in a Total unit.
func (b *builder) oneWay(values ...int64) (groups []int, total int) {
	sum := int64(0)
	for _, v := range values {
		groups = append(groups, b.group(v))
		sum += v
	}
	total = b.cell(sum, 0, b.unit(Unit{Total: true, Size: sum}))
	b.sum(total, groups...)
	return groups, total
}

func span(lo, hi int64) []int64 {
	var out []int64
	for v := lo; v <= hi; v++ {
		out = append(out, v)
	}
	return out
}

func TestProtectScenarios(t *testing.T) {
	ctx := context.Background()
	type want struct {
		failed   bool
		hidden   []int           // units that must be hidden
		shown    []int           // units that must stay shown
		values   map[int][]int64 // cell -> the values its range must list
		lo, hi   map[int]int64   // cell -> Range bounds
		moreThan int             // more units hidden than this
	}
	cases := []struct {
		name string
		make func() (*Problem, Rule, want)
	}{
		{"FOI answer of four single calls cannot be protected", func() (*Problem, Rule, want) {
			// Four listed categories of 1 call each, total 4: hiding everything
			// still pins every cell (four groups of at least 1 sum to at most 4).
			var b builder
			b.oneWay(1, 1, 1, 1)
			return &b.p, Rule{Threshold: 5}, want{failed: true}
		}},
		{"20/10/1/1: the two small cells' sum is pinned, so 10 is hidden too", func() (*Problem, Rule, want) {
			var b builder
			g, _ := b.oneWay(20, 10, 1, 1)
			return &b.p, Rule{Threshold: 5}, want{
				hidden: []int{1, 2, 3}, shown: []int{0, 4},
				values: map[int][]int64{g[2]: span(1, 4), g[3]: span(1, 4)},
				lo:     map[int]int64{g[2]: 1, g[3]: 1}, hi: map[int]int64{g[2]: 4, g[3]: 4},
			}
		}},
		{"weekly trend: a small resolved count beside 0 created is pinned by the backlog", func() (*Problem, Rule, want) {
			b, r := trend(12, []int64{8, 0, 7, 6}, []int64{6, 3, 5, 9})
			return b, Rule{Threshold: 5}, want{moreThan: 1, values: map[int][]int64{r[1]: span(1, 4)}}
		}},
		{"rounded cells and a rounded total cap the small cell: the total goes too", func() (*Problem, Rule, want) {
			// ONS: 10 and 12 read as 10 (8..12, but at least 10), 25 as 25
			// (23..27): the small cell is at most 27-10-10 = 7, not 9. Hiding
			// the total is enough: the groups can stay (rounded).
			var b builder
			g, total := b.oneWay(10, 12, 3)
			return &b.p, Rule{Threshold: 10, Round: true}, want{
				hidden: []int{2, 3}, shown: []int{0, 1},
				values: map[int][]int64{g[2]: span(1, 9)},
				lo:     map[int]int64{g[2]: 1, total: 21},
			}
		}},
		{"release B differenced against release A: all of B is hidden", func() (*Problem, Rule, want) {
			p, d := releases([]int64{10, 12, 10}, []int64{9, 11, 9})
			return p, Rule{Threshold: 5}, want{
				hidden: []int{4, 5, 6, 7}, shown: []int{0, 1, 2, 3},
				values: map[int][]int64{d[0]: span(1, 4), d[1]: span(1, 4), d[2]: span(1, 4), d[3]: span(1, 4)},
			}
		}},
		{"release B differenced against release A: impossible when B's LCS is 5", func() (*Problem, Rule, want) {
			// A's LCS is 6 and B's 5: hidden, B's LCS is at least 5, so the
			// difference is at most 1 and the reader knows it is 0 or 1.
			p, _ := releases([]int64{6, 12, 10}, []int64{5, 11, 9})
			return p, Rule{Threshold: 5}, want{failed: true}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, r, w := tc.make()
			out, err := Protect(ctx, p, r)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(out.Failed) > 0; got != w.failed {
				t.Fatalf("failed = %v (%v), want %v; hidden %v ranges %+v", out.Failed, got, w.failed, out.Hidden, out.Ranges)
			}
			for _, u := range w.hidden {
				if !out.Hidden[u] {
					t.Errorf("unit %d shown, want hidden (hidden %v)", u, out.Hidden)
				}
			}
			for _, u := range w.shown {
				if out.Hidden[u] {
					t.Errorf("unit %d hidden, want shown (hidden %v)", u, out.Hidden)
				}
			}
			for c, vals := range w.values {
				if !slices.Equal(out.Ranges[c].Values, vals) {
					t.Errorf("cell %d can be %v, want %v", c, out.Ranges[c].Values, vals)
				}
			}
			for c, lo := range w.lo {
				if out.Ranges[c].Lo != lo {
					t.Errorf("cell %d lo %d, want %d", c, out.Ranges[c].Lo, lo)
				}
			}
			for c, hi := range w.hi {
				if out.Ranges[c].Unbounded || out.Ranges[c].Hi != hi {
					t.Errorf("cell %d hi %+v, want %d", c, out.Ranges[c], hi)
				}
			}
			n := 0
			for _, h := range out.Hidden {
				if h {
					n++
				}
			}
			if n <= w.moreThan {
				t.Errorf("%d units hidden, want more than %d", n, w.moreThan)
			}
		})
	}
}

// trend is a weekly trend, one unit a week (created, resolved, backlog),
// with a backlog of 12 before the first week, published earlier (Fixed).
func trend(before int64, created, resolved []int64) (*Problem, []int) {
	var b builder
	prev := b.cell(before, 0, b.unit(Unit{Fixed: true}))
	backlog := before
	var res []int
	for w := range created {
		backlog += created[w] - resolved[w]
		u := b.unit(Unit{Size: created[w] + resolved[w]})
		c, r, bl := b.cell(created[w], 0, u), b.cell(resolved[w], 0, u), b.cell(backlog, 0, u)
		b.p.Relations = append(b.p.Relations, Relation{Terms: []Term{{bl, 1}, {prev, -1}, {c, -1}, {r, 1}}})
		res = append(res, r)
		prev = bl
	}
	return &b.p, res
}

// releases is release A (units 0-3, published before: Fixed) and release B
// of a sub-period (units 4-7), categories then total, with the unpublished
// differences d = A - B, which add up too.
func releases(a, b []int64) (*Problem, []int) {
	var bd builder
	ga, ta := bd.oneWay(a...)
	for u := range bd.p.Units {
		bd.p.Units[u].Fixed = true
	}
	gb, tb := bd.oneWay(b...)
	var d []int
	for k := range ga {
		d = append(d, bd.cell(a[k]-b[k], 0, -1))
	}
	d = append(d, bd.cell(bd.p.Cells[ta].Value-bd.p.Cells[tb].Value, 0, -1))
	for k, x := range append(ga, ta) {
		y := append(gb, tb)[k]
		bd.p.Relations = append(bd.p.Relations, Relation{Terms: []Term{{x, 1}, {y, -1}, {d[k], -1}}})
	}
	bd.sum(d[len(d)-1], d[:len(d)-1]...)
	return &bd.p, d
}

func TestAuditReadsSymbols(t *testing.T) {
	ctx := context.Background()
	var b builder
	g, total := b.oneWay(20, 10, 1, 1)
	hidden := []bool{false, false, true, true, false}
	for _, tc := range []struct {
		name   string
		rule   Rule
		hidden []bool
		cell   int
		want   Range
	}{
		{"a small cell's pair is pinned to sum 2", Rule{Threshold: 5}, hidden, g[2], Range{Lo: 1, Hi: 1, Values: []int64{1}}},
		{"shown cells are exact", Rule{Threshold: 5}, hidden, g[0], Range{Lo: 20, Hi: 20}},
		{"one symbol: 10 hidden as c could be 1..11", Rule{Threshold: 5, OneSymbol: true}, []bool{false, true, true, true, false}, g[1],
			Range{Lo: 1, Hi: 10}},
		{"a hidden total beside shown groups is pinned", Rule{Threshold: 5}, []bool{false, false, false, false, true}, total, Range{Lo: 32, Hi: 32}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Audit(ctx, &b.p, tc.rule, tc.hidden)
			if err != nil {
				t.Fatal(err)
			}
			if rg := got[tc.cell]; rg.Lo != tc.want.Lo || rg.Hi != tc.want.Hi || rg.Unbounded || !slices.Equal(rg.Values, tc.want.Values) {
				t.Errorf("cell %d: %+v, want %+v", tc.cell, rg, tc.want)
			}
		})
	}
}

func TestRejectsInconsistentInput(t *testing.T) {
	var b builder
	b.oneWay(3, 4)
	b.p.Cells[2].Value = 8 // the total no longer adds up
	if _, err := Protect(context.Background(), &b.p, Rule{Threshold: 5}); err == nil {
		t.Error("want an error for a relation that does not hold")
	}
	if _, err := Audit(context.Background(), &b.p, Rule{Threshold: 5}, nil); err == nil {
		t.Error("want an error for a missing hidden set")
	}
}

func TestStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b builder
	b.oneWay(20, 10, 1, 1)
	if _, err := Protect(ctx, &b.p, Rule{Threshold: 5}); err == nil {
		t.Error("want the context's error")
	}
}
