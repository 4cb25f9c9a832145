package report

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// These tests take the reader's side: from what is printed only (numbers, symbols,
// rounded numbers) and the sums the figures obey, they search every assignment the
// hidden cells could have and fail if any hidden cell has only one.

type readerCell struct {
	lo, hi int64 // what the reader knows
	hidden bool
	name   string
}

// reader turns what is printed into bounds: a number is exact (within 2 when
// rounded), the small-count symbol 1 to th-1, any other symbol 1 or more.
func reader(printed string, th int64, round bool, primary string, limit int64) readerCell {
	if n, err := strconv.ParseInt(printed, 10, 64); err == nil {
		if round && n != 0 {
			return readerCell{lo: max(th, n-2), hi: n + 2, hidden: true, name: printed}
		}
		return readerCell{lo: n, hi: n, name: printed}
	}
	if printed == primary && primary != "c" {
		return readerCell{lo: 1, hi: th - 1, hidden: true, name: printed}
	}
	return readerCell{lo: 1, hi: limit, hidden: true, name: printed}
}

// solve reports, for each cell, whether more than one value fits every relation
// (sum of coef*cell = 0), by searching all assignments within the bounds.
func recoverable(cells []readerCell, rels [][]term) (int, bool) {
	seen := make([]map[int64]bool, len(cells))
	for i := range seen {
		seen[i] = map[int64]bool{}
	}
	vals := make([]int64, len(cells))
	assigned := make([]bool, len(cells))
	feasible := func() bool {
		for _, rel := range rels {
			var lo, hi int64
			for _, tm := range rel {
				a, b := cells[tm.cell].lo, cells[tm.cell].hi
				if assigned[tm.cell] {
					a, b = vals[tm.cell], vals[tm.cell]
				}
				a, b = tm.coef*a, tm.coef*b
				if a > b {
					a, b = b, a
				}
				lo, hi = lo+a, hi+b
			}
			if lo > 0 || hi < 0 {
				return false
			}
		}
		return true
	}
	var search func(i int) bool
	done := func() bool {
		for i, c := range cells {
			if c.hidden && len(seen[i]) < 2 {
				return false
			}
		}
		return true
	}
	search = func(i int) bool {
		if i == len(cells) {
			for k := range cells {
				seen[k][vals[k]] = true
			}
			return done()
		}
		for v := cells[i].lo; v <= cells[i].hi; v++ {
			vals[i], assigned[i] = v, true
			if feasible() && search(i+1) {
				return true
			}
		}
		assigned[i] = false
		return false
	}
	search(0)
	for i, c := range cells {
		if c.hidden && len(seen[i]) < 2 && !(c.lo == c.hi) {
			return i, true
		}
		if c.hidden && len(seen[i]) < 2 {
			return i, true
		}
	}
	return -1, false
}

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
			s.Apply(r)
			printed := shown(r)
			var cells []readerCell
			var rel []term
			for i, p := range printed {
				cells = append(cells, reader(p, int64(th), round, primary, int64(4*th)))
				coef := int64(1)
				if i == len(printed)-1 {
					coef = -1
				}
				rel = append(rel, term{i, coef})
			}
			if i, bad := recoverable(cells, [][]term{rel}); bad {
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
			m := &Measures{Columns: []Measure{{Name: "month"}, {Name: "created", Unit: "calls"}, {Name: "resolved", Unit: "calls"}, {Name: "backlog at end", Unit: "calls"}}}
			b := b0
			for i := range n {
				c := int64(rng.IntN(14))
				r := min(b+c, int64(rng.IntN(14)))
				b += c - r
				m.Rows = append(m.Rows, []any{"2014-0" + strconv.Itoa(i+1), c, r, b})
			}
			orig := strings.TrimSpace(fmtRows(m))
			s.ApplyMeasures(m)
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
		}}
	Suppression{Policy: "lt5"}.ApplyMeasures(m)
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
			}}
	}
	m := mk()
	Suppression{Policy: "lt5"}.ApplyMeasures(m)
	if m.Rows[3][3] != "x" || m.Rows[3][2] != "x" {
		t.Errorf("a percentage of 1 call is shown: %v", m.Rows[3])
	}
	m = mk()
	Suppression{Policy: "ons"}.ApplyMeasures(m)
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
		Rows: [][]any{{"All", int64(25), int64(12), int64(13), 48.0}}}
	Suppression{Policy: "ons"}.ApplyMeasures(m)
	if m.Rows[0][1] != int64(25) || m.Rows[0][2] != int64(10) || m.Rows[0][3] != int64(15) || m.Rows[0][4] != 40.0 {
		t.Errorf("rows %v", m.Rows)
	}
}

// TestPackLinksTables: a count hidden in one table is hidden where another table
// gives it (the trend's created is the month's all by severity).
func TestPackLinksTables(t *testing.T) {
	bySev := &Measures{Columns: []Measure{{Name: "month"}, {Name: "Sev 1", Unit: "calls"}, {Name: "Sev 2", Unit: "calls"}, {Name: "all", Unit: "calls"}},
		Rows: [][]any{{"2014-08", int64(10), int64(10), int64(20)}, {"2014-09", int64(3), int64(10), int64(13)}}}
	trend := &Measures{Columns: []Measure{{Name: "month"}, {Name: "created", Unit: "calls"}, {Name: "resolved", Unit: "calls"}, {Name: "backlog at end", Unit: "calls"}},
		Rows: [][]any{{"2014-08", int64(20), int64(20), int64(10)}, {"2014-09", int64(13), int64(12), int64(11)}}}
	p := &Pack{Sections: []*Measures{bySev, trend}}
	Suppression{Policy: "lt5"}.ApplyPack(p)
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
	r.Meta.LeftOut = []LeftOut{{Calls: 2, Reason: `severity not recognised (blank: 1, "TBC": 1)`}}
	Suppression{Policy: "lt5"}.Apply(r)
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
	Suppression{Policy: "ons"}.Apply(big)
	var buf strings.Builder
	if err := writeJSON(&buf, big); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"count": 10`, `"count": 15`, `"count": 230`, `"total": 255`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "rows_loaded") {
		t.Errorf("JSON gives the calls loaded under a policy:\n%s", buf.String())
	}
}
