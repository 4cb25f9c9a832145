package queries

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/deskstat/deskstat/report"
)

// RuleCount is one category rule's calls: those it took first, and those it
// matches that an earlier rule took.
type RuleCount struct {
	Rule         int // 1-based
	Name         string
	First, Taken int64
}

// Suggestion is a word or two-word phrase distinctive of the calls no rule took,
// with the calls a rule of it would take: unmatched and matched.
type Suggestion struct {
	Term               string
	Pattern            string
	Unmatched, Matched int64
	Score              float64
	Examples           []string // ticket ids
	Summaries          []string // with personal only
}

// Coverage is how much of the calls the profile's category rules cover.
type Coverage struct {
	Calls, Unmatched int64
	Rules            []RuleCount
	Suggestions      []Suggestion
	Meta             report.Meta
}

// stopWords are words too common in call summaries to tell calls apart.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be been but by can cannot cant can't could did do does doesnt
		for from has have having he her him his i if in into is it its it's me my no not of on or our please she so
		that the their them then there they this to too up us was we were what when which who will with would you your
		all any also again after before still now just get gets getting got need needs new old one two very some user users
		working work works not issue issues problem problems error errors call calls help unable able`) {
		stopWords[w] = true
	}
}

var wordRE = regexp.MustCompile(`[\pL\pN][\pL\pN'’-]*`)

// RuleCoverage reads, for the calls f admits, how many each of the category rules
// took first and how many it matches that an earlier rule took; the calls no rule
// took; and the words and two-word phrases most distinctive of those (class-based
// TF-IDF against the calls the rules took), each in at least minCalls of them and
// never a word that may name a person (skip, or one mostly written with a
// capital inside a summary), with the calls a rule of it would take: only with personal, since words of the free text can name people, and so do the summaries with them.
func RuleCoverage(ctx context.Context, db *sql.DB, f report.Filter, rules []Rule, skip func(string) bool, minCalls int, personal bool) (*Coverage, error) {
	cond, args, err := where(f, true)
	if err != nil {
		return nil, err
	}
	var matches []string
	for i, r := range rules {
		fields := r.Fields
		if len(fields) == 0 {
			fields = []string{"summary"}
		}
		var tests []string
		for _, fl := range fields {
			col := map[string]string{"summary": "summary", "category": "exported_category", "subcategory": "subcategory"}[fl]
			if col == "" {
				return nil, fmt.Errorf("rule %d (%s): field %q", i+1, r.Name, fl)
			}
			tests = append(tests, fmt.Sprintf("coalesce(regexp_matches(%s, $rule_%d), false)", col, i+1))
		}
		matches = append(matches, "("+strings.Join(tests, " OR ")+")")
		args = append(args, sql.Named(fmt.Sprintf("rule_%d", i+1), r.Pattern))
	}
	list := "[]::BOOLEAN[]"
	if len(matches) > 0 {
		list = "[" + strings.Join(matches, ", ") + "]"
	}
	rows, err := db.QueryContext(ctx, Template("rules", map[string]string{"Where": cond, "Matches": list}), args...)
	if err != nil {
		return nil, fmt.Errorf("rule coverage: %w", err)
	}
	defer rows.Close()
	c := &Coverage{Meta: report.Meta{Filter: f}}
	for i, r := range rules {
		c.Rules = append(c.Rules, RuleCount{Rule: i + 1, Name: r.Name})
	}
	type doc struct {
		id, summary string
		matched     bool
	}
	var docs []doc
	for rows.Next() {
		var id string
		var rule sql.NullInt64
		var summary sql.NullString
		var m []any
		if err := rows.Scan(&id, &rule, &summary, &m); err != nil {
			return nil, fmt.Errorf("rule coverage: %w", err)
		}
		c.Calls++
		if !rule.Valid {
			c.Unmatched++
		} else if int(rule.Int64) <= len(c.Rules) {
			c.Rules[rule.Int64-1].First++
		}
		for i, v := range m {
			if hit, _ := v.(bool); hit && rule.Valid && int64(i+1) > rule.Int64 {
				c.Rules[i].Taken++
			}
		}
		docs = append(docs, doc{id, summary.String, rule.Valid})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rule coverage: %w", err)
	}
	if !personal {
		// Words of the free text can name people, and no list of names is whole
		// (a surname written in lower case passes any test): none without
		// --allow-personal.
		return c, describe(ctx, db, f, cond, args[:len(args)-len(rules)], &c.Meta)
	}
	// Terms per call: words and two-word phrases, each once a call.
	type stat struct {
		unmatched, matched int64
		examples           []int
	}
	terms := map[string]*stat{}
	var unmatchedTerms, matchedTerms float64
	// A word written with a capital inside a summary more often than not is taken
	// for a name (Venn, Okafor) and never suggested: a surname is no given name.
	titled, uses := map[string]int{}, map[string]int{}
	for _, d := range docs {
		for j, w := range wordRE.FindAllString(d.summary, -1) {
			lw := strings.ToLower(w)
			uses[lw]++
			r := []rune(w)
			if j > 0 && unicode.IsUpper(r[0]) && (len(r) == 1 || !unicode.IsUpper(r[1])) {
				titled[lw]++
			}
		}
	}
	named := func(w string) bool { return skip(w) || 2*titled[w] >= uses[w] && titled[w] > 0 }
	for i, d := range docs {
		words := wordRE.FindAllString(strings.ToLower(strings.ReplaceAll(d.summary, "’", "'")), -1)
		seen := map[string]bool{}
		add := func(t string) {
			if seen[t] {
				return
			}
			seen[t] = true
			s := terms[t]
			if s == nil {
				s = &stat{}
				terms[t] = s
			}
			if d.matched {
				s.matched++
				matchedTerms++
			} else {
				s.unmatched++
				unmatchedTerms++
				if len(s.examples) < 3 {
					s.examples = append(s.examples, i)
				}
			}
		}
		for j, w := range words {
			if stopWords[w] || named(w) || len([]rune(w)) < 3 {
				continue
			}
			add(w)
			if j+1 < len(words) && !stopWords[words[j+1]] && !named(words[j+1]) && len([]rune(words[j+1])) >= 3 {
				add(w + " " + words[j+1])
			}
		}
	}
	// Class-based TF-IDF: a term's share of the unmatched calls' terms, weighed by
	// how rare it is over both classes.
	avg := (unmatchedTerms + matchedTerms) / 2
	for t, s := range terms {
		if s.unmatched < int64(minCalls) || unmatchedTerms == 0 {
			continue
		}
		tf := float64(s.unmatched) / unmatchedTerms
		idf := math.Log(1 + avg/float64(s.unmatched+s.matched))
		sg := Suggestion{Term: t, Pattern: `\b` + strings.ReplaceAll(regexp.QuoteMeta(t), " ", `\s+`) + `\b`,
			Unmatched: s.unmatched, Matched: s.matched, Score: tf * idf}
		for _, i := range s.examples {
			sg.Examples = append(sg.Examples, docs[i].id)
			if personal {
				sg.Summaries = append(sg.Summaries, docs[i].summary)
			}
		}
		c.Suggestions = append(c.Suggestions, sg)
	}
	slices.SortFunc(c.Suggestions, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Term, b.Term))
	})
	if len(c.Suggestions) > 15 {
		c.Suggestions = c.Suggestions[:15]
	}
	return c, describe(ctx, db, f, cond, args[:len(args)-len(rules)], &c.Meta)
}
