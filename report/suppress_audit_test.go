package report

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// These tests take the reader's side: from what is printed only (numbers, symbols,
// rounded numbers) and the sums the figures obey, they search every assignment the
// hidden cells could have and fail if any hidden cell is narrower than its symbol
// says: a small count must keep every value 1 to N-1, any other hidden or rounded
// count at least two. They share nothing with the audit's code.

// term is coef times a cell, in a sum that is 0.
type term struct {
	cell int
	coef int64
}

type readerCell struct {
	lo, hi int64 // what the reader knows
	hidden bool
	small  bool // shown with the small-count symbol: must keep all of lo..hi
	name   string
}

// reader turns what is printed into bounds: a number is exact (within 2 and at
// least th when rounded), the small-count symbol 1 to th-1, and another symbol th
// or more, since every small count would have been shown with the small one ("c"
// under dfe is both: 1 or more).
func reader(printed string, th int64, round bool, primary string, limit int64) readerCell {
	if n, err := strconv.ParseInt(printed, 10, 64); err == nil {
		if round && n != 0 {
			return readerCell{lo: max(th, n-2), hi: n + 2, hidden: true, name: printed}
		}
		return readerCell{lo: n, hi: n, name: printed}
	}
	if printed == primary && primary != "c" {
		return readerCell{lo: 1, hi: th - 1, hidden: true, small: true, name: printed}
	}
	if primary == "c" {
		return readerCell{lo: 1, hi: limit, hidden: true, name: printed}
	}
	return readerCell{lo: th, hi: limit, hidden: true, name: printed}
}

// recoverable reports a hidden cell that is narrower than its symbol: a small one
// that cannot take some value of its range, another that can take one value only,
// given every sum. Each question is a search for one assignment that fits, with
// the bounds narrowed by the sums before each choice.
func recoverable(cells []readerCell, rels [][]term) (int, bool) {
	// narrow tightens lo and hi by every sum until nothing changes; false when a
	// sum cannot hold.
	narrow := func(lo, hi []int64) bool {
		for changed := true; changed; {
			changed = false
			for _, rel := range rels {
				var a, b int64 // the sum's least and greatest
				for _, tm := range rel {
					x, y := tm.coef*lo[tm.cell], tm.coef*hi[tm.cell]
					a, b = a+min(x, y), b+max(x, y)
				}
				if a > 0 || b < 0 {
					return false
				}
				for _, tm := range rel {
					x, y := tm.coef*lo[tm.cell], tm.coef*hi[tm.cell]
					// coef*v lies in [-(b - max(x,y)), -(a - min(x,y))]
					cl, ch := -(b - max(x, y)), -(a - min(x, y))
					vl, vh := cl, ch
					if tm.coef < 0 {
						vl, vh = -ch, -cl
					}
					// integer division toward the right side
					nl, nh := ceilDiv(vl, abs(tm.coef)), floorDiv(vh, abs(tm.coef))
					if nl > lo[tm.cell] {
						lo[tm.cell], changed = nl, true
					}
					if nh < hi[tm.cell] {
						hi[tm.cell], changed = nh, true
					}
					if lo[tm.cell] > hi[tm.cell] {
						return false
					}
				}
			}
		}
		return true
	}
	var search func(lo, hi []int64) bool
	search = func(lo, hi []int64) bool {
		if !narrow(lo, hi) {
			return false
		}
		i := -1
		for k := range lo {
			if lo[k] < hi[k] {
				i = k
				break
			}
		}
		if i < 0 {
			return true
		}
		for v := lo[i]; v <= hi[i]; v++ {
			l, h := append([]int64(nil), lo...), append([]int64(nil), hi...)
			l[i], h[i] = v, v
			if search(l, h) {
				return true
			}
		}
		return false
	}
	// fits says whether some assignment fits with cell i within [a, b].
	fits := func(i int, a, b int64) bool {
		lo, hi := make([]int64, len(cells)), make([]int64, len(cells))
		for k, c := range cells {
			lo[k], hi[k] = c.lo, c.hi
		}
		lo[i], hi[i] = max(a, lo[i]), min(b, hi[i])
		return lo[i] <= hi[i] && search(lo, hi)
	}
	for i, c := range cells {
		if !c.hidden {
			continue
		}
		if c.small {
			for v := c.lo; v <= c.hi; v++ {
				if !fits(i, v, v) {
					return i, true
				}
			}
			continue
		}
		// two values: the least that fits, then another above it
		first := int64(-1)
		for v := c.lo; v <= c.hi && first < 0; v++ {
			if fits(i, v, v) {
				first = v
			}
		}
		if first < 0 || !fits(i, first+1, c.hi) {
			return i, true
		}
	}
	return -1, false
}

func abs(x int64) int64 { return max(x, -x) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

var policies = []Suppression{{Policy: "lt5"}, {Policy: "dfe"}, {Threshold: 10}, {Policy: "ons"}}

// TestBreakdownCannotBeRecovered: random breakdowns, every policy.
func TestBreakdownCannotBeRecovered(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, s := range policies {
		th, primary, _, round := s.rule()
		for range 600 {
			counts := make([]int64, 1+rng.IntN(4))
			for i := range counts {
				counts[i] = int64(rng.IntN(3 * th))
			}
			r := resultOf(counts...)
			apply(t, s, r)
			printed := shown(r)
			if len(r.Rows) == 0 { // no breakdown: the total alone
				printed = printed[len(printed)-1:]
			}
			var cells []readerCell
			var rel []term
			for i, p := range printed {
				cells = append(cells, reader(p, int64(th), round, primary, int64(100))) // "x" has no upper bound
				coef := int64(1)
				if i == len(printed)-1 {
					coef = -1
				}
				rel = append(rel, term{i, coef})
			}
			rels := [][]term{rel}
			if len(printed) == 1 {
				rels = nil
			}
			if i, bad := recoverable(cells, rels); bad {
				t.Fatalf("%+v: %v printed as %q: cell %d can only be one value", s, counts, printed, i)
			}
		}
	}
}

// TestTrendBacklogCannotBeRecovered: backlog(t) = backlog(t-1) + created(t) -
// resolved(t), with the backlog before the first month known when it is none.
func TestTrendBacklogCannotBeRecovered(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, s := range []Suppression{{Policy: "lt5"}, {Policy: "dfe"}} {
		th, primary, _, round := s.rule()
		for range 300 {
			n := 2 + rng.IntN(3)
			b0 := int64(rng.IntN(12))
			m := &Measures{Columns: []Measure{{Name: "month"}, {Name: "created", Unit: "calls"}, {Name: "resolved", Unit: "calls"}, {Name: "backlog at end", Unit: "calls"}},
				Structure: Structure{Stock: &Stock{Stock: "backlog_at_end", In: "created", Out: "resolved", StartKnown: b0 == 0}}}
			b := b0
			for i := range n {
				c := int64(rng.IntN(14))
				r := min(b+c, int64(rng.IntN(14)))
				b += c - r
				m.Rows = append(m.Rows, []any{"2014-0" + strconv.Itoa(i+1), c, r, b})
			}
			orig := strings.TrimSpace(fmtRows(m))
			applyM(t, s, m)
			cells := []readerCell{{lo: b0, hi: b0, name: "b0"}}
			if b0 != 0 { // not printed: known only when the log starts with the trend
				cells[0].hi = 40
				cells[0].lo = 0
			}
			var rels [][]term
			for i, row := range m.Rows {
				for j := 1; j <= 3; j++ {
					cells = append(cells, reader(m.cell(j, row[j]), int64(th), round, primary, 40))
				}
				c, r, bt := 1+3*i, 2+3*i, 3+3*i
				prev := 0
				if i > 0 {
					prev = 3 + 3*(i-1)
				}
				rels = append(rels, []term{{bt, 1}, {prev, -1}, {c, -1}, {r, 1}})
			}
			if i, bad := recoverable(cells, rels); bad {
				t.Fatalf("%+v: %s printed as %s: cell %d can only be one value", s, orig, fmtRows(m), i)
			}
		}
	}
}

func fmtRows(m *Measures) string {
	var b strings.Builder
	for _, row := range m.Rows {
		for j, v := range row {
			b.WriteString(m.cell(j, v) + " ")
		}
		b.WriteString("| ")
	}
	return b.String()
}

// TestMeasuresNeutralSymbols: a hidden group's large counts and times are "x", not
// "<5"; percentages over a small count are hidden; the true zero stays 0.
func TestMeasuresNeutralSymbols(t *testing.T) {
	m := &Measures{Columns: []Measure{{Name: "severity"}, {Name: "calls", Unit: "calls"}, {Name: "resolved", Unit: "calls"},
		{Name: "still open", Unit: "calls"}, {Name: "median", Unit: "hours"}, {Name: "timed", Unit: "percent"}},
		Rows: [][]any{
			{"Sev 1", int64(20), int64(20), int64(0), 3.0, 100.0},
			{"Sev 2", int64(55), int64(52), int64(3), 7.0, 94.5},
			{"Sev 3", int64(40), int64(30), int64(10), 9.0, 75.0},
			{"All", int64(115), int64(102), int64(13), 6.0, 88.7},
		}, Structure: byGroup}
	applyM(t, Suppression{Policy: "lt5"}, m)
	if m.Rows[1][1] != "x" || m.Rows[1][3] != "<5" || m.Rows[1][4] != "x" || m.Rows[1][5] != "x" {
		t.Errorf("Sev 2: %v", m.Rows[1])
	}
	if m.Rows[0][3] != int64(0) {
		t.Errorf("a true zero is hidden: %v", m.Rows[0])
	}
	for _, row := range m.Rows {
		for _, v := range row {
			if v == "<5" && row[0] != "Sev 2" {
				t.Errorf("a false bound: %v", row)
			}
		}
	}
}

// TestComparePercentOfSmallCount: 7.7% met of 13 resolved is 1 call: hidden; ons
// rounds counts in compare and hides its small counts.
func TestComparePercentOfSmallCount(t *testing.T) {
	mk := func() *Measures {
		return &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "B"}, {Name: "All"}},
			Rows: [][]any{
				{"calls", int64(7), int64(6), int64(13)},
				{"resolved", int64(7), int64(6), int64(13)},
				{"still open", int64(0), int64(0), int64(0)},
				{"resolved within target (%)", 0.0, 100.0 / 6, 100.0 / 13},
				{"open past target", int64(0), int64(0), int64(0)},
			}, Structure: across}
	}
	m := mk()
	applyM(t, Suppression{Policy: "lt5"}, m)
	if m.Rows[3][3] != "x" || m.Rows[3][2] != "x" {
		t.Errorf("a percentage of 1 call is shown: %v", m.Rows[3])
	}
	m = mk()
	applyM(t, Suppression{Policy: "ons"}, m)
	if m.Rows[0][1] != "<10" || m.Rows[0][3] != "x" && m.Rows[0][3] != int64(15) {
		t.Errorf("ons compare: %v", m.Rows)
	}
	if m.Rows[2][1] != int64(0) {
		t.Errorf("a true zero in a hidden group is not 0: %v", m.Rows[2])
	}
}

// TestSLAPercentFromRoundedCounts: met 12 of 25 under ons: 10 and 15 shown, so 40.0%,
// not 48.0% (which gives 12).
func TestSLAPercentFromRoundedCounts(t *testing.T) {
	m := &Measures{Columns: []Measure{{Name: "severity"}, {Name: "calls", Unit: "calls"}, {Name: "met", Unit: "calls"},
		{Name: "breached", Unit: "calls"}, {Name: "met", Unit: "percent"}},
		Rows: [][]any{{"All", int64(25), int64(12), int64(13), 48.0}}, Structure: byGroup}
	applyM(t, Suppression{Policy: "ons"}, m)
	if m.Rows[0][1] != int64(25) || m.Rows[0][2] != int64(10) || m.Rows[0][3] != int64(15) || m.Rows[0][4] != 40.0 {
		t.Errorf("rows %v", m.Rows)
	}
}

// TestPackLinksTables: a count hidden in one table is hidden where another table
// gives it (the trend's created is the month's all by severity).
func TestPackLinksTables(t *testing.T) {
	bySev := &Measures{Columns: []Measure{{Name: "month"}, {Name: "Sev 1", Unit: "calls"}, {Name: "Sev 2", Unit: "calls"}, {Name: "all", Unit: "calls"}},
		Rows:      [][]any{{"2014-08", int64(10), int64(10), int64(20)}, {"2014-09", int64(3), int64(10), int64(13)}},
		Structure: Structure{Sums: []Sum{{Whole: "all", Parts: []string{"Sev_1", "Sev_2"}}}}}
	trend := &Measures{Columns: []Measure{{Name: "month"}, {Name: "created", Unit: "calls"}, {Name: "resolved", Unit: "calls"}, {Name: "backlog at end", Unit: "calls"}},
		Rows:      [][]any{{"2014-08", int64(20), int64(20), int64(10)}, {"2014-09", int64(13), int64(12), int64(11)}},
		Structure: Structure{Stock: &Stock{Stock: "backlog_at_end", In: "created", Out: "resolved"}}}
	p := &Pack{Sections: []*Measures{bySev, trend}, Identities: []Identity{
		Equal(Ref{1, "2014-08", "created"}, Ref{0, "2014-08", "all"}),
		Equal(Ref{1, "2014-09", "created"}, Ref{0, "2014-09", "all"})}}
	applyP(t, Suppression{Policy: "lt5"}, p)
	// Sev 1's 3 in September: Sev 2 or all goes too; if all goes, so does created
	if bySev.Rows[1][3] == int64(13) && bySev.Rows[1][2] == int64(10) {
		t.Errorf("3 = 13 - 10: %v", bySev.Rows)
	}
	if bySev.Rows[1][3] != int64(13) && trend.Rows[1][1] == int64(13) {
		t.Errorf("all is hidden by severity but shown as created: %v %v", bySev.Rows, trend.Rows)
	}
	if p.Meta.Suppression == "" {
		t.Error("no policy stated")
	}
}

// TestNotesCountsSuppressed: a file of 3 calls does not say 3; the labels' small
// counts in a reason are hidden; ons JSON counts stay numbers.
func TestNotesCountsSuppressed(t *testing.T) {
	r := resultOf(3)
	r.Meta.Sources = []Source{{Path: "f.csv", Rows: 3}}
	r.Meta.LeftOut = []LeftOut{{Calls: 2, Reason: "severity not recognised", Parts: []Part{{Label: "", Calls: 1}, {Label: "TBC", Calls: 1}}}}
	apply(t, Suppression{Policy: "lt5"}, r)
	notes := strings.Join(r.Notes(), "\n")
	for _, leak := range []string{" 3 calls", ": 1", " 2 calls"} {
		if strings.Contains(notes, leak) {
			t.Errorf("notes give %q:\n%s", leak, notes)
		}
	}
	b, _ := json.Marshal(r.Meta.Sources)
	if strings.Contains(string(b), ":3") {
		t.Errorf("JSON gives the count loaded: %s", b)
	}
	big := resultOf(12, 13, 231)
	big.Meta.Sources = []Source{{Path: "f.csv", Rows: 256}}
	apply(t, Suppression{Policy: "ons"}, big)
	var buf strings.Builder
	if err := Write(&buf, JSON, big); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"calls": 10`, `"calls": 15`, `"calls": 230`, `"calls": 255`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "rows_loaded") {
		t.Errorf("JSON gives the calls loaded under a policy:\n%s", buf.String())
	}
}

// TestReaderCatchesLeaks: the reader finds the leaks the issue names, so that its
// silence elsewhere means something.
func TestReaderCatchesLeaks(t *testing.T) {
	tests := []struct {
		printed []string // groups, then the total
		leak    bool
	}{
		{[]string{"<5", "<5", "<5", "<5", "<5"}, true}, // four groups of at least 1 in under 5: each 1
		{[]string{"10", "<5", "<5", "17"}, true},       // the two sum to 7: each 3 or 4
		{[]string{"20", "10", "<5", "<5", "32"}, true}, // the two sum to 2: each 1
		{[]string{"x", "<5", "<5", "17"}, false},
		{[]string{"10", "<5", "<5", "x", "30"}, false},
	}
	for _, tt := range tests {
		var cells []readerCell
		var rel []term
		for i, p := range tt.printed {
			cells = append(cells, reader(p, 5, false, "<5", 40))
			coef := int64(1)
			if i == len(tt.printed)-1 {
				coef = -1
			}
			rel = append(rel, term{i, coef})
		}
		if _, leak := recoverable(cells, [][]term{rel}); leak != tt.leak {
			t.Errorf("%v: leak %v, want %v", tt.printed, leak, tt.leak)
		}
	}
}

// TestMeansUnderRounding: with counts rounded, group means and the mean of all weigh
// each group by its count: 19 calls of 1000 h and 22 of 1 h print 20, 20 and 40,
// and the means 1000, 1 and 464.0 leave only 19 and 22. Under rounding means are
// hidden; with exact counts they stay.
func TestMeansUnderRounding(t *testing.T) {
	mk := func() *Measures {
		return &Measures{Columns: []Measure{{Name: "supplier"}, {Name: "calls", Unit: "calls"}, {Name: "resolved", Unit: "calls"},
			{Name: "still open", Unit: "calls"}, {Name: "mean", Unit: "hours"}, {Name: "median", Unit: "hours"}},
			Rows: [][]any{
				{"Acme", int64(19), int64(19), int64(0), 1000.0, 1000.0},
				{"Beta", int64(22), int64(22), int64(0), 1.0, 1.0},
				{"All", int64(41), int64(41), int64(0), 464.0, 1.0},
			}, Structure: byGroup}
	}
	m := mk()
	m.Structure.Means = []string{"mean_hours"}
	applyM(t, Suppression{Policy: "ons"}, m)
	for _, row := range m.Rows {
		if row[4] != "x" {
			t.Errorf("ons: the mean of %v is shown: %v", row[0], row)
		}
		if row[5] == "x" {
			t.Errorf("ons: the median of %v is hidden: %v", row[0], row)
		}
	}
	m = mk()
	m.Structure.Means = []string{"mean_hours"}
	applyM(t, Suppression{Policy: "lt5"}, m)
	if m.Rows[2][4] != 464.0 {
		t.Errorf("lt5: the mean of all is hidden: %v", m.Rows[2])
	}
}

// TestWorkedOutRest: compare prints still open and open past target, not the calls
// open within target, but 6 less 5 gives 1: declared as a rest, it is protected as
// any hidden count.
func TestWorkedOutRest(t *testing.T) {
	st := across
	st.Sums = append(slices.Clone(st.Sums), Sum{Whole: "still open", Parts: []string{"open past target"}, Rest: true})
	m := &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "B"}, {Name: "All"}},
		Rows: [][]any{
			{"calls", int64(30), int64(40), int64(70)},
			{"resolved", int64(24), int64(30), int64(54)},
			{"still open", int64(6), int64(10), int64(16)},
			{"open past target", int64(5), int64(5), int64(10)},
		}, Structure: st}
	applyM(t, Suppression{Policy: "lt5"}, m)
	a := column(m, "A")
	_, open := m.Rows[2][a].(int64)
	_, past := m.Rows[3][a].(int64)
	if open && past {
		t.Errorf("A's still open and open past target are both shown: %v", m.Rows)
	}
}

// TestCollapseWhereItHelps: a month's Sev 4 of 4 is also the SLA table's 4 calls, met
// 1 and breached 3 (each at least 1 once hidden), so it can never read 1: withholding
// the month table does not help, the SLA table's groups do. Only the table that
// protects it loses its groups.
func TestCollapseWhereItHelps(t *testing.T) {
	months := &Measures{Title: "months", Columns: []Measure{{Name: "month"}, {Name: "Sev 4", Unit: "calls"}, {Name: "Sev 3", Unit: "calls"}, {Name: "all", Unit: "calls"}},
		Rows:      [][]any{{"2014-09", int64(4), int64(20), int64(24)}},
		Structure: Structure{Sums: []Sum{{Whole: "all", Parts: []string{"Sev_4", "Sev_3"}}}}}
	sla := &Measures{Title: "sla", Columns: []Measure{{Name: "severity"}, {Name: "calls", Unit: "calls"}, {Name: "met", Unit: "calls"}, {Name: "breached", Unit: "calls"}},
		Rows:      [][]any{{"Sev 3", int64(20), int64(10), int64(10)}, {"Sev 4", int64(4), int64(1), int64(3)}, {"All", int64(24), int64(11), int64(13)}},
		Structure: Structure{Total: "All", Size: "calls", Floor: 1, Sums: []Sum{{Whole: "calls", Parts: []string{"met", "breached"}}}}}
	p := &Pack{Sections: []*Measures{months, sla}, Identities: []Identity{
		Equal(Ref{0, "2014-09", "Sev_4"}, Ref{1, "Sev 4", "calls"}),
		Equal(Ref{0, "2014-09", "Sev_3"}, Ref{1, "Sev 3", "calls"})}}
	applyP(t, Suppression{Policy: "lt5"}, p)
	if len(months.Rows) != 1 {
		t.Errorf("the month table is withheld, though that does not help: %v", months.Rows)
	}
	if len(sla.Rows) != 1 || sla.Rows[0][0] != "All" {
		t.Errorf("the SLA table keeps its groups: %v", sla.Rows)
	}
}
