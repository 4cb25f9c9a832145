package queries_test

import (
	"context"
	"encoding/csv"
	"os"
	"regexp"
	"testing"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// TestRuleCoverageSample holds the sample profile's rule coverage against the
// rules applied here, with Go's regexp, to the raw CSV's fields, first match
// wins; the calls no rule takes include the Highways gritting-route calls, whose
// words are suggested; no given name is ever suggested.
func TestRuleCoverageSample(t *testing.T) {
	p, err := ingest.LoadProfile("", "../samples/council_profile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := queries.Open(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := ingest.File(ctx, db, "../samples/council_calls_2013_2014.csv", ingest.Options{Profile: p}); err != nil {
		t.Fatal(err)
	}
	var rules []queries.Rule
	for _, r := range p.Categories {
		rules = append(rules, queries.Rule{Name: r.Name, Pattern: r.Pattern(), Fields: r.Fields})
	}
	cov, err := queries.RuleCoverage(ctx, db, report.Filter{}, rules, ingest.GivenName, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../samples/council_calls_2013_2014.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	field := map[string]string{"summary": "Summary", "category": "Call Type"}
	first := make([]int64, len(rules))
	var unmatched int64
	for _, r := range recs[1:] {
		took := -1
		for i, rule := range p.Categories {
			re := regexp.MustCompile(rule.Pattern())
			fields := rule.Fields
			if len(fields) == 0 {
				fields = []string{"summary"}
			}
			for _, fl := range fields {
				if re.MatchString(r[col[field[fl]]]) {
					took = i
				}
			}
			if took >= 0 {
				break
			}
		}
		if took < 0 {
			unmatched++
		} else {
			first[took]++
		}
	}
	if cov.Unmatched != unmatched || cov.Calls != int64(len(recs)-1) {
		t.Errorf("%d of %d calls no rule took; here %d of %d", cov.Unmatched, cov.Calls, unmatched, len(recs)-1)
	}
	for i, r := range cov.Rules {
		if r.First != first[i] {
			t.Errorf("rule %d (%s) took %d first; here %d", r.Rule, r.Name, r.First, first[i])
		}
	}
	found := false
	for _, s := range cov.Suggestions {
		found = found || s.Term == "gritting"
		if ingest.GivenName(s.Term) {
			t.Errorf("a given name suggested: %q", s.Term)
		}
		if len(s.Summaries) == 0 {
			t.Error("no summaries with personal")
		}
	}
	// A surname, capitalised in the calls that mention it, is never suggested.
	db2 := loadCSV(t, "Ref,Date Logged,Summary\nA1,01/03/2016 09:00,printer jam for Ms Okafor\nA2,02/03/2016 09:00,Okafor cannot print\n"+
		"A3,03/03/2016 09:00,new mouse for Okafor\nA4,04/03/2016 09:00,new mouse needed\n")
	c2, err := queries.RuleCoverage(ctx, db2, report.Filter{}, nil, ingest.GivenName, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c2.Suggestions {
		if s.Term == "okafor" || regexp.MustCompile(`okafor`).MatchString(s.Term) {
			t.Errorf("a surname suggested: %q", s.Term)
		}
	}
	if len(c2.Suggestions) == 0 || c2.Suggestions[0].Term != "mouse" {
		t.Errorf("suggestions %+v, want mouse first", c2.Suggestions)
	}
	// Without personal, no word of the free text at all.
	if c3, err := queries.RuleCoverage(ctx, db, report.Filter{}, rules, ingest.GivenName, 3, false); err != nil || len(c3.Suggestions) > 0 || c3.Unmatched != unmatched {
		t.Errorf("without personal: %d suggestions, %d unmatched (%v)", len(c3.Suggestions), c3.Unmatched, err)
	}
	if !found {
		t.Errorf("the gritting-route calls no rule takes are not among the suggestions: %+v", cov.Suggestions)
	}
}
