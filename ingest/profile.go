package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/deskstat/deskstat/queries"
)

// Profile describes one help desk's exports: which export columns hold what, extra
// severity labels, the order of day and month in its dates, and the ordered rules
// that turn calls into categories.
type Profile struct {
	Name       string            `yaml:"name"`
	Columns    map[string]string `yaml:"columns"`         // canonical column -> export header
	Severities map[string]int    `yaml:"severity_labels"` // label as exported -> 1..5
	DateOrder  string            `yaml:"date_order"`      // day-first or month-first; default: detected
	TimeZone   string            `yaml:"time_zone"`       // zone of naive times in the exports; default: the machine's
	Source     string            `yaml:"source"`          // the system the exports come from; default: the profile's name
	// PriorityMatrix gives the severity of impact i and urgency u (1 = high) at
	// [i-1][u-1], for exports with impact and urgency but no priority. Default: ITIL's.
	PriorityMatrix [][]int        `yaml:"priority_matrix"`
	Categories     []CategoryRule `yaml:"categories"`
	// Suppliers name who provides each assignment group, first match wins: e.g.
	// groups starting "SW1" are Southwest One's, the rest the council's own team.
	Suppliers []SupplierRule `yaml:"suppliers"`
	// WorkingHours are the service desk's working days, hours and holidays, for
	// time to resolve in working time.
	WorkingHours *queries.CalendarConfig `yaml:"working_hours"`
	// SLATargets is the resolution target of each severity, e.g. 1: 4h, 3: 3d.
	SLATargets map[int]string `yaml:"sla_targets"`
	// SeverityBasis is which severity a call of an event log is counted under: its
	// final one (the default), at opening, or the highest it had.
	SeverityBasis string `yaml:"severity_basis"`
	// SLATime is the time the clock counts: calendar (the default) or working
	// (the working_hours').
	SLATime string `yaml:"sla_time"`
	// SLAPauses stops the clock in pause_states (default true).
	SLAPauses *bool `yaml:"sla_pauses"`
	// SLARestart starts the clock again when a resolved call is reopened.
	SLARestart bool `yaml:"sla_restart_on_reopen"`
	// SLATargetsBy sets targets for the calls of one supplier, team, service or
	// category, over sla_targets: supplier: {Southwest One: {1: 2h, 2: 4h}}.
	SLATargetsBy map[string]map[string]map[int]string `yaml:"sla_targets_by"`
	// The status values of each phase, beyond (and before) the tools' own words:
	// not yet taken up, worked on, waiting (an SLA clock pauses), resolved, closed.
	NewStates      []string `yaml:"new_states"`
	OpenStates     []string `yaml:"open_states"`
	PauseStates    []string `yaml:"pause_states"`
	ResolvedStates []string `yaml:"resolved_states"`
	ClosedStates   []string `yaml:"closed_states"`

	Path   string `yaml:"-"`
	SHA256 string `yaml:"-"`
}

// CategoryRule gives calls whose fields match any pattern the category Name.
type CategoryRule struct {
	Name     string   `yaml:"name"`
	Fields   []string `yaml:"fields"`   // summary, category, subcategory; default summary
	Patterns []string `yaml:"patterns"` // RE2, case-insensitive, anywhere in the field
}

// SupplierRule gives calls whose assignment group matches any pattern the supplier Name.
type SupplierRule struct {
	Name   string   `yaml:"name"`
	Groups []string `yaml:"groups"` // RE2, case-insensitive, anywhere in the assignment group
}

// Pattern joins a rule's patterns into one case-insensitive RE2 expression.
func (r SupplierRule) Pattern() string { return joinPatterns(r.Groups) }

// RuleFields are the call fields a category rule may look at.
var RuleFields = []string{"summary", "category", "subcategory"}

// DateOrders are the values --date-order and the profile's date_order accept.
var DateOrders = []string{"day-first", "month-first"}

// LoadProfile reads and checks the profile file path, read from dir when path is
// relative ("" for the working directory); the profile is named as given.
func LoadProfile(dir, path string) (*Profile, error) {
	b, err := os.ReadFile(InDir(dir, path))
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("profile %s: %s", path, yamlWords(err))
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	sum := sha256.Sum256(b)
	p.Path, p.SHA256 = path, hex.EncodeToString(sum[:])
	return &p, nil
}

func (p *Profile) check() error {
	for canon, header := range p.Columns {
		if !isCanonical(canon) {
			return fmt.Errorf("columns: unknown column %q (known: %s)", canon, strings.Join(canonicalNames(), ", "))
		}
		if strings.TrimSpace(header) == "" {
			return fmt.Errorf("columns: %s: empty export header", canon)
		}
	}
	if !slices.Contains([]string{"", "final", "opening", "highest"}, p.SeverityBasis) {
		return fmt.Errorf("severity_basis: %q: want final, opening or highest", p.SeverityBasis)
	}
	seen := map[string]string{}
	for _, st := range []struct {
		key    string
		values []string
	}{{"new_states", p.NewStates}, {"open_states", p.OpenStates}, {"pause_states", p.PauseStates}, {"resolved_states", p.ResolvedStates}, {"closed_states", p.ClosedStates}} {
		for _, v := range st.values {
			k := statusKey(v)
			if k == "" {
				return fmt.Errorf("%s: an empty status", st.key)
			}
			if other, ok := seen[k]; ok && other != st.key {
				return fmt.Errorf("%s: %q is in %s too: a status belongs to one phase", st.key, v, other)
			}
			seen[k] = st.key
		}
	}
	for label, sev := range p.Severities {
		if sev < 1 || sev > 5 {
			return fmt.Errorf("severity_labels: %q: severity %d is not between 1 and 5", label, sev)
		}
	}
	for i, row := range p.PriorityMatrix {
		if len(p.PriorityMatrix) > 5 || len(row) == 0 || len(row) > 5 {
			return fmt.Errorf("priority_matrix: want up to 5 rows (impact) of up to 5 severities (urgency), as [[1, 2, 3], [2, 3, 4], [3, 4, 5]]")
		}
		for j, sev := range row {
			if sev < 1 || sev > 5 {
				return fmt.Errorf("priority_matrix: impact %d urgency %d: severity %d is not between 1 and 5", i+1, j+1, sev)
			}
		}
	}
	for i, r := range p.Suppliers {
		where := fmt.Sprintf("suppliers: rule %d", i+1)
		if strings.TrimSpace(r.Name) == "" || len(r.Groups) == 0 {
			return fmt.Errorf("%s: want a name and the patterns of its groups", where)
		}
		for _, pat := range r.Groups {
			if _, err := regexp.Compile(pat); err != nil {
				return fmt.Errorf("%s (%s): pattern %q: %w", where, r.Name, pat, err)
			}
		}
	}
	if p.WorkingHours != nil {
		if _, err := queries.NewCalendar(*p.WorkingHours, time.UTC); err != nil {
			return err
		}
	}
	if _, err := p.SLAHours(); err != nil {
		return err
	}
	if p.DateOrder != "" && !slices.Contains(DateOrders, p.DateOrder) {
		return fmt.Errorf("date_order: %q is not one of %s", p.DateOrder, strings.Join(DateOrders, ", "))
	}
	for i := range p.Categories {
		r := &p.Categories[i]
		where := fmt.Sprintf("categories: rule %d", i+1)
		if strings.TrimSpace(r.Name) == "" {
			return fmt.Errorf("%s: no name", where)
		}
		where += fmt.Sprintf(" (%s)", r.Name)
		if len(r.Patterns) == 0 {
			return fmt.Errorf("%s: no patterns", where)
		}
		if len(r.Fields) == 0 {
			r.Fields = []string{"summary"}
		}
		for _, f := range r.Fields {
			if !slices.Contains(RuleFields, f) {
				return fmt.Errorf("%s: unknown field %q (known: %s)", where, f, strings.Join(RuleFields, ", "))
			}
		}
		for _, pat := range r.Patterns {
			if _, err := regexp.Compile(pat); err != nil {
				return fmt.Errorf("%s: pattern %q: %w", where, pat, err)
			}
		}
	}
	if _, err := p.SLAPolicy(); err != nil {
		return err
	}
	return nil
}

// itilMatrix is ITIL's usual priority matrix: impact by urgency, 1 = high.
var itilMatrix = [][]int{{1, 2, 3}, {2, 3, 4}, {3, 4, 5}}

func (p *Profile) matrix() [][]int {
	if len(p.PriorityMatrix) > 0 {
		return p.PriorityMatrix
	}
	return itilMatrix
}

// severity reads a label with the profile's own labels first.
// names reports whether the profile's severity_labels name label.
func (p *Profile) names(label string) bool {
	for l := range p.Severities {
		if strings.EqualFold(strings.TrimSpace(l), strings.TrimSpace(label)) {
			return true
		}
	}
	return false
}

func (p *Profile) severity(label string) (int, bool) {
	for l, sev := range p.Severities {
		if strings.EqualFold(strings.TrimSpace(l), strings.TrimSpace(label)) {
			return sev, true
		}
	}
	return ParseSeverity(label)
}

// Pattern joins a rule's patterns into one case-insensitive RE2 expression.
func (r CategoryRule) Pattern() string { return joinPatterns(r.Patterns) }

func joinPatterns(patterns []string) string {
	parts := make([]string, len(patterns))
	for i, p := range patterns {
		parts[i] = "(?:" + p + ")"
	}
	return "(?i)" + strings.Join(parts, "|")
}

// SLAPolicy is how the profile judges calls against their targets: its targets,
// those of its groups, the time its clock counts, whether it pauses and restarts.
func (p *Profile) SLAPolicy() (queries.SLAPolicy, error) {
	targets, err := p.SLAHours()
	if err != nil {
		return queries.SLAPolicy{}, err
	}
	policy := queries.SLAPolicy{Targets: targets}
	if p == nil {
		return policy, nil
	}
	switch p.SLATime {
	case "", "calendar":
	case "working":
		if p.WorkingHours == nil {
			return policy, errors.New("sla_time: working needs working_hours")
		}
		policy.Working = true
	default:
		return policy, fmt.Errorf("sla_time: %q: want calendar or working", p.SLATime)
	}
	policy.IgnorePauses = p.SLAPauses != nil && !*p.SLAPauses
	policy.Restart = p.SLARestart
	// Groups in a fixed order: a call in groups of two columns takes the first
	// column's targets, in the order of queries.SLAGroupColumns.
	for col := range p.SLATargetsBy {
		if !slices.Contains(queries.SLAGroupColumns, col) {
			return policy, fmt.Errorf("sla_targets_by: %s: want one of %s", col, strings.Join(queries.SLAGroupColumns, ", "))
		}
	}
	for _, col := range queries.SLAGroupColumns {
		groups := p.SLATargetsBy[col]
		for _, value := range slices.Sorted(maps.Keys(groups)) {
			g := queries.SLAGroup{Column: col, Value: value, Targets: slices.Clone(targets)}
			for sev, target := range groups[value] {
				h, err := severityTarget(sev, target)
				if err != nil {
					return policy, fmt.Errorf("sla_targets_by: %s: %s: %w", col, value, err)
				}
				g.Targets[sev-1] = h
			}
			policy.Groups = append(policy.Groups, g)
		}
	}
	return policy, nil
}

// severityTarget reads one severity's target: "4h", "3d", or "none" (0).
func severityTarget(sev int, target string) (float64, error) {
	if sev < 1 || sev > 5 {
		return 0, fmt.Errorf("severity %d is not between 1 and 5", sev)
	}
	if strings.EqualFold(strings.TrimSpace(target), "none") {
		return 0, nil
	}
	h, err := targetHours(target)
	if err != nil {
		return 0, fmt.Errorf("%d: %w", sev, err)
	}
	return h, nil
}

// SLAHours gives the resolution target of severities 1 to 5 in hours (0: none):
// the profile's sla_targets, and queries.DefaultSLA for a severity it does not
// name. "none" says a severity has no target.

func (p *Profile) SLAHours() ([]float64, error) {
	out := slices.Clone(queries.DefaultSLA.Targets)
	if p == nil {
		return out, nil
	}
	for sev, target := range p.SLATargets {
		h, err := severityTarget(sev, target)
		if err != nil {
			return nil, fmt.Errorf("sla_targets: %w", err)
		}
		out[sev-1] = h
	}
	return out, nil
}

// targetHours reads a target such as "4h", "90m", "3d" or "1d12h".
func targetHours(s string) (float64, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	var days float64
	if d, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q: want a duration such as 4h, 90m or 3d, or none", s)
		}
		days, s = n, rest
	}
	var h float64
	if s != "" {
		dur, err := time.ParseDuration(s)
		if err != nil || dur < 0 {
			return 0, fmt.Errorf("%q: want a duration such as 4h, 90m or 3d, or none", s)
		}
		h = dur.Hours()
	}
	if days*24+h <= 0 {
		return 0, fmt.Errorf("%q: a target must be longer than nothing", s)
	}
	return days*24 + h, nil
}

// yamlWords puts the YAML reader's complaints in deskstat's words: a key it does
// not know, a value of the wrong kind ("want a list, as [A, B]"), each with its
// line.
func yamlWords(err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
	kinds := []struct{ into, want string }{
		{"into []", "a list, as [A, B]"}, {"into map", "keys and values, as key: value"},
		{"into bool", "true or false"}, {"into int", "a whole number"}, {"into float", "a number"},
		{"into string", "text"}, {"into ingest.", "keys and values, as key: value"}, {"into queries.", "keys and values, as key: value"},
	}
	out := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		line, rest, _ := strings.Cut(e, ": ")
		switch {
		case strings.HasPrefix(rest, "field ") && strings.Contains(rest, " not found in type "):
			key := strings.TrimSuffix(strings.TrimPrefix(rest, "field "), rest[strings.Index(rest, " not found"):])
			out = append(out, fmt.Sprintf("%s: unknown key %q", line, key))
			continue
		case strings.HasPrefix(rest, "cannot unmarshal "):
			want := "another kind of value"
			for _, k := range kinds {
				if strings.Contains(rest, k.into) {
					want = k.want
					break
				}
			}
			value := ""
			if a, b, ok := strings.Cut(rest, "`"); ok && strings.Contains(a, "!!") {
				value, _, _ = strings.Cut(b, "`")
			}
			if value != "" {
				out = append(out, fmt.Sprintf("%s: want %s, not %q", line, want, value))
			} else {
				out = append(out, fmt.Sprintf("%s: want %s here", line, want))
			}
			continue
		}
		out = append(out, e)
	}
	return strings.Join(out, "; ")
}
