package report

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func apply(t testing.TB, s Suppression, r *Result) {
	t.Helper()
	if _, err := s.Apply(context.Background(), r, nil); err != nil {
		t.Fatal(err)
	}
}

func applyM(t testing.TB, s Suppression, m *Measures) {
	t.Helper()
	if _, err := s.ApplyMeasures(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
}

func applyP(t testing.TB, s Suppression, p *Pack) {
	t.Helper()
	if _, err := s.ApplyPack(context.Background(), p, nil); err != nil {
		t.Fatal(err)
	}
}

// byGroup and across are the structures of the test tables: groups in rows (or
// columns) adding up to All, each listed group with a call at least.
// as the queries declare them.
var (
	byGroup = Structure{Total: "All", Size: "calls", Floor: 1,
		Sums: []Sum{{Whole: "calls", Parts: []string{"resolved", "still_open"}}},
		Ratios: []Ratio{{Name: "timed", Measure: "timed_percent", Den: []string{"calls"}},
			{Name: "reopened", Measure: "reopened_percent", Den: []string{"calls"}},
			{Name: "met", Measure: "met_percent", Num: []string{"met"}, Den: []string{"met", "breached"}}},
		Timed: &Timed{Measures: []string{"median_hours", "mean_hours", "median_working_time_hours"},
			Plus: []string{"resolved"}, Minus: []string{"resolved_before_opened"}}}
	across = Structure{GroupsAcross: true, Total: "All", Size: "calls", Floor: 1, Ranked: true,
		Sums: []Sum{{Whole: "calls", Parts: []string{"resolved", "still open"}}},
		Ratios: []Ratio{{Name: "met", Measure: "resolved within target (%)", Den: []string{"resolved"}, OverTimed: true},
			{Name: "timed", Measure: "timed (%)", Den: []string{"calls"}},
			{Name: "reopened", Measure: "reopened (%)", Den: []string{"calls"}}},
		Timed:   &Timed{Share: "timed (%)", Measures: []string{"median time to resolve (h)", "mean, working time (h)"}},
		Against: map[string]string{"reopened (%): against the best": "reopened (%)"}}
)

func resultOf(counts ...int64) *Result {
	r := &Result{By: "category"}
	for i, c := range counts {
		r.Rows = append(r.Rows, Row{Value: "c" + strconv.Itoa(i), Calls: c})
		r.Total += c
	}
	return r
}

// shown is how each row's count is shown, in the order resultOf made them (the rows
// themselves are reordered by what is shown), then the total.
func shown(r *Result) []string {
	if len(r.Rows) == 0 { // no breakdown
		return []string{r.total()}
	}
	out := make([]string, len(r.Rows))
	for _, row := range r.Rows {
		i, _ := strconv.Atoi(strings.TrimPrefix(row.Value, "c"))
		out[i] = r.count(row)
	}
	return append(out, r.total())
}

// column is the index of the column named name.
func column(m *Measures, name string) int {
	for j, c := range m.Columns {
		if c.Name == name {
			return j
		}
	}
	return -1
}

func TestSuppressionPolicies(t *testing.T) {
	tests := []struct {
		name   string
		s      Suppression
		counts []int64
		want   []string // the rows as shown, then the total
	}{
		{"none", Suppression{Policy: "none"}, []int64{10, 3, 0}, []string{"10", "3", "0", "13"}},
		{"lt5: two small counts summing to 7 would each be 3 or 4: the other goes too", Suppression{Policy: "lt5"}, []int64{10, 3, 4, 0}, []string{"x", "<5", "<5", "0", "17"}},
		{"lt5: one small count takes the smallest other with it", Suppression{Policy: "lt5"}, []int64{10, 7, 3, 0}, []string{"10", "x", "<5", "0", "20"}},
		{"lt5: a small total gives no breakdown", Suppression{Policy: "lt5"}, []int64{3, 0}, []string{"<5"}},
		{"lt5: two small counts summing to 2 take another with them", Suppression{Policy: "lt5"}, []int64{20, 10, 1, 1}, []string{"20", "x", "<5", "<5", "32"}},
		{"lt5: a small count pinned by the total: one more, the one that widens it (20 reads 17-20, 1 reads 1-4)", Suppression{Policy: "lt5"}, []int64{5, 20, 1}, []string{"5", "x", "<5", "26"}},
		{"dfe: 1 to 5 are c", Suppression{Policy: "dfe"}, []int64{5, 6, 1}, []string{"c", "6", "c", "12"}},
		{"ons: under 10 hidden, the rest and the total rounded to 5; 9 would read as 6-9 from the rounded sum", Suppression{Policy: "ons"}, []int64{9, 12, 13, 0}, []string{"<10", "x", "15", "0", "35"}},
		{"a threshold of 10", Suppression{Threshold: 10}, []int64{9, 12, 30}, []string{"<10", "x", "30", "51"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resultOf(tt.counts...)
			apply(t, tt.s, r)
			got := shown(r)
			if len(got) != len(tt.want) {
				t.Fatalf("shown %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("shown %q, want %q", got, tt.want)
				}
			}
			if tt.s.Active() != (r.Meta.Suppression != "") {
				t.Errorf("note %q", r.Meta.Suppression)
			}
		})
	}
}

// TestSuppressionCannotBeUndone: for many random tables, no hidden count can be
// worked out from what is shown: wherever the total is shown exactly, at least two
// non-zero counts are hidden, or none.
func TestSuppressionCannotBeUndone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range []Suppression{{Policy: "lt5"}, {Policy: "dfe"}, {Threshold: 10}} {
		for range 2000 {
			counts := make([]int64, 1+rng.IntN(6))
			for i := range counts {
				counts[i] = int64(rng.IntN(15))
			}
			r := resultOf(counts...)
			apply(t, s, r)
			th, primary, _, _ := s.rule()
			hidden := 0
			for _, row := range r.Rows {
				if row.Calls > 0 && row.Calls < int64(th) && row.Shown == "" {
					t.Fatalf("%+v: %v: the small count %d is shown", s, counts, row.Calls)
				}
				if row.Shown != "" {
					hidden++
					if _, err := strconv.Atoi(row.Shown); err == nil {
						t.Fatalf("%+v: %v: a hidden count shown as the number %s", s, counts, row.Shown)
					}
				}
			}
			if hidden == 1 && r.TotalShown == "" {
				t.Fatalf("%+v: %v shown as %q: the one hidden count is the total less the others", s, counts, shown(r))
			}
			_ = primary
		}
	}
}

// TestSuppressMeasures: a group with a small count loses all its figures (they are
// tied to each other), and one hidden group takes the next smallest with it.
func TestSuppressMeasures(t *testing.T) {
	m := &Measures{Columns: []Measure{{Name: "severity"}, {Name: "calls", Unit: "calls"}, {Name: "still open", Unit: "calls"}, {Name: "median", Unit: "hours"}},
		Rows: [][]any{
			{"Sev 1", int64(20), int64(3), 4.5},
			{"Sev 2", int64(30), int64(0), 6.0},
			{"Sev 3", int64(12), int64(0), 9.0},
			{"All", int64(62), int64(3), 6.0},
		}, Structure: byGroup}
	applyM(t, Suppression{Policy: "lt5"}, m)
	// Sev 1's 3 still open hide its row (20 calls are "x", not a false "<5"); the All
	// row's 3 still open hide it too, so no sum is left to subtract from.
	want := [][]any{
		{"Sev 1", "x", "<5", "x"},
		{"Sev 2", int64(30), int64(0), 6.0},
		{"Sev 3", int64(12), int64(0), 9.0},
		{"All", "x", "<5", "x"},
	}
	for i := range want {
		for j := range want[i] {
			if m.Rows[i][j] != want[i][j] {
				t.Fatalf("rows %v, want %v", m.Rows, want)
			}
		}
	}
	if m.Meta.Suppression == "" {
		t.Error("the notes do not say what was hidden")
	}
}

// TestSuppressCompare: a supplier with few calls loses its whole column, and takes
// the next smallest with it; a small All column is hidden too.
func TestSuppressCompare(t *testing.T) {
	m := &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "All"}},
		Rows: [][]any{
			{"calls", int64(3), int64(20), int64(30), int64(53)},
			{"median time to resolve (h)", 2.0, 5.0, 7.0, 5.5},
		}, Structure: across}
	applyM(t, Suppression{Policy: "lt5"}, m)
	a, b, c, all := column(m, "A"), column(m, "B"), column(m, "C"), column(m, "All")
	if m.Rows[0][a] != "<5" || m.Rows[1][a] != "x" || m.Rows[0][b] != "x" || m.Rows[1][b] != "x" || m.Rows[0][c] != int64(30) || m.Rows[0][all] != int64(53) {
		t.Errorf("rows %v", m.Rows)
	}
	small := &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "All"}},
		Rows: [][]any{{"calls", int64(2), int64(2)}, {"median time to resolve (h)", 2.0, 2.0}}, Structure: across}
	applyM(t, Suppression{Policy: "lt5"}, small)
	if len(small.Columns) != 2 || small.Rows[0][1] != "<5" || small.Rows[1][1] == 2.0 {
		t.Errorf("a small All column is shown, or its groups: %v %v", small.Columns, small.Rows)
	}
}

// printedRows is each row as printed, in the order printed.
func printedRows(r *Result) []string {
	var out []string
	for _, row := range r.Rows {
		out = append(out, row.Value+"="+r.count(row))
	}
	return append(out, "Total="+r.total())
}

// TestRowOrderFollowsWhatIsShown: rows listed by true count (then name) would tell
// where each hidden count falls (a run of names restarting at A marks a drop).
// Under a policy two tables that print the same figures list them the same: shown
// counts largest first, then the hidden ones together by name.
func TestRowOrderFollowsWhatIsShown(t *testing.T) {
	for _, s := range []Suppression{{Policy: "lt5"}, {Policy: "ons"}, {Policy: "dfe"}} {
		mk := func(counts map[string]int64) *Result {
			r := &Result{By: "category"}
			for name, n := range counts {
				r.Rows = append(r.Rows, Row{Value: name, Calls: n})
				r.Total += n
			}
			// as the query lists them: count descending, then name
			sort.Slice(r.Rows, func(i, j int) bool {
				a, b := r.Rows[i], r.Rows[j]
				return a.Calls > b.Calls || a.Calls == b.Calls && a.Value < b.Value
			})
			apply(t, s, r)
			return r
		}
		a := mk(map[string]int64{"M": 40, "B": 21, "Z": 4, "A": 3, "C": 2, "Y": 1})
		b := mk(map[string]int64{"M": 40, "B": 21, "Z": 1, "A": 4, "C": 3, "Y": 2})
		pa, pb := printedRows(a), printedRows(b)
		if strings.Join(pa, " ") != strings.Join(pb, " ") {
			t.Errorf("%s: the same figures printed in a different order:\n%v\n%v", s.Policy, pa, pb)
		}
		if !strings.HasPrefix(strings.Join(pa, " "), "M=") {
			t.Errorf("%s: the largest shown count is not first: %v", s.Policy, pa)
		}
	}
	// severities keep their own order
	r := &Result{By: "severity", Rows: []Row{{Value: "1", Calls: 3}, {Value: "2", Calls: 30}, {Value: "3", Calls: 2}}, Total: 35}
	apply(t, Suppression{Policy: "lt5"}, r)
	if r.Rows[0].Value != "1" || r.Rows[1].Value != "2" {
		t.Errorf("severities reordered: %v", printedRows(r))
	}
}

// TestMeasuresOrderFollowsWhatIsShown: the same for a table of measures by a
// column other than severity (rows), and for compare (columns, and the chart's).
func TestMeasuresOrderFollowsWhatIsShown(t *testing.T) {
	table := func(z, a int64) *Measures {
		return &Measures{Columns: []Measure{{Name: "category"}, {Name: "calls", Unit: "calls"}, {Name: "share", Unit: "percent"}},
			Rows:      [][]any{{"M", int64(40), 0.0}, {"Z", max(z, a), 0.0}, {"A", min(z, a), 0.0}, {"B", int64(0), 0.0}, {"2 other categories", int64(30), 0.0}, {"All", 70 + z + a, 100.0}},
			Charts:    []Chart{{Kind: "hbar", Columns: []int{1}, Rows: []int{0, 1, 2}}},
			Structure: Structure{Total: "All", Size: "calls", Floor: 1, Rest: "2 other categories", RestFloor: 2, Ranked: true}}
	}
	order := func(m *Measures) string {
		var b strings.Builder
		for _, row := range m.Rows {
			b.WriteString(m.cell(0, row[0]) + "=" + m.cell(1, row[1]) + " ")
		}
		return b.String()
	}
	m1, m2 := table(4, 3), table(3, 4)
	m2.Rows[1][0], m2.Rows[2][0] = "A", "Z" // A has 4, Z 3: listed A, Z
	applyM(t, Suppression{Policy: "lt5"}, m1)
	applyM(t, Suppression{Policy: "lt5"}, m2)
	if order(m1) != order(m2) {
		t.Errorf("the same figures in a different order:\n%s\n%s", order(m1), order(m2))
	}
	// 3 and 4 hidden sum to 7 (each 3 or 4): the rest goes too
	if want := "M=40 B=0 A=<5 Z=<5 2 other categories=x All=77 "; order(m1) != want {
		t.Errorf("order %q, want %q", order(m1), want)
	}
	if got := m1.Charts[0].Rows; len(got) != 3 || got[0] != 0 || got[1] != 2 || got[2] != 3 {
		t.Errorf("chart rows %v, want the rows of M, A and Z where they now are", got)
	}

	cmp := func(x, y int64) *Measures {
		return &Measures{Columns: []Measure{{Name: "measure"}, {Name: "Zed"}, {Name: "Big"}, {Name: "Ace"}, {Name: "All"}},
			Rows:      [][]any{{"calls", x, int64(50), y, 50 + x + y}},
			Charts:    []Chart{{Kind: "bar", Columns: []int{1, 2, 3}, Transpose: true}},
			Structure: across}
	}
	c1 := cmp(4, 3)
	applyM(t, Suppression{Policy: "lt5"}, c1)
	var names []string
	for _, c := range c1.Columns {
		names = append(names, c.Name)
	}
	// 4 and 3 hidden sum to 7 (each 3 or 4): Big goes too, and all three are
	// listed by name
	if got := strings.Join(names, ","); got != "measure,Ace,Big,Zed,All" {
		t.Errorf("compare columns %s, want measure,Ace,Big,Zed,All", got)
	}
	if c1.Rows[0][2] != "x" || c1.Rows[0][4] != int64(57) {
		t.Errorf("compare rows not moved with their columns: %v", c1.Rows)
	}
}

// TestTimesOverFewCalls: a median over 2 timed calls (10 resolved, 8 before opened)
// is hidden, in resolution and in compare (calls and timed % give the 2).
func TestTimesOverFewCalls(t *testing.T) {
	m := &Measures{Columns: []Measure{{Name: "severity"}, {Name: "calls", Unit: "calls"}, {Name: "resolved", Unit: "calls"},
		{Name: "still open", Unit: "calls"}, {Name: "resolved before opened", Unit: "calls"}, {Name: "median", Unit: "hours"},
		{Name: "mean", Unit: "hours"}, {Name: "timed", Unit: "percent"}, {Name: "median, working time", Unit: "hours"}},
		Rows: [][]any{
			{"Sev 1", int64(10), int64(10), int64(0), int64(8), 3.0, 3.5, 20.0, 1.0},
			{"Sev 2", int64(30), int64(30), int64(0), int64(0), 6.0, 7.0, 100.0, 2.0},
			{"All", int64(40), int64(40), int64(0), int64(8), 5.0, 6.0, 80.0, 1.5},
		}, Structure: byGroup}
	applyM(t, Suppression{Policy: "lt5"}, m)
	if m.Rows[0][5] != "x" || m.Rows[0][6] != "x" || m.Rows[0][8] != "x" {
		t.Errorf("times over 2 calls are shown: %v", m.Rows[0])
	}
	if m.Rows[1][5] != 6.0 {
		t.Errorf("times over 30 calls are hidden: %v", m.Rows[1])
	}
	c := &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "B"}, {Name: "All"}},
		Rows: [][]any{
			{"calls", int64(10), int64(30), int64(40)},
			{"median time to resolve (h)", 3.0, 6.0, 5.0},
			{"mean, working time (h)", 3.0, 6.0, 5.0},
			{"resolved within target (%)", 50.0, 50.0, 50.0},
			{"timed (%)", 20.0, 100.0, 80.0},
		}, Structure: across}
	applyM(t, Suppression{Policy: "lt5"}, c)
	a := column(c, "A")
	if c.Rows[1][a] != "x" || c.Rows[2][a] != "x" || c.Rows[3][a] != "x" {
		t.Errorf("compare: times over 2 calls are shown: %v", c.Rows)
	}
	if b := column(c, "B"); c.Rows[1][b] != 6.0 || c.Rows[3][b] != 50.0 {
		t.Errorf("compare: B's figures hidden: %v", c.Rows)
	}
}

// TestReopenedOverSomeCalls: with reopen counts for only some calls, the share of
// the calls counted (5.0% of 40: 2) and reopened 50.0% give 1 reopened: under a
// policy the sentence goes and the reopened % (and mean reassignments) too.
func TestReopenedOverSomeCalls(t *testing.T) {
	mk := func() *Measures {
		m := &Measures{Columns: []Measure{{Name: "severity"}, {Name: "calls", Unit: "calls"}, {Name: "reopened", Unit: "percent"},
			{Name: "mean reassignments", Unit: "times"}},
			Rows: [][]any{{"Sev 1", int64(20), 50.0, 1.0}, {"Sev 2", int64(20), nil, 2.0}, {"All", int64(40), 50.0, 1.5}},
			Definitions: []string{"Reopened: ...", "The export gives reopen counts for 5.0% of the calls counted.",
				"The export gives reassignment counts for 50.0% of the calls counted."},
			Structure: byGroup}
		m.Structure.Partial = []string{"reopened_percent", "mean_reassignments"}
		m.Structure.Coverage = m.Definitions[1:]
		return m
	}
	m := mk()
	applyM(t, Suppression{Policy: "lt5"}, m)
	for _, d := range m.Definitions {
		if strings.HasPrefix(d, "The export gives") {
			t.Errorf("coverage sentence kept: %q", d)
		}
	}
	for _, row := range m.Rows {
		if row[2] == 50.0 || row[3] != "x" {
			t.Errorf("reopened or reassignments over some calls shown: %v", row)
		}
	}
	if m.Rows[1][2] != nil {
		t.Errorf("an unknown share became a symbol: %v", m.Rows[1])
	}
	full := mk()
	full.Definitions = full.Definitions[:1]
	full.Structure.Partial, full.Structure.Coverage = nil, nil
	full.Rows[0][2], full.Rows[2][2] = 25.0, 25.0 // 5 of 20, 10 of 40
	full.Rows[1][2] = 25.0
	applyM(t, Suppression{Policy: "lt5"}, full)
	if full.Rows[0][2] != 25.0 || full.Rows[0][3] != 1.0 {
		t.Errorf("reopened over every call hidden: %v", full.Rows[0])
	}
	c := &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "All"}},
		Rows:        [][]any{{"calls", int64(40), int64(40)}, {"reopened (%)", 50.0, 50.0}, {"reopened (%): against the best", 0.0, nil}},
		Definitions: []string{"The export gives reopen counts for 5.0% of the calls counted."}, Structure: across}
	c.Structure.Partial, c.Structure.Coverage = []string{"reopened (%)"}, c.Definitions
	applyM(t, Suppression{Policy: "lt5"}, c)
	if c.Rows[1][1] != "x" || c.Rows[1][2] != "x" || c.Rows[2][1] != "x" || len(c.Definitions) != 0 {
		t.Errorf("compare: %v %v", c.Rows, c.Definitions)
	}
}

// TestNotesUnderPolicy: no calls loaded in the source lines (the manifest keeps
// them), and the Data line gives days: one minute at both ends is one call.
func TestNotesUnderPolicy(t *testing.T) {
	at := time.Date(2014, 12, 28, 7, 27, 0, 0, time.UTC)
	r := resultOf(20, 30)
	r.Meta.Covered = Period{From: at, To: at}
	r.Meta.Sources = []Source{{Path: "f.csv", SHA256: "abc", Rows: 70}}
	apply(t, Suppression{Policy: "lt5"}, r)
	notes := strings.Join(r.Notes(), "\n")
	if !strings.Contains(notes, "\nSource: f.csv (SHA-256 abc).") || strings.Contains(notes, "70") {
		t.Errorf("source line gives the calls loaded:\n%s", notes)
	}
	if strings.Contains(notes, "07:27") || !strings.Contains(notes, "from 28 December 2014 to 28 December 2014.") {
		t.Errorf("Data line gives times:\n%s", notes)
	}
	if b, _ := json.Marshal(r.Meta.Sources); strings.Contains(string(b), "70") {
		t.Errorf("the sources as published (the JSON, the manifest) give the calls loaded: %s", b)
	}
	plain := resultOf(20, 30)
	plain.Meta.Covered = Period{From: at, To: at}
	plain.Meta.Sources = []Source{{Path: "f.csv", SHA256: "abc", Rows: 70}}
	if notes := strings.Join(plain.Notes(), "\n"); !strings.Contains(notes, "70 calls loaded") || !strings.Contains(notes, "07:27") {
		t.Errorf("without a policy the notes lose detail:\n%s", notes)
	}
}
