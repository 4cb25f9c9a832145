// Package spc reads a run of counts as statistical process control does: a
// u-chart's centre line and 3-sigma limits, and Anhøj's rules for runs that are
// unlikely to be random (as R's qicharts2 applies them).
package spc

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Chart is a u-chart of counts, each over its own exposure (the days of a month),
// drawn on the scale of the counts: point i's centre line is the mean rate times
// its exposure, its limits that less and plus three times the square root of it
// (the Poisson's sigma), the lower limit no less than none.
type Chart struct {
	Rate              float64   // the centre line: all counts over all exposure
	Centre, Low, High []float64 // per point, as counts
	// Side is +1 for a point above its centre line, -1 below, 0 on it; Outside
	// the same for its limits (0: within them).
	Side, Outside []int
	// Anhøj's rules, over the points not on the centre line (Useful): the longest
	// run of them on one side is a signal of a shift when longer than RunLimit,
	// round(log2(Useful) + 3); their crossings of the centre line are too few
	// when under CrossingsMin, the 5th percentile of Binomial(Useful - 1, 1/2).
	Useful, LongestRun, RunLimit, Crossings, CrossingsMin int
	Shift, FewCrossings                                   bool
	// InShift marks the points of every run longer than RunLimit.
	InShift []bool
}

// U charts counts over their exposures (both of one length, exposures positive).
func U(counts []int64, exposure []float64) Chart {
	n := len(counts)
	c := Chart{Centre: make([]float64, n), Low: make([]float64, n), High: make([]float64, n),
		Side: make([]int, n), Outside: make([]int, n), InShift: make([]bool, n)}
	var sum, days float64
	for i, x := range counts {
		sum, days = sum+float64(x), days+exposure[i]
	}
	if days > 0 {
		c.Rate = sum / days
	}
	for i, x := range counts {
		centre := c.Rate * exposure[i]
		sigma := math.Sqrt(centre)
		c.Centre[i], c.Low[i], c.High[i] = centre, max(0, centre-3*sigma), centre+3*sigma
		v := float64(x)
		c.Side[i] = side(v, centre)
		switch {
		case v > c.High[i]:
			c.Outside[i] = 1
		case v < c.Low[i]:
			c.Outside[i] = -1
		}
	}
	c.runs()
	return c
}

// runs applies Anhøj's rules against the centre line.
func (c *Chart) runs() {
	var useful []int // the points off the centre line, in order
	for i, s := range c.Side {
		if s != 0 {
			useful = append(useful, i)
		}
	}
	c.Useful = len(useful)
	if c.Useful == 0 {
		return
	}
	c.RunLimit = int(math.Round(math.Log2(float64(c.Useful)) + 3))
	c.CrossingsMin = binomialQuantile(0.05, c.Useful-1)
	start := 0 // the run's first point, in useful
	for k := 1; k <= len(useful); k++ {
		if k < len(useful) && c.Side[useful[k]] == c.Side[useful[start]] {
			continue
		}
		if k < len(useful) {
			c.Crossings++
		}
		if length := k - start; length > c.LongestRun {
			c.LongestRun = length
		}
		if k-start > c.RunLimit {
			for _, i := range useful[start:k] {
				c.InShift[i] = true
			}
		}
		start = k
	}
	c.Shift = c.LongestRun > c.RunLimit
	c.FewCrossings = c.Crossings < c.CrossingsMin
}

// binomialQuantile is the least x with P(X <= x) >= p for X ~ Binomial(n, 1/2):
// R's qbinom(p, n, 0.5).
func binomialQuantile(p float64, n int) int {
	if n <= 0 {
		return 0
	}
	b := distuv.Binomial{N: float64(n), P: 0.5}
	for x := 0; x < n; x++ {
		// A hair under p: a CDF that is p exactly, computed a rounding short, counts.
		if b.CDF(float64(x)) >= p*(1-1e-9) {
			return x
		}
	}
	return n
}

// side is +1 for v above centre, -1 below, 0 on it: within a rounding of it (a
// rate times days need not give back a whole mean exactly).
func side(v, centre float64) int {
	switch d := v - centre; {
	case math.Abs(d) <= 1e-9*max(1, math.Abs(centre)):
		return 0
	case d > 0:
		return 1
	}
	return -1
}
