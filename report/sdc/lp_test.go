package sdc

import (
	"math"
	"math/rand"
	"testing"
)

// TestSimplexAgainstGonum compares the engine's simplex with gonum's on
// random systems with a known integer point, at the system's bounds and at
// narrowed ones (phase one from the kept tableau, often infeasible).
func TestSimplexAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	compared := 0
	stats := map[status]int{}
	defer func() { t.Log(stats) }()
	for n := 0; n < 3000; n++ {
		vars := 2 + rng.Intn(10)
		s := &system{}
		truth := make([]int64, vars)
		for k := range vars {
			truth[k] = rng.Int63n(20)
			s.cells = append(s.cells, k)
			s.base = append(s.base, truth[k])
			s.lo = append(s.lo, max(0, truth[k]-rng.Int63n(6)))
			hi := int64(math.MaxInt64)
			if rng.Intn(3) > 0 {
				hi = truth[k] + rng.Int63n(6)
			}
			s.hi = append(s.hi, hi)
		}
		for range 1 + rng.Intn(vars) {
			rw := row{}
			for k := range vars {
				if rng.Intn(3) == 0 {
					coef := int64(1 - 2*rng.Intn(2))
					if rng.Intn(6) == 0 {
						coef *= 2 + rng.Int63n(2)
					}
					rw.vars, rw.coef = append(rw.vars, k), append(rw.coef, coef)
					rw.rhs += coef * truth[k]
				}
			}
			if len(rw.vars) > 0 {
				s.rows = append(s.rows, rw)
			}
		}
		c := make([]float64, vars)
		for k := range c {
			c[k] = float64(rng.Intn(5) - 2)
		}
		lo, hi := s.lo, s.hi
		for round := range 2 {
			if round == 1 { // narrow some bounds, as branch and bound does
				lo, hi = append([]int64(nil), s.lo...), append([]int64(nil), s.hi...)
				for k := range vars {
					switch rng.Intn(4) {
					case 0:
						lo[k] += rng.Int63n(4)
					case 1:
						if hi[k] != math.MaxInt64 {
							hi[k] -= rng.Int63n(4)
						} else {
							hi[k] = lo[k] + rng.Int63n(8)
						}
					}
				}
			}
			x, st, _ := s.solve(nil, c, lo, hi)
			y, gst := (&system{cells: s.cells, lo: s.lo, hi: s.hi, base: s.base, rows: s.rows}).relaxGonum(c, lo, hi, nil)
			if gst == failed {
				continue
			}
			compared++
			stats[st]++
			if st != gst {
				t.Fatalf("case %d round %d: status %d, gonum %d (rows %+v lo %v hi %v c %v)", n, round, st, gst, s.rows, lo, hi, c)
			}
			if st != solved {
				continue
			}
			var ox, oy float64
			for k := range c {
				ox += c[k] * x[k]
				oy += c[k] * y[k]
				if x[k] < float64(lo[k])-1e-7 || hi[k] != math.MaxInt64 && x[k] > float64(hi[k])+1e-7 {
					t.Fatalf("case %d: x[%d] = %g outside %d..%d", n, k, x[k], lo[k], hi[k])
				}
			}
			for _, rw := range s.rows {
				sum := -float64(rw.rhs)
				for at, k := range rw.vars {
					sum += float64(rw.coef[at]) * x[k]
				}
				if math.Abs(sum) > 1e-7 {
					t.Fatalf("case %d: row %+v off by %g at %v", n, rw, sum, x)
				}
			}
			if math.Abs(ox-oy) > 1e-6 {
				t.Fatalf("case %d round %d: objective %g, gonum %g", n, round, ox, oy)
			}
		}
	}
	if compared < 3000 {
		t.Errorf("only %d LPs compared", compared)
	}
}

// TestGonumFallbackAgainstBruteForce runs the brute-force checks with
// every LP of a system on gonum, the path taken when the engine's own
// simplex fails numerically.
func TestGonumFallbackAgainstBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	gonumOnly = true
	defer func() { gonumOnly = false }()
	t.Run("protect", TestProtectAgainstBruteForce)
	t.Run("audit", TestAuditAgainstBruteForce)
}
