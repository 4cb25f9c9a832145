package cmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestFilterForms counts the sample log's calls under every form of --where and
// holds the total against a count made here from the raw CSV, with no deskstat
// code: one column's = and ~ are any of them, its != none of them, columns all.
func TestFilterForms(t *testing.T) {
	const sample = "../samples/council_calls_2013_2014.csv"
	f, err := os.Open(sample)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	fold := func(s string) string {
		return strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "’", "'")))
	}
	is := func(c, v string) func([]string) bool {
		return func(r []string) bool { return fold(r[col[c]]) == fold(v) }
	}
	mentions := func(c, v string) func([]string) bool {
		return func(r []string) bool { return strings.Contains(fold(r[col[c]]), fold(v)) }
	}
	not := func(p func([]string) bool) func([]string) bool { return func(r []string) bool { return !p(r) } }
	or := func(ps ...func([]string) bool) func([]string) bool {
		return func(r []string) bool {
			for _, p := range ps {
				if p(r) {
					return true
				}
			}
			return false
		}
	}
	and := func(ps ...func([]string) bool) func([]string) bool {
		return func(r []string) bool {
			for _, p := range ps {
				if !p(r) {
					return false
				}
			}
			return true
		}
	}
	cases := []struct {
		where []string
		want  func([]string) bool
		words string
	}{
		{[]string{"service=Children's Social Care", "service=Adult Social Care"},
			or(is("Service", "Children's Social Care"), is("Service", "Adult Social Care")),
			`where service is "Children's Social Care" or "Adult Social Care"`},
		{[]string{"service!=Education"}, not(is("Service", "Education")), `where service is not "Education"`},
		{[]string{"service!=Education", "service!=Libraries"}, and(not(is("Service", "Education")), not(is("Service", "Libraries"))),
			`where service is neither "Education" nor "Libraries"`},
		{[]string{"summary~PASSWORD"}, mentions("Summary", "password"), `where summary mentions "PASSWORD"`},
		{[]string{"summary~printer", "summary~toner"}, or(mentions("Summary", "printer"), mentions("Summary", "toner")),
			`where summary mentions "printer" or "toner"`},
		{[]string{"service=Children’s Social Care", "summary~lcs"}, and(is("Service", "Children's Social Care"), mentions("Summary", "lcs")),
			`where service is "Children's Social Care", and summary mentions "lcs"`}, // as the data spells it
		{[]string{"service~social", "service!=Adult Social Care"}, and(mentions("Service", "social"), not(is("Service", "Adult Social Care"))),
			`where service mentions "social", and is not "Adult Social Care"`},
		// The labels a report prints: "(blank)", and a severity's "not recognised"
		// (the sample's blank and TBC).
		{[]string{"service!=(blank)", "severity!=not recognised"}, and(not(is("Service", "")), not(is("Severity", "")), not(is("Severity", "TBC"))), ""},
		{[]string{"severity=not recognised"}, or(is("Severity", ""), is("Severity", "TBC")), ""},
		{[]string{"service=Education", "service~youth", "summary!=password reset"},
			and(or(is("Service", "Education"), mentions("Service", "youth")), not(is("Summary", "password reset"))), ""},
	}
	for _, c := range cases {
		want := 0
		for _, r := range records[1:] {
			if c.want(r) {
				want++
			}
		}
		args := []string{"breakdown", sample, "--by", "severity", "--format", "csv", "--allow-personal"}
		if !strings.Contains(strings.Join(c.where, " "), "summary!=") {
			args = args[:len(args)-1] // ~ on free text needs no --allow-personal; != does
		}
		for _, w := range c.where {
			args = append(args, "--where", w)
		}
		var out, errOut bytes.Buffer
		if code := Main(context.Background(), args, nil, &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.where, code, errOut.String())
		}
		got := -1
		cr := csv.NewReader(&out)
		cr.FieldsPerRecord = -1 // with --allow-personal, a note follows the table
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r[0] == "Total" {
				got, _ = strconv.Atoi(r[1])
			}
		}
		if got != want {
			t.Errorf("%v: %d calls, want %d", c.where, got, want)
		}
		if want == 0 {
			t.Errorf("%v: no call of the sample matches: a weak case", c.where)
		}
		if c.words != "" && !strings.Contains(errOut.String(), c.words) {
			t.Errorf("%v: the notes do not say %q:\n%s", c.where, c.words, errOut.String())
		}
	}
	// A severity as a report prints it is the severity: Sev 1 is 1.
	total := func(w string) string {
		var out, errOut bytes.Buffer
		if code := Main(context.Background(), []string{"breakdown", sample, "--format", "csv", "--by", "severity", "--where", w}, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s: %s", w, errOut.String())
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, "Total,") {
				return l
			}
		}
		return ""
	}
	if a, b := total("severity=Sev 1"), total("severity=1"); a != b || a == "" || a == "Total,0" {
		t.Errorf("severity=Sev 1 gives %q, severity=1 %q", a, b)
	}
	// != on free text prints nothing but still needs --allow-personal; ~ does not.
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"breakdown", sample, "--where", "summary=password reset"}, nil, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "summary~TEXT counts the calls that mention TEXT without showing any") {
		t.Errorf("--where summary=...: exit %d, %s; want a refusal that points to ~", code, errOut.String())
	}
}

// TestFilterSpelledAsData: a filter typed in another case says what it counted
// as the data writes it, in the letter's heading and every output's notes; a
// value the data does not hold is said as typed.
func TestFilterSpelledAsData(t *testing.T) {
	const sample = "../samples/council_calls_2013_2014.csv"
	for _, c := range []struct {
		where, want, not string
	}{
		{"service=children’s SOCIAL care", "logged by Children's Social Care.", "children’s SOCIAL care"},
		{"service!=education", `service is not "Education"`, `not "education"`},
		{"service=Nowhere Else", "Nowhere Else", ""},
	} {
		for _, format := range []string{"text", "table", "json"} {
			var out, errOut bytes.Buffer
			if code := Main(context.Background(), []string{"breakdown", sample, "--severity", "1,2", "--where", c.where, "--format", format}, nil, &out, &errOut); code != 0 {
				t.Fatalf("--where %s: exit %d: %s", c.where, code, errOut.String())
			}
			all := out.String() + errOut.String()
			if format == "text" && !strings.Contains(all, c.want) {
				t.Errorf("--where %q (%s): does not say %q:\n%s", c.where, format, c.want, all)
			}
			if c.not != "" && strings.Contains(all, c.not) {
				t.Errorf("--where %q (%s): says the value as typed:\n%s", c.where, format, all)
			}
		}
	}
}
