package spc

import (
	"math"
	"testing"
)

// The critical values of Anhøj's rules for 2 to 30 useful points (one point is its own centre line) and a few more:
// round(log2(n) + 3) and R's qbinom(0.05, n - 1, 0.5), worked out apart from this
// package in exact integer arithmetic (Python: the least x with 100 x the sum of
// comb(n - 1, k) for k <= x at least 5 x 2^(n - 1)). They agree with the table
// of qicharts2's vignette (n = 10 to 100).
var anhoj = []struct{ n, run, crossings int }{
	{2, 4, 0}, {3, 5, 0}, {4, 5, 0}, {5, 5, 0}, {6, 6, 1}, {7, 6, 1}, {8, 6, 1}, {9, 6, 2},
	{10, 6, 2}, {11, 6, 2}, {12, 7, 3}, {13, 7, 3}, {14, 7, 4}, {15, 7, 4}, {16, 7, 4}, {17, 7, 5},
	{18, 7, 5}, {19, 7, 6}, {20, 7, 6}, {21, 7, 6}, {22, 7, 7}, {23, 8, 7}, {24, 8, 8}, {25, 8, 8},
	{26, 8, 8}, {27, 8, 9}, {28, 8, 9}, {29, 8, 10}, {30, 8, 10}, {40, 8, 14}, {50, 9, 19},
	{60, 9, 23}, {80, 9, 32}, {100, 10, 41},
}

func TestAnhojLimits(t *testing.T) {
	for _, want := range anhoj {
		// Alternate sides: every point useful, the run limit and crossings bound
		// depend on n alone.
		counts, days := make([]int64, want.n), make([]float64, want.n)
		for i := range counts {
			counts[i], days[i] = int64(10+4*(i%2)), 30
		}
		c := U(counts, days)
		if c.Useful != want.n || c.RunLimit != want.run || c.CrossingsMin != want.crossings {
			t.Errorf("n=%d: useful %d, run limit %d, crossings at least %d; want %d, %d, %d",
				want.n, c.Useful, c.RunLimit, c.CrossingsMin, want.n, want.run, want.crossings)
		}
	}
}

// Montgomery's u-chart example (Introduction to Statistical Quality Control:
// nonconformities in 20 samples of 5 computers, 193 in all) gives u-bar 1.93,
// UCL 3.79, LCL 0.07 a unit; the limits rest on the total and the sample size
// alone, so any 20 counts adding to 193 give them. On the scale of counts (5
// units a sample) the limits are 5 times those.
func TestUChartLimitsMontgomery(t *testing.T) {
	counts := []int64{10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5}
	var sum int64
	days := make([]float64, len(counts))
	for i, x := range counts {
		sum += x
		days[i] = 5
	}
	if sum != 193 {
		t.Fatalf("the example's counts add to %d, not 193", sum)
	}
	c := U(counts, days)
	round2 := func(v float64) float64 { return math.Round(v*100) / 100 }
	if round2(c.Rate) != 1.93 || round2(c.High[0]/5) != 3.79 || round2(c.Low[0]/5) != 0.07 {
		t.Errorf("u-bar %.4f, UCL %.4f, LCL %.4f a unit; want 1.93, 3.79, 0.07", c.Rate, c.High[0]/5, c.Low[0]/5)
	}
	for i, x := range counts { // 0.35 to 18.98 calls a sample
		if c.Outside[i] != 0 {
			t.Errorf("sample %d (%d) outside the limits", i+1, x)
		}
	}
}

// Exposures that differ: the centre line and limits follow each point's own, and
// a lower limit under none is none.
func TestUChartExposures(t *testing.T) {
	// 62 calls over 31 + 28 + 31 days = 90: 0.6889 a day.
	c := U([]int64{20, 2, 40}, []float64{31, 28, 31})
	rate := 62.0 / 90
	for i, d := range []float64{31, 28, 31} {
		centre := rate * d
		if math.Abs(c.Centre[i]-centre) > 1e-9 || math.Abs(c.High[i]-(centre+3*math.Sqrt(centre))) > 1e-9 ||
			math.Abs(c.Low[i]-max(0, centre-3*math.Sqrt(centre))) > 1e-9 {
			t.Errorf("point %d: centre %.4f limits %.4f-%.4f; want %.4f, %.4f-%.4f", i, c.Centre[i], c.Low[i], c.High[i],
				centre, max(0, centre-3*math.Sqrt(centre)), centre+3*math.Sqrt(centre))
		}
	}
	// Month 2: centre 19.29, lower limit 6.11: 2 is below. Month 3: centre 21.36,
	// upper limit 35.22: 40 is above.
	if c.Outside[0] != 0 || c.Outside[1] != -1 || c.Outside[2] != 1 {
		t.Errorf("outside %v, want [0 -1 1]", c.Outside)
	}
	small := U([]int64{0, 1, 0, 2}, []float64{30, 30, 30, 30})
	for i, lo := range small.Low {
		if lo != 0 {
			t.Errorf("point %d: lower limit %.3f under a mean of 0.75: want none (0)", i, lo)
		}
	}
}

// Runs counted by hand, points on the centre line skipped (neither breaking a
// run nor crossing), as qicharts2's runs.analysis does.
func TestRuns(t *testing.T) {
	same := func(n int) []float64 {
		d := make([]float64, n)
		for i := range d {
			d[i] = 1
		}
		return d
	}
	// Mean 5: sides + + 0 + + + + + + - - - - (0 skipped): runs of 8 and 4, one
	// crossing; 12 useful points: run limit 7 (8 is a shift), crossings at least 3.
	counts := []int64{6, 6, 5, 6, 6, 6, 6, 6, 6, 3, 3, 3, 3}
	var sum int64
	for _, x := range counts {
		sum += x
	}
	if sum != 65 { // 13 points, mean 5
		t.Fatalf("sum %d", sum)
	}
	c := U(counts, same(len(counts)))
	if c.Useful != 12 || c.LongestRun != 8 || c.Crossings != 1 || c.RunLimit != 7 || c.CrossingsMin != 3 || !c.Shift || !c.FewCrossings {
		t.Errorf("useful %d longest %d crossings %d (limits %d, %d), shift %v, few %v; want 12, 8, 1 (7, 3), true, true",
			c.Useful, c.LongestRun, c.Crossings, c.RunLimit, c.CrossingsMin, c.Shift, c.FewCrossings)
	}
	for i, in := range c.InShift {
		if want := i < 9 && i != 2; in != want {
			t.Errorf("point %d in a shift: %v, want %v", i, in, want)
		}
	}
	// Alternating: no signal.
	alt := U([]int64{4, 6, 4, 6, 4, 6, 4, 6, 4, 6, 4, 6}, same(12))
	if alt.Shift || alt.FewCrossings || alt.Crossings != 11 || alt.LongestRun != 1 {
		t.Errorf("alternating: %+v", alt)
	}
	// Every point on the line: nothing useful, nothing signalled.
	flat := U([]int64{3, 3, 3}, same(3))
	if flat.Useful != 0 || flat.Shift || flat.FewCrossings {
		t.Errorf("flat: %+v", flat)
	}
}
