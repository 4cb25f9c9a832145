package report

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func resultOf(counts ...int64) *Result {
	r := &Result{By: "category"}
	for i, c := range counts {
		r.Rows = append(r.Rows, Row{Value: "c" + strconv.Itoa(i), Calls: c})
		r.Total += c
	}
	return r
}

func shown(r *Result) []string {
	var out []string
	for _, row := range r.Rows {
		out = append(out, r.count(row))
	}
	return append(out, r.total())
}

func TestSuppressionPolicies(t *testing.T) {
	tests := []struct {
		name   string
		s      Suppression
		counts []int64
		want   []string // the rows as shown, then the total
	}{
		{"none", Suppression{Policy: "none"}, []int64{10, 3, 0}, []string{"10", "3", "0", "13"}},
		{"lt5: two small counts hide each other", Suppression{Policy: "lt5"}, []int64{10, 3, 4, 0}, []string{"10", "<5", "<5", "0", "17"}},
		{"lt5: one small count takes the smallest other with it", Suppression{Policy: "lt5"}, []int64{10, 7, 3, 0}, []string{"10", "x", "<5", "0", "20"}},
		{"lt5: one small count alone: the total is small too", Suppression{Policy: "lt5"}, []int64{3, 0}, []string{"<5", "0", "<5"}},
		{"lt5: two small counts summing to 2 take another with them", Suppression{Policy: "lt5"}, []int64{20, 10, 1, 1}, []string{"20", "x", "<5", "<5", "32"}},
		{"lt5: a small count and the smallest other pinned by the total: one more", Suppression{Policy: "lt5"}, []int64{5, 20, 1}, []string{"x", "x", "<5", "26"}},
		{"dfe: 1 to 5 are c", Suppression{Policy: "dfe"}, []int64{5, 6, 1}, []string{"c", "6", "c", "12"}},
		{"ons: under 10 hidden, the rest and the total rounded to 5", Suppression{Policy: "ons"}, []int64{9, 12, 13, 0}, []string{"<10", "10", "15", "0", "35"}},
		{"a threshold of 10", Suppression{Threshold: 10}, []int64{9, 12, 30}, []string{"<10", "x", "30", "51"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resultOf(tt.counts...)
			tt.s.Apply(r)
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
			s.Apply(r)
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
		}}
	Suppression{Policy: "lt5"}.ApplyMeasures(m)
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
		}}
	Suppression{Policy: "lt5"}.ApplyMeasures(m)
	if m.Rows[0][1] != "<5" || m.Rows[1][1] != "x" || m.Rows[0][2] != "x" || m.Rows[1][2] != "x" || m.Rows[0][3] != int64(30) || m.Rows[0][4] != int64(53) {
		t.Errorf("rows %v", m.Rows)
	}
	small := &Measures{Columns: []Measure{{Name: "measure"}, {Name: "A"}, {Name: "All"}},
		Rows: [][]any{{"calls", int64(2), int64(2)}, {"median time to resolve (h)", 2.0, 2.0}}}
	Suppression{Policy: "lt5"}.ApplyMeasures(small)
	if _, shown := small.Rows[0][2].(int64); shown || small.Rows[1][2] == 2.0 {
		t.Errorf("a small All column is shown: %v", small.Rows)
	}
}
