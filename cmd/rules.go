package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newRulesCmd(s *app) *cobra.Command {
	o := &reportFlags{}
	var minCalls int
	var accept []int
	var write string
	c := &cobra.Command{
		Use:   "rules [FILE...] --profile FILE [flags]",
		Short: "How much of the calls the profile's category rules cover, and rules to add",
		Long: `For each category rule of the profile: the calls it took first, and the calls it
matches that an earlier rule took. Then the calls no rule took, and the words and
two-word phrases most distinctive of them (class-based TF-IDF against the calls the
rules took, in at least --min-calls of them, never a common given name), each with a
suggested pattern and how many calls no rule took, and how many a rule took, it
matches, with example ticket ids and the summaries. The words and the suggestions
come only with --allow-personal, since words of the free text can name people.
--accept 1,3 --write-profile FILE appends those suggestions to the profile FILE (one
that exists) as rules (last, so that they take only calls no rule took).`,
		Example: `  deskstat rules samples/council_calls_2013_2014.csv --profile samples/council_profile.yaml
  deskstat rules --db calls.duckdb --profile desk.yaml --allow-personal --accept 1,2 --write-profile desk.yaml`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.files = args
			if err := o.check(); err != nil {
				return err
			}
			if o.load.profile == "" {
				return usagef("rules: give the --profile whose category rules to check")
			}
			if (len(accept) > 0) != (write != "") {
				return usagef("--accept and --write-profile go together")
			}
			if o.suppression().Active() {
				return usagef("--suppress: rules is for whoever keeps the profile, not for publication")
			}
			lo, _, err := o.load.options(s.dir)
			if err != nil {
				return err
			}
			var rules []queries.Rule
			for _, r := range lo.Profile.Categories {
				rules = append(rules, queries.Rule{Name: r.Name, Pattern: r.Pattern(), Fields: r.Fields})
			}
			db, err := o.open(c.Context(), s)
			if err != nil {
				return err
			}
			defer db.Close()
			if queries.FreeTextWithheld(db) {
				return usagef("rules: this Parquet export leaves out the calls' free text, which the rules read (export it with --allow-personal)")
			}
			cov, err := queries.RuleCoverage(c.Context(), db, o.parsed, rules, ingest.GivenName, minCalls, o.allowPersonal)
			if err != nil {
				return err
			}
			if o.allowPersonal {
				fmt.Fprintln(s.errOut, "deskstat: "+report.PersonalWarning)
			} else {
				fmt.Fprintln(s.errOut, "deskstat: suggested rules are words of the calls' free text, which can name people: give --allow-personal for them (not for publication)")
			}
			if write != "" {
				if err := appendRules(s.at(write), cov.Suggestions, accept); err != nil {
					return err
				}
				fmt.Fprintf(s.errOut, "deskstat: added %s %s to %s\n", strconv.Itoa(len(dedupe(accept))), report.Plural(int64(len(dedupe(accept))), "rule", "rules"), write)
			}
			format := o.format
			if format == "" {
				format = defaultFormat(s, "")
			}
			return writeCoverage(s, format, cov)
		},
	}
	o.register(c)
	c.Flags().IntVar(&minCalls, "min-calls", 3, "suggest a word only where at least `N` calls no rule took hold it")
	c.Flags().IntSliceVar(&accept, "accept", nil, "the suggestions (by number) to append to --write-profile")
	c.Flags().StringVar(&write, "write-profile", "", "append the --accept suggestions to this profile `FILE` as category rules")
	return c
}

// writeCoverage writes the rules' calls, the calls no rule took, and the
// suggestions: tables, or one JSON object.
func writeCoverage(s *app, f report.Format, c *queries.Coverage) error {
	if f == report.JSON {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	}
	switch f {
	case report.Table, report.Text, report.CSV, report.Markdown:
	default:
		return usagef("rules writes table, csv, json or markdown")
	}
	g := &report.Grid{Columns: []string{"rule", "name", "took first", "matched, taken by an earlier rule"}, Numbers: []string{"rule", "took first"}}
	for _, r := range c.Rules {
		g.Rows = append(g.Rows, []string{strconv.Itoa(r.Rule), r.Name, strconv.FormatInt(r.First, 10), strconv.FormatInt(r.Taken, 10)})
	}
	share := 0.0
	if c.Calls > 0 {
		share = 100 * float64(c.Unmatched) / float64(c.Calls)
	}
	g.Rows = append(g.Rows, []string{"", "(no rule)", strconv.FormatInt(c.Unmatched, 10), fmt.Sprintf("%.1f%% of %d calls", share, c.Calls)})
	if err := report.WriteGrid(s.out, f, g); err != nil {
		return err
	}
	fmt.Fprintln(s.out)
	sg := &report.Grid{Columns: []string{"#", "term", "calls no rule took", "calls a rule took", "suggested pattern", "examples"},
		Numbers: []string{"#", "calls no rule took", "calls a rule took"}}
	for i, x := range c.Suggestions {
		ex := strings.Join(x.Examples, " ")
		if len(x.Summaries) > 0 {
			ex += " (" + strings.Join(x.Summaries, " | ") + ")"
		}
		sg.Rows = append(sg.Rows, []string{strconv.Itoa(i + 1), x.Term, strconv.FormatInt(x.Unmatched, 10), strconv.FormatInt(x.Matched, 10), x.Pattern, ex})
	}
	if err := report.WriteGrid(s.out, f, sg); err != nil {
		return err
	}
	for _, n := range c.Meta.Notes() {
		fmt.Fprintln(s.errOut, n)
	}
	return nil
}

// appendRules appends the accepted suggestions to a profile's category rules: the
// profile read as a YAML document, the rules added to its categories list, and
// written back only once the result reads as a profile with them.
func appendRules(path string, sug []queries.Suggestion, accept []int) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--write-profile %s: no such profile (the rules are added to one)", path)
	}
	before, err := ingest.LoadProfile("", path)
	if err != nil {
		return fmt.Errorf("--write-profile: %w", err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--write-profile: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("--write-profile %s: not a profile to add rules to", path)
	}
	top := doc.Content[0]
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "categories" {
			list = top.Content[i+1]
		}
	}
	if list == nil {
		list = &yaml.Node{Kind: yaml.SequenceNode}
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "categories"}, list)
	}
	if list.Kind != yaml.SequenceNode {
		return fmt.Errorf("--write-profile %s: its categories are not a list", path)
	}
	list.Style = 0 // block style, a rule a few lines
	added := map[int]bool{}
	for _, n := range accept {
		if n < 1 || n > len(sug) {
			return usagef("--accept %d: there are %d suggestions", n, len(sug))
		}
		if added[n] {
			continue
		}
		added[n] = true
		x := sug[n-1]
		name := strings.ToUpper(x.Term[:1]) + x.Term[1:]
		rule := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "name"}, {Kind: yaml.ScalarNode, Value: name},
			{Kind: yaml.ScalarNode, Value: "patterns"}, {Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: x.Pattern, Style: yaml.SingleQuotedStyle}}},
		}}
		rule.HeadComment = "suggested by deskstat rules"
		list.Content = append(list.Content, rule)
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return fmt.Errorf("--write-profile %s: %w", path, err)
	}
	tmp := path + ".deskstat-new"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("--write-profile %s: %w", path, err)
	}
	after, err := ingest.LoadProfile("", tmp)
	if err != nil || len(after.Categories) != len(before.Categories)+len(added) {
		os.Remove(tmp)
		return fmt.Errorf("--write-profile %s: the rules could not be added so that it still reads as the profile: add them by hand", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("--write-profile %s: %w", path, err)
	}
	return nil
}

// dedupe is ns without repeats, in order.
func dedupe(ns []int) []int {
	var out []int
	for _, n := range ns {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
