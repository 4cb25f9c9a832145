package report

import (
	"context"
	"strings"
	"testing"
	"time"
)

func onDay(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestAtoms: two periods are cut at every boundary of either, each stretch saying
// which period holds it; open ends stay open.
func TestAtoms(t *testing.T) {
	tests := []struct {
		earlier, current Period
		want             []string
	}{
		{Period{From: onDay("2013-06-01"), To: onDay("2014-09-30")}, Period{From: onDay("2013-06-01"), To: onDay("2014-08-31")},
			[]string{"2013-06-01..2014-08-31 both", "2014-09-01..2014-09-30 earlier"}},
		{Period{From: onDay("2014-01-01")}, Period{From: onDay("2014-02-01")},
			[]string{"2014-01-01..2014-01-31 earlier", "2014-02-01.. both"}},
		{Period{To: onDay("2014-03-31")}, Period{From: onDay("2014-02-01"), To: onDay("2014-05-31")},
			[]string{"..2014-01-31 earlier", "2014-02-01..2014-03-31 both", "2014-04-01..2014-05-31 current"}},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range Atoms(tt.earlier, tt.current) {
			in := map[[2]bool]string{{true, true}: "both", {true, false}: "earlier", {false, true}: "current"}[[2]bool{a.InEarlier, a.InCurrent}]
			got = append(got, date(a.Period.From)+".."+date(a.Period.To)+" "+in)
		}
		if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
			t.Errorf("Atoms(%v, %v) = %q, want %q", tt.earlier, tt.current, got, tt.want)
		}
	}
}

// TestEarlierReleaseDifferencing: 32 calls (10 about A) to September, then 29 (9
// about A) to August would give September's 3 calls (1 about A): the new answer
// hides enough that none is pinned, and says the earlier release forced it. After
// the data changed so that an earlier count no longer fits, the release is tied no
// more by it, and nothing fails.
func TestEarlierReleaseDifferencing(t *testing.T) {
	earlier := Release{ID: 1, Command: "breakdown", Tables: []Published{{Title: "Calls by category", Cells: []KnownCell{
		{Group: "A", Measure: "calls", Shown: "10", Lo: 10, Hi: 10},
		{Group: "B", Measure: "calls", Shown: "12", Lo: 12, Hi: 12},
		{Group: "C", Measure: "calls", Shown: "10", Lo: 10, Hi: 10},
		{Group: "\x00total", Measure: "calls", Shown: "32", Lo: 32, Hi: 32}}}}}
	now := func() *Result {
		return &Result{Title: "Calls by category", By: "category", Total: 29,
			Rows: []Row{{Value: "A", Calls: 9}, {Value: "B", Calls: 10}, {Value: "C", Calls: 10}}}
	}
	atoms := Atoms(Period{From: onDay("2013-06-01"), To: onDay("2014-09-30")}, Period{From: onDay("2013-06-01"), To: onDay("2014-08-31")})
	atoms[0].Counts = map[string]int64{"A": 9, "B": 10, "C": 10}
	atoms[1].Counts = map[string]int64{"A": 1, "B": 2}
	alone := now()
	apply(t, Suppression{Policy: "lt5"}, alone)
	if alone.total() != "29" {
		t.Fatalf("alone, the answer shows %s calls, want 29", alone.total())
	}
	r := now()
	if _, err := (Suppression{Policy: "lt5"}).Apply(context.Background(), r, []Earlier{{Release: earlier, Atoms: atoms}}); err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows {
		if row.Value == "A" && row.Shown == "" || row.Value == "B" && row.Shown == "" {
			t.Errorf("%s shown as %d: with the earlier 10 and 12, September's 1 and 2 follow", row.Value, row.Calls)
		}
	}
	if r.TotalShown == "" {
		t.Errorf("total shown as %d: with the earlier 32, September's 3 follows", r.Total)
	}
	if !strings.Contains(r.Meta.Forced, "Earlier releases (1) forced more to be hidden") {
		t.Errorf("the output does not say the earlier release forced it: %q", r.Meta.Forced)
	}
	// The data changed: A now has 12 calls to September, not the 10 published.
	atoms[1].Counts = map[string]int64{"A": 3, "B": 2}
	if _, err := (Suppression{Policy: "lt5"}).Apply(context.Background(), now(), []Earlier{{Release: earlier, Atoms: atoms}}); err != nil {
		t.Errorf("an earlier release that no longer fits the data fails the audit: %v", err)
	}
}
