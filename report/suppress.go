package report

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/deskstat/deskstat/report/sdc"
)

// Policies are the disclosure-control policies --suppress accepts.
var Policies = []string{"none", "lt5", "ons", "dfe"}

// Suppression hides small counts before figures are published. Zero stays 0.
//   - lt5: counts 1-4 are shown as "<5";
//   - dfe: counts 1-5 are shown as "c" (the Department for Education's convention);
//   - ons: counts under 10 are shown as "<10", the rest rounded to the nearest 5;
//   - Threshold N (--suppress-threshold) replaces the policy's: counts 1 to N-1 hidden.
//
// Secondary suppression: the figures printed are tied by sums (groups add up to the
// total, a row's parts to its calls, a trend's backlog to the last one plus created
// less resolved, the same figure in two tables of a pack). Every hidden count must
// stay consistent with at least two values given what is printed and what each
// symbol says (a small count is 1 to N-1, "x" is N or more, a rounded count is
// within 2 of it): while one is pinned, the smallest other group in one of its sums
// is hidden too ("x"; "c" under dfe), or else the total. A hidden group loses all
// its figures: times, percentages and medians too.
type Suppression struct {
	Policy    string
	Threshold int
}

// Active says whether anything can be hidden.
func (s Suppression) Active() bool { return (s.Policy != "" && s.Policy != "none") || s.Threshold > 0 }

func (s Suppression) rule() (threshold int, primary, secondary string, round bool) {
	switch s.Policy {
	case "dfe":
		threshold, primary, secondary = 6, "c", "c"
	case "ons":
		threshold, round = 10, true
	default:
		threshold = 5
	}
	if s.Threshold > 0 {
		threshold = s.Threshold
	}
	if primary == "" {
		primary = "<" + strconv.Itoa(threshold)
	}
	if secondary == "" {
		secondary = "x"
	}
	return
}

// Describe says in a sentence what the policy did, for the notes.
func (s Suppression) Describe() string {
	th, primary, secondary, round := s.rule()
	d := fmt.Sprintf("Small numbers: counts of 1 to %d are shown as %q", th-1, primary)
	if round {
		d += ", the others rounded to the nearest 5 (totals too), percentages computed from the rounded counts, and no means given"
	}
	each := fmt.Sprintf("each %q can be any of 1 to %d", primary, th-1)
	if primary == secondary {
		each = fmt.Sprintf("a small %q can be any of 1 to %d", primary, th-1)
	}
	d += fmt.Sprintf("; other counts are hidden as %q where the totals, the other tables or earlier releases would narrow a hidden one (%s), and a table whose total is small, or that cannot be protected, gives its total only, or nothing; a group whose counts are hidden loses its times and percentages, a percentage of a small count is hidden, and so are times over fewer calls; groups are listed by the counts shown, the hidden ones last by name; calls loaded are not given", secondary, each)
	name := s.Policy
	if name == "" || name == "none" {
		name = "custom"
	}
	return d + fmt.Sprintf(" (policy %s).", name)
}

func round5(n int64) int64 { return int64(math.Round(float64(n)/5) * 5) }

// count is how a row's count is shown.
func (r *Result) count(row Row) string {
	if row.Shown != "" {
		return row.Shown
	}
	return strconv.FormatInt(row.Calls, 10)
}

// total is how the total is shown.
func (r *Result) total() string { return shownCount(r.Total, r.TotalShown) }

// Count is how the number of calls left out is shown.
func (l LeftOut) Count() string { return shownCount(l.Calls, l.Shown) }

func (l LeftOut) plural() int64 { return pluralCount(l.Calls, l.Shown) }

// Count is how the number of calls loaded from a file is shown.
func (s Source) Count() string { return shownCount(s.Rows, s.Shown) }

func (s Source) plural() int64 { return pluralCount(s.Rows, s.Shown) }

// shownCount is a count as printed: its symbol when disclosure control hid or
// rounded it, else the number.
func shownCount(n int64, shown string) string {
	if shown != "" {
		return shown
	}
	return strconv.FormatInt(n, 10)
}

// pluralCount is the number that picks a noun's form: a symbol ("<5") reads as many.
func pluralCount(n int64, shown string) int64 {
	if shown != "" {
		return 2
	}
	return n
}

// MarshalJSON writes a hidden count as its symbol (a string); a shown or rounded
// one stays a number.
func (l LeftOut) MarshalJSON() ([]byte, error) {
	var calls any = l.Calls
	if l.Shown != "" {
		calls = l.Shown
	}
	return PlainJSON(struct {
		Calls  any    `json:"calls"`
		Reason string `json:"reason"`
	}{calls, l.Why()})
}

// MarshalJSON writes a hidden count as its symbol (a string); a shown or rounded
// one stays a number; a withheld one (disclosure control) is left out.
func (s Source) MarshalJSON() ([]byte, error) {
	var rows any = s.Rows
	if s.Shown != "" {
		rows = s.Shown
	}
	if s.Withheld {
		rows = nil
	}
	return json.Marshal(struct {
		Path   string `json:"path"`
		SHA256 string `json:"sha256"`
		Rows   any    `json:"rows_loaded,omitempty"`
	}{s.Path, s.SHA256, rows})
}

// Apply hides r's small counts as the policy says, with secondary suppression
// against the total, and the counts in its notes. A small total gives no
// breakdown; where hiding more cannot keep every small count from being worked
// out, the groups are withheld (or all of it).
func (s Suppression) Apply(ctx context.Context, r *Result, earlier []Earlier) ([]Published, error) {
	if !s.Active() {
		return nil, nil
	}
	r.Meta.Suppression = s.Describe()
	m := r.measures()
	m.Rows[len(m.Rows)-1][0] = "\x00total" // no group's name
	m.Structure.Total, m.Structure.Ranked = "\x00total", false
	a, err := s.applyTables(ctx, []*Measures{m}, nil, earlier)
	if err != nil {
		return nil, err
	}
	r.Meta.Forced = m.Meta.Forced
	for i, row := range r.Rows {
		r.Rows[i].Shown, r.Rows[i].Calls = a.shownAt(0, r.displayValue(row.Value), "calls")
	}
	r.TotalShown, r.Total = a.shownAt(0, "\x00total", "calls")
	if l := a.tables[0]; l.level != whole {
		r.Rows = nil
		r.Meta.Withheld = s.withheldNote(l.level, r.TotalShown)
	}
	if r.By != "severity" { // severities are listed in their own order, not by count
		sortShown(len(r.Rows), func(i int) (string, int64, bool) {
			return r.Rows[i].Value, r.Rows[i].Calls, r.Rows[i].Shown != ""
		}, func(perm []int) {
			rows := make([]Row, len(perm))
			for k, i := range perm {
				rows[k] = r.Rows[i]
			}
			copy(r.Rows, rows)
		})
	}
	return a.release, s.applyMeta(ctx, &r.Meta)
}

// withheldNote says why a table's groups (totalOnly) or figures (withheld) are
// not given.
func (s Suppression) withheldNote(level int, total string) string {
	th, primary, _, _ := s.rule()
	if level == withheld {
		return "Withheld: these figures cannot be published without revealing a small count."
	}
	if total == primary {
		return fmt.Sprintf("No breakdown is given: the total is under %d (ONS and DfE practice).", th)
	}
	return fmt.Sprintf("No breakdown is given: no choice of hidden counts kept every count under %d from being worked out from what is published.", th)
}

// sortShown orders n groups by what is printed, not by their true counts: shown
// counts (rounded under ons) largest first, then by name; then every hidden group
// together, by name. An order by true count would tell where the hidden counts
// fall. key gives a group's name, shown count and whether it is hidden; apply
// receives the new order (the old index of each position).
func sortShown(n int, key func(i int) (name string, shown int64, hidden bool), apply func(perm []int)) {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	byName := func(a, b string) bool {
		if (a == "") != (b == "") { // a blank group last, as the queries list it
			return b == ""
		}
		return a < b
	}
	sort.SliceStable(perm, func(x, y int) bool {
		na, va, ha := key(perm[x])
		nb, vb, hb := key(perm[y])
		switch {
		case ha != hb:
			return !ha
		case !ha && va != vb:
			return va > vb
		}
		return byName(na, nb)
	})
	apply(perm)
}

// applyMeta hides the counts of the notes: calls left out (and the counts listed
// in their reasons); calls loaded are withheld.
func (s Suppression) applyMeta(ctx context.Context, m *Meta) error {
	for i := range m.LeftOut {
		l := &m.LeftOut[i]
		t := &Measures{Columns: []Measure{{Name: "label"}, {Name: "calls", Unit: "calls"}},
			Structure: Structure{Total: "\x00total", Size: "calls", Floor: 1}}
		for _, p := range l.Parts {
			t.Rows = append(t.Rows, []any{p.Label, p.Calls})
		}
		t.Rows = append(t.Rows, []any{"\x00total", l.Calls})
		a, err := s.applyTables(ctx, []*Measures{t}, nil, nil)
		if err != nil {
			return err
		}
		shown := func(group string) string {
			s, n := a.shownAt(0, group, "calls")
			if s == "" {
				s = strconv.FormatInt(n, 10)
			}
			return s
		}
		for k, p := range l.Parts {
			l.Parts[k].Shown = shown(p.Label)
		}
		l.Shown = shown("\x00total")
		if a.tables[0].level != whole {
			l.Parts = nil
		}
	}
	// The calls loaded from each file are not published: with the total and the
	// counts not counted they tie one table to another (a trend's months and the
	// calls loaded give a hidden count). The manifest keeps them.
	for i := range m.Sources {
		m.Sources[i].Withheld = true
	}
	return nil
}

// ApplyMeasures hides small counts in a table of measures (see Suppression).
func (s Suppression) ApplyMeasures(ctx context.Context, m *Measures, earlier []Earlier) ([]Published, error) {
	if !s.Active() {
		return nil, nil
	}
	a, err := s.applyTables(ctx, []*Measures{m}, nil, earlier)
	if err != nil {
		return nil, err
	}
	return a.release, s.applyMeta(ctx, &m.Meta)
}

// ApplyPack hides small counts in every table of a pack, consistently: a figure
// that two tables both give is hidden in both, and the sums that tie the tables
// together are protected as those within one.
func (s Suppression) ApplyPack(ctx context.Context, p *Pack, earlier []Earlier) ([]Published, error) {
	if !s.Active() {
		return nil, nil
	}
	a, err := s.applyTables(ctx, p.Sections, p.Identities, earlier)
	if err != nil {
		return nil, err
	}
	p.Meta.Suppression = s.Describe()
	if len(p.Sections) > 0 {
		p.Meta.Forced = p.Sections[0].Meta.Forced
	}
	if err := s.applyMeta(ctx, &p.Meta); err != nil {
		return nil, err
	}
	for _, sec := range p.Sections {
		if err := s.applyMeta(ctx, &sec.Meta); err != nil {
			return nil, err
		}
	}
	return a.release, nil
}

// sdcRule is the policy as the audit reads it.
func (s Suppression) sdcRule() sdc.Rule {
	th, primary, secondary, round := s.rule()
	return sdc.Rule{Threshold: int64(th), Round: round, OneSymbol: primary == secondary}
}

// applyTables protects the tables as one, and writes them as they are to be
// shown: counts hidden or rounded, the figures of hidden groups hidden, groups
// listed by what is shown, collapsed tables cut to what is published.
func (s Suppression) applyTables(ctx context.Context, tables []*Measures, ids []Identity, earlier []Earlier) (*audit, error) {
	th, primary, secondary, _ := s.rule()
	for _, m := range tables {
		if why := m.Structure.NotUnderPolicy; why != "" {
			m.Rows, m.Charts, m.Definitions, m.Withheld = nil, nil, nil, why
		}
		m.Structure.unnumberRest(m)
		m.Structure.smallBlocks(m, int64(th))
	}
	a, err := protect(ctx, s.sdcRule(), tables, ids, earlier)
	if err != nil {
		return nil, err
	}
	a.primary, a.secondary = primary, secondary
	forced := ""
	if len(earlier) > 0 {
		alone, err := protect(ctx, s.sdcRule(), tables, ids, nil)
		if err != nil {
			return nil, err
		}
		if !alone.same(a) {
			var ids []string
			for _, e := range earlier {
				ids = append(ids, strconv.FormatInt(e.Release.ID, 10))
			}
			forced = fmt.Sprintf("Earlier releases (%s) forced more to be hidden here: with them, these figures would otherwise give a small count away by difference.", strings.Join(ids, ", "))
		}
	}
	for _, l := range a.tables {
		l.m.Meta.Suppression = s.Describe()
		l.fewCalls(a, secondary)
		l.blockSums(a, secondary)
		l.percentages(a, secondary)
	}
	hideSharedRatios(a.tables, secondary)
	a.release = a.published(primary, secondary)
	for _, l := range a.tables {
		l.render(a, primary, secondary)
		l.atShownPrecision()
		total := ""
		if tc, ok := l.byKey[[2]string{l.m.Structure.Total, l.m.Structure.Size}]; ok {
			total, _ = a.show(tc, primary, secondary)
		}
		l.cut()
		if l.level != whole {
			l.m.Definitions = append([]string{s.withheldNote(l.level, total)}, l.m.Definitions...)
		}
		if l.level == withheld {
			l.m.Withheld = s.withheldNote(l.level, total)
		}
		if forced != "" {
			l.m.Meta.Forced = forced
		}
		l.reorder()
	}
	return a, nil
}

// cut drops what a collapsed table does not publish: the groups but the total, or
// every group; charts go with them.
func (l *layout) cut() {
	m := l.m
	switch l.level {
	case whole:
		return
	case withheld:
		if l.transposed {
			m.Columns = m.Columns[:1]
			for i := range m.Rows {
				m.Rows[i] = m.Rows[i][:1]
			}
		} else {
			m.Rows = nil
		}
		m.Charts = nil
		return
	}
	if l.transposed {
		keep := []int{0}
		for j := 1; j < len(m.Columns); j++ {
			if l.isTotal(j) {
				keep = append(keep, j)
			}
		}
		cols := make([]Measure, len(keep))
		for k, j := range keep {
			cols[k] = m.Columns[j]
		}
		for i, row := range m.Rows {
			out := make([]any, len(keep))
			for k, j := range keep {
				out[k] = row[j]
			}
			m.Rows[i] = out
		}
		m.Columns = cols
	} else {
		var rows [][]any
		for i, row := range m.Rows {
			if l.isTotal(i) {
				rows = append(rows, row)
			}
		}
		m.Rows = rows
	}
	m.Charts = nil
}

// reorder lists a ranked table's groups by what is printed (see sortShown). The
// total and the rest stay where they are; charts follow.
func (l *layout) reorder() {
	m := l.m
	st := m.Structure
	if !st.Ranked || len(m.Rows) == 0 || len(m.Columns) < 2 {
		return
	}
	size := func(v any) (int64, bool) {
		n, ok := v.(int64)
		return n, !ok && v != nil
	}
	gKeys, gIdx := l.groups()
	sizeAt, ok := l.measureAt[st.Size] // the measure that is a group's size
	if !ok {
		return
	}
	var pos []int // the groups to order: rows, or columns when transposed
	for g, gk := range gKeys {
		if gk != st.Total && gk != st.Rest {
			pos = append(pos, gIdx[g])
		}
	}
	if len(pos) < 2 {
		return
	}
	key := func(k int) (string, int64, bool) {
		at := l.at(pos[k], sizeAt)
		n, hidden := size(m.Rows[at[0]][at[1]])
		var name string
		if l.transposed {
			name = m.Columns[pos[k]].Name
		} else {
			name = label(m.Rows[pos[k]][0])
		}
		if name == "(blank)" {
			name = ""
		}
		return name, n, hidden
	}
	sortShown(len(pos), key, func(perm []int) {
		moved := map[int]int{} // old index: new
		if l.transposed {
			cols := append([]Measure(nil), m.Columns...)
			for k, from := range perm {
				m.Columns[pos[k]] = cols[pos[from]]
				moved[pos[from]] = pos[k]
			}
			for _, row := range m.Rows {
				old := append([]any(nil), row...)
				for k, from := range perm {
					row[pos[k]] = old[pos[from]]
				}
			}
		} else {
			rows := append([][]any(nil), m.Rows...)
			for k, from := range perm {
				m.Rows[pos[k]] = rows[pos[from]]
				moved[pos[from]] = pos[k]
			}
		}
		for c := range m.Charts {
			ch := &m.Charts[c]
			if ch.Transpose && l.transposed {
				ch.Columns = remap(ch.Columns, moved)
			} else if !ch.Transpose && !l.transposed && ch.Rows != nil {
				ch.Rows = remap(ch.Rows, moved)
			}
		}
	})
}

// remap moves indices as a reorder moved them, and lists them in the table's new
// order (the old order was by true count).
func remap(idx []int, moved map[int]int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = i
		if to, ok := moved[i]; ok {
			out[k] = to
		}
	}
	sort.Ints(out)
	return out
}
