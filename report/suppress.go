package report

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
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
		d += ", the others rounded to the nearest 5 (totals too), and percentages computed from the rounded counts"
	}
	d += fmt.Sprintf("; where a hidden count could be worked out from the totals or other tables, other counts are hidden as %q, or the total; a group whose counts are hidden loses its times and percentages, a percentage of a small count is hidden, and so are times and means over fewer calls; groups are listed by the counts shown, the hidden ones last by name; calls loaded are not given", secondary)
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
	}{calls, l.Reason})
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

// Recorded are the sources with their counts loaded, withheld or not: for the
// manifest, which is not published with the figures.
func Recorded(sources []Source) []Source {
	out := make([]Source, len(sources))
	for i, s := range sources {
		s.Withheld = false
		out[i] = s
	}
	return out
}

// Apply hides r's small counts as the policy says, with secondary suppression
// against the total, and the counts in its notes.
func (s Suppression) Apply(r *Result) {
	if !s.Active() {
		return
	}
	th, primary, secondary, round := s.rule()
	r.Meta.Suppression = s.Describe()
	t := newSDC(int64(th), round)
	var rel []term
	cells := make([]int, len(r.Rows))
	for i, row := range r.Rows {
		cells[i] = t.addCell(row.Calls, t.addUnit(row.Calls, false))
		rel = append(rel, term{cells[i], 1})
	}
	total := t.addCell(r.Total, t.addUnit(r.Total, true))
	t.rels = append(t.rels, append(rel, term{total, -1}))
	t.protect()
	for i := range r.Rows {
		shown, n := t.show(cells[i], primary, secondary)
		r.Rows[i].Shown, r.Rows[i].Calls = shown, n
	}
	shownTotal, n := t.show(total, primary, secondary)
	r.TotalShown, r.Total = shownTotal, n
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
	s.applyMeta(&r.Meta)
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

// labelCount is one "label: n" of a reason's list of counts: blank: 1, "TBC": 2.
var labelCount = regexp.MustCompile(`(blank|"(?:[^"\\]|\\.)*"): ([0-9]+)`)

// applyMeta hides the counts of the notes: calls left out (and the counts listed
// in their reasons); calls loaded are withheld.
func (s Suppression) applyMeta(m *Meta) {
	th, primary, secondary, round := s.rule()
	for i := range m.LeftOut {
		l := &m.LeftOut[i]
		t := newSDC(int64(th), round)
		parts := labelCount.FindAllStringSubmatchIndex(l.Reason, -1)
		var rel []term
		var cells []int
		for _, p := range parts {
			n, _ := strconv.ParseInt(l.Reason[p[4]:p[5]], 10, 64)
			c := t.addCell(n, t.addUnit(n, false))
			cells = append(cells, c)
			rel = append(rel, term{c, 1})
		}
		total := t.addCell(l.Calls, t.addUnit(l.Calls, true))
		if len(parts) > 0 {
			t.rels = append(t.rels, append(rel, term{total, -1}))
		}
		t.protect()
		var b strings.Builder
		last := 0
		for k, p := range parts {
			shown, n := t.show(cells[k], primary, secondary)
			if shown == "" {
				shown = strconv.FormatInt(n, 10)
			}
			b.WriteString(l.Reason[last:p[4]])
			b.WriteString(shown)
			last = p[5]
		}
		b.WriteString(l.Reason[last:])
		l.Reason = b.String()
		l.Shown, l.Calls = t.show(total, primary, secondary)
	}
	// The calls loaded from each file are not published: with the total and the
	// counts not counted they tie one table to another (a trend's months and the
	// calls loaded give a hidden count). The manifest keeps them.
	for i := range m.Sources {
		m.Sources[i].Withheld = true
	}
}

// ApplyMeasures hides small counts in a table of measures (see Suppression).
func (s Suppression) ApplyMeasures(m *Measures) {
	if !s.Active() {
		return
	}
	s.applyTables([]*Measures{m})
	s.applyMeta(&m.Meta)
}

// ApplyPack hides small counts in every table of a pack, consistently: a figure
// that two tables both give is hidden in both, and the sums that tie the tables
// together are protected as those within one.
func (s Suppression) ApplyPack(p *Pack) {
	if !s.Active() {
		return
	}
	s.applyTables(p.Sections)
	p.Meta.Suppression = s.Describe()
	s.applyMeta(&p.Meta)
	for _, sec := range p.Sections {
		s.applyMeta(&sec.Meta)
	}
}

// applyTables protects the tables as one.
func (s Suppression) applyTables(tables []*Measures) {
	th, primary, secondary, round := s.rule()
	t := newSDC(int64(th), round)
	layouts := make([]*layout, len(tables))
	for i, m := range tables {
		layouts[i] = t.addMeasures(m)
	}
	t.link(layouts)
	t.protect()
	for i, m := range tables {
		m.Meta.Suppression = s.Describe()
		l := layouts[i]
		l.fewCalls(t, secondary)
		l.percentages(t, secondary)
	}
	hidePercentKeys(layouts, secondary)
	for _, l := range layouts {
		l.render(t, primary, secondary)
		l.reorder()
	}
}

// otherRows is the row of a top-N table that holds the rest together.
var otherRows = regexp.MustCompile(`^[0-9]+ other `)

// reorder lists a table's groups by what is printed (see sortShown), when they were
// listed by count: not severities or periods, which keep their own order. The All
// row (or column) and a row of the rest stay where they are; charts follow.
func (l *layout) reorder() {
	m := l.m
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return
	}
	size := func(v any) (int64, bool) {
		n, ok := v.(int64)
		return n, !ok && v != nil
	}
	if l.transposed {
		calls := -1
		for i, row := range m.Rows {
			if row[0] == "calls" {
				calls = i
			}
		}
		var pos []int // the columns of groups
		severities := true
		for j := 1; j < len(m.Columns); j++ {
			name := m.Columns[j].Name
			if j == len(m.Columns)-1 && name == "All" {
				continue
			}
			pos = append(pos, j)
			severities = severities && (severityLabel.MatchString(name) || name == "not recognised")
		}
		if calls < 0 || severities || len(pos) < 2 {
			return
		}
		sortShown(len(pos), func(k int) (string, int64, bool) {
			n, hidden := size(m.Rows[calls][pos[k]])
			name := m.Columns[pos[k]].Name
			if name == "(blank)" {
				name = ""
			}
			return name, n, hidden
		}, func(perm []int) {
			moved := map[int]int{} // old column: new
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
			for c := range m.Charts {
				if m.Charts[c].Transpose {
					m.Charts[c].Columns = remap(m.Charts[c].Columns, moved)
				}
			}
		})
		return
	}
	if name := m.Columns[0].Name; name == "severity" || name == "month" || name == "week" || name == "quarter" {
		return
	}
	first := -1 // the first count: a group's size
	for j := 1; j < len(m.Columns); j++ {
		if m.Columns[j].Unit == "calls" {
			first = j
			break
		}
	}
	var pos []int // the rows of groups
	for i, row := range m.Rows {
		label, ok := row[0].(string)
		if !ok {
			return // periods
		}
		if !isTotalLabel(label) && !otherRows.MatchString(label) {
			pos = append(pos, i)
		}
	}
	if first < 0 || len(pos) < 2 {
		return
	}
	sortShown(len(pos), func(k int) (string, int64, bool) {
		n, hidden := size(m.Rows[pos[k]][first])
		label, _ := m.Rows[pos[k]][0].(string)
		return label, n, hidden
	}, func(perm []int) {
		moved := map[int]int{}
		rows := append([][]any(nil), m.Rows...)
		for k, from := range perm {
			m.Rows[pos[k]] = rows[pos[from]]
			moved[pos[from]] = pos[k]
		}
		for c := range m.Charts {
			if !m.Charts[c].Transpose && m.Charts[c].Rows != nil {
				m.Charts[c].Rows = remap(m.Charts[c].Rows, moved)
			}
		}
	})
}

var severityLabel = regexp.MustCompile(`^Sev [0-9]+$`)

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

// The audit. Each count is a cell with public bounds (exact when shown, within 2
// when rounded, 1 to N-1 when shown as small, N or more when shown as "x"); sums
// tie cells together (each a relation: sum of coef*cell = 0); a unit (a group's
// row or column, a cell) is what is hidden at once.

const unbounded = int64(1) << 50

type term struct {
	cell int
	coef int64
}

type sdcCell struct {
	v    int64
	unit int // -1: a constant the reader is assumed to know
	rels []int
}

type sdcUnit struct {
	size   int64
	total  bool
	hidden bool
	cells  []int
}

type sdc struct {
	th    int64
	round bool
	cells []sdcCell
	units []sdcUnit
	rels  [][]term
}

func newSDC(th int64, round bool) *sdc { return &sdc{th: th, round: round} }

func (t *sdc) addUnit(size int64, total bool) int {
	t.units = append(t.units, sdcUnit{size: size, total: total})
	return len(t.units) - 1
}

func (t *sdc) addCell(v int64, unit int) int {
	t.cells = append(t.cells, sdcCell{v: v, unit: unit})
	c := len(t.cells) - 1
	if unit >= 0 {
		t.units[unit].cells = append(t.units[unit].cells, c)
	}
	return c
}

func (t *sdc) addRel(rel []term) {
	if len(rel) < 2 {
		return
	}
	t.rels = append(t.rels, rel)
}

// hidden says whether a cell is hidden: its unit is, and it is not 0.
func (t *sdc) hidden(c int) bool {
	cell := t.cells[c]
	return cell.unit >= 0 && t.units[cell.unit].hidden && cell.v != 0
}

// bounds is what a reader knows of a cell from how it is shown.
func (t *sdc) bounds(c int) (lo, hi int64) {
	v := t.cells[c].v
	switch {
	case t.hidden(c) && v < t.th:
		return 1, t.th - 1
	case t.hidden(c):
		return t.th, unbounded
	case t.round && t.cells[c].unit >= 0 && v != 0:
		r := round5(v)
		return max(t.th, r-2), r + 2
	}
	return v, v
}

// propagate narrows every cell's bounds by the relations until nothing changes.
func (t *sdc) propagate() (lo, hi []int64) {
	lo, hi = make([]int64, len(t.cells)), make([]int64, len(t.cells))
	for c := range t.cells {
		lo[c], hi[c] = t.bounds(c)
	}
	for pass := 0; pass < 50; pass++ {
		changed := false
		for _, rel := range t.rels {
			// sum of coef*x over the relation: its least and greatest
			var sLo, sHi int64
			var loInf, hiInf int // how many terms are unbounded below, above
			for _, tm := range rel {
				a, b := tm.coef*lo[tm.cell], tm.coef*hi[tm.cell]
				if tm.coef < 0 {
					a, b = b, a
				}
				if a <= -unbounded {
					loInf++
				} else {
					sLo += a
				}
				if b >= unbounded {
					hiInf++
				} else {
					sHi += b
				}
			}
			for _, tm := range rel {
				a, b := tm.coef*lo[tm.cell], tm.coef*hi[tm.cell]
				if tm.coef < 0 {
					a, b = b, a
				}
				// the others' sum lies in [oLo, oHi]; coef*x = -others
				oLo, oHi := -unbounded, unbounded
				if a <= -unbounded && loInf == 1 || loInf == 0 {
					oLo = sLo
					if a > -unbounded {
						oLo -= a
					}
				}
				if b >= unbounded && hiInf == 1 || hiInf == 0 {
					oHi = sHi
					if b < unbounded {
						oHi -= b
					}
				}
				var nLo, nHi int64 // bounds of coef*x
				nLo, nHi = -unbounded, unbounded
				if oHi < unbounded {
					nLo = -oHi
				}
				if oLo > -unbounded {
					nHi = -oLo
				}
				xLo, xHi := nLo, nHi
				if tm.coef < 0 {
					xLo, xHi = -nHi, -nLo
				}
				if xLo > lo[tm.cell] {
					lo[tm.cell], changed = xLo, true
				}
				if xHi < hi[tm.cell] {
					hi[tm.cell], changed = xHi, true
				}
			}
		}
		if !changed {
			break
		}
	}
	return lo, hi
}

// pinned is a hidden cell the printed figures allow one value for, or -1.
func (t *sdc) pinned() int {
	lo, hi := t.propagate()
	for c := range t.cells {
		if t.hidden(c) && hi[c] <= lo[c] {
			return c
		}
	}
	return -1
}

// protect hides the units with a small count, then, while a hidden cell is pinned,
// the smallest other group in one of its relations, else a total.
func (t *sdc) protect() {
	t.finish()
	for _, cell := range t.cells {
		if cell.unit >= 0 && cell.v > 0 && cell.v < t.th {
			t.units[cell.unit].hidden = true
		}
	}
	for range len(t.units) + 1 {
		c := t.pinned()
		if c < 0 {
			return
		}
		u := t.candidate(t.cells[c].rels)
		if u < 0 { // its relations are all hidden: widen to any relation with a hidden cell
			var rels []int
			for r, rel := range t.rels {
				for _, tm := range rel {
					if t.hidden(tm.cell) {
						rels = append(rels, r)
						break
					}
				}
			}
			u = t.candidate(rels)
		}
		if u < 0 {
			return
		}
		t.units[u].hidden = true
	}
}

// candidate is the smallest shown unit with a non-zero cell in the relations,
// groups before totals, or -1.
func (t *sdc) candidate(rels []int) int {
	best := -1
	for _, r := range rels {
		for _, tm := range t.rels[r] {
			u := t.cells[tm.cell].unit
			if u < 0 || t.units[u].hidden || t.cells[tm.cell].v == 0 {
				continue
			}
			if best < 0 || t.better(u, best) {
				best = u
			}
		}
	}
	return best
}

func (t *sdc) better(u, than int) bool {
	a, b := t.units[u], t.units[than]
	if a.total != b.total {
		return !a.total
	}
	return a.size < b.size || a.size == b.size && u < than
}

// show is how a cell is printed: its symbol when hidden, else "" and its value
// (rounded under ons).
func (t *sdc) show(c int, primary, secondary string) (string, int64) {
	v := t.cells[c].v
	switch {
	case t.hidden(c) && v < t.th:
		return primary, v
	case t.hidden(c):
		return secondary, v
	case t.round:
		return "", round5(v)
	}
	return "", v
}

// finish records which relations each cell is in.
func (t *sdc) finish() {
	for c := range t.cells {
		t.cells[c].rels = nil
	}
	for r, rel := range t.rels {
		for _, tm := range rel {
			t.cells[tm.cell].rels = append(t.cells[tm.cell].rels, r)
		}
	}
}

// layout is where a table's counts sit in the audit.
type layout struct {
	m          *Measures
	transposed bool           // compare: a column a group, a row a measure
	cells      map[[2]int]int // (row, column) of a count: its cell
	groupUnit  map[int]int    // row (or column, transposed) of a group: its unit
	total      int            // the All unit, or -1
	keys       map[int]string // cell: what it counts, to find it in other tables
}

// sums are the counts within a row that add up: calls = resolved + still open ...
var sums = []struct {
	total string
	parts []string
}{
	{"calls", []string{"resolved", "still open"}},
	{"calls", []string{"met", "breached", "open, breached", "open, within", "not judged"}},
	{"open", []string{"0-1 days", "2-5 days", "6-10 days", "11-30 days", "over 30 days"}},
	{"all", []string{"Sev 1", "Sev 2", "Sev 3", "Sev 4", "Sev 5", "not recognised"}},
}

func isTotalLabel(v any) bool { s, _ := v.(string); return s == "All" || s == "Total" }

// addMeasures puts a table's counts, units and sums into the audit.
func (t *sdc) addMeasures(m *Measures) *layout {
	l := &layout{m: m, cells: map[[2]int]int{}, groupUnit: map[int]int{}, total: -1, keys: map[int]string{}}
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return l
	}
	if m.Columns[1].Unit == "" {
		l.transposed = true
		t.addCompare(l)
		return l
	}
	isCount := func(j int) bool { return m.Columns[j].Unit == "calls" }
	rowUnits := false // a group's figures go together when it has times or shares
	countCol := map[string]int{}
	for j := 1; j < len(m.Columns); j++ {
		if isCount(j) {
			if _, ok := countCol[m.Columns[j].Name]; !ok {
				countCol[m.Columns[j].Name] = j
			}
		} else {
			rowUnits = true
		}
	}
	allRow := -1
	for i, row := range m.Rows {
		if isTotalLabel(row[0]) {
			allRow = i
		}
	}
	month := m.Columns[0].Name == "month"
	for i, row := range m.Rows {
		total := i == allRow
		unit := -1
		if rowUnits {
			size := int64(0)
			for j := 1; j < len(row); j++ {
				if n, ok := row[j].(int64); ok && isCount(j) {
					size = n
					break
				}
			}
			unit = t.addUnit(size, total)
			l.groupUnit[i] = unit
			if total {
				l.total = unit
			}
		}
		label, _ := row[0].(string)
		if month {
			label, _, _ = strings.Cut(label, " (")
		}
		for j := 1; j < len(row); j++ {
			n, ok := row[j].(int64)
			if !ok || !isCount(j) {
				continue
			}
			u := unit
			if !rowUnits {
				u = t.addUnit(n, total)
				if total {
					l.total = u
				}
			}
			c := t.addCell(n, u)
			l.cells[[2]int{i, j}] = c
			name := m.Columns[j].Name
			if month && name == "all" {
				name = "created"
			}
			if name == "open past target" {
				name = "open, breached"
			}
			l.keys[c] = label + "\x00" + name
		}
	}
	// groups add up to the All row
	if allRow >= 0 {
		for j := 1; j < len(m.Columns); j++ {
			if !isCount(j) {
				continue
			}
			var rel []term
			for i := range m.Rows {
				if c, ok := l.cells[[2]int{i, j}]; ok {
					coef := int64(1)
					if i == allRow {
						coef = -1
					}
					rel = append(rel, term{c, coef})
				}
			}
			t.addRel(rel)
		}
	}
	// the parts of a row add up to its total
	for i := range m.Rows {
		for _, s := range sums {
			jt, ok := countCol[s.total]
			if !ok {
				continue
			}
			rel := []term{{l.cells[[2]int{i, jt}], -1}}
			for _, p := range s.parts {
				if j, ok := countCol[p]; ok {
					if c, ok := l.cells[[2]int{i, j}]; ok {
						rel = append(rel, term{c, 1})
					}
				}
			}
			if _, ok := l.cells[[2]int{i, jt}]; ok && len(rel) > 2 {
				t.addRel(rel)
			}
		}
	}
	// a trend: backlog(t) = backlog(t-1) + created(t) - resolved(t)
	jc, okc := countCol["created"]
	jr, okr := countCol["resolved"]
	jb, okb := countCol["backlog at end"]
	if okc && okr && okb {
		for i := range m.Rows {
			c, r, b := l.cells[[2]int{i, jc}], l.cells[[2]int{i, jr}], l.cells[[2]int{i, jb}]
			var prev int
			if i == 0 {
				// The backlog before the first period is not printed; a reader knows it
				// only when it is none (the log starts then).
				b0 := t.cells[b].v - t.cells[c].v + t.cells[r].v
				if b0 != 0 {
					continue
				}
				prev = t.addCell(b0, -1)
			} else {
				prev = l.cells[[2]int{i - 1, jb}]
			}
			t.addRel([]term{{b, 1}, {prev, -1}, {c, -1}, {r, 1}})
		}
		if n := len(m.Rows); n > 0 {
			l.keys[l.cells[[2]int{n - 1, jb}]] = "\x00backlog at the end"
		}
	}
	if _, ok := countCol["0-1 days"]; ok && allRow >= 0 {
		if c, ok := l.cells[[2]int{allRow, countCol["open"]}]; ok {
			l.keys[c] = "\x00backlog at the end"
		}
	}
	return l
}

// addCompare puts a side-by-side table into the audit: a unit a column, the last
// (All) the total; count rows add up across, and calls = resolved + still open.
func (t *sdc) addCompare(l *layout) {
	m := l.m
	last := len(m.Columns) - 1
	var countRows []int
	rowOf := map[string]int{}
	for i, row := range m.Rows {
		name, _ := row[0].(string)
		if strings.Contains(name, "against the best") {
			continue
		}
		ints := 0
		for j := 1; j < len(row); j++ {
			if row[j] == nil {
				continue
			}
			if _, ok := row[j].(int64); !ok {
				ints = -1
				break
			}
			ints++
		}
		if ints > 0 {
			countRows = append(countRows, i)
			rowOf[name] = i
		}
	}
	calls := 0
	if i, ok := rowOf["calls"]; ok {
		calls = i
	}
	for j := 1; j <= last; j++ {
		size, _ := m.Rows[calls][j].(int64)
		u := t.addUnit(size, j == last && m.Columns[j].Name == "All")
		l.groupUnit[j] = u
		if t.units[u].total {
			l.total = u
		}
		for _, i := range countRows {
			if n, ok := m.Rows[i][j].(int64); ok {
				c := t.addCell(n, u)
				l.cells[[2]int{i, j}] = c
				name, _ := m.Rows[i][0].(string)
				if name == "open past target" {
					name = "open, breached"
				}
				l.keys[c] = m.Columns[j].Name + "\x00" + name
			}
		}
	}
	for _, i := range countRows {
		if l.total < 0 {
			break
		}
		var rel []term
		for j := 1; j <= last; j++ {
			if c, ok := l.cells[[2]int{i, j}]; ok {
				coef := int64(1)
				if j == last {
					coef = -1
				}
				rel = append(rel, term{c, coef})
			}
		}
		t.addRel(rel)
	}
	ic, ok1 := rowOf["calls"]
	ir, ok2 := rowOf["resolved"]
	io, ok3 := rowOf["still open"]
	if ok1 && ok2 && ok3 {
		for j := 1; j <= last; j++ {
			c, okc := l.cells[[2]int{ic, j}]
			r, okr := l.cells[[2]int{ir, j}]
			o, oko := l.cells[[2]int{io, j}]
			if okc && okr && oko {
				t.addRel([]term{{c, -1}, {r, 1}, {o, 1}})
			}
		}
	}
}

// link ties the same figure in two tables (the same group and measure, equal):
// hidden in one, it is hidden in the other.
func (t *sdc) link(layouts []*layout) {
	seen := map[string][]int{}
	for _, l := range layouts {
		for c, key := range l.keys {
			seen[key] = append(seen[key], c)
		}
	}
	for _, cells := range seen {
		for a := 0; a < len(cells); a++ {
			for b := a + 1; b < len(cells); b++ {
				if t.cells[cells[a]].v == t.cells[cells[b]].v {
					t.addRel([]term{{cells[a], 1}, {cells[b], -1}})
				}
			}
		}
	}
}

// unitHidden says whether a group (a row, or a column when transposed) is hidden.
func (l *layout) unitHidden(t *sdc, k int) bool {
	u, ok := l.groupUnit[k]
	return ok && t.units[u].hidden
}

// percentages hides a percentage whose numerator or denominator is hidden, or whose
// numerator (or the rest of its denominator) is small, given or estimated from the
// percentage and its denominator. Under rounding, a percentage is worked out again
// from the rounded counts, so that it says no more than they do.
func (l *layout) percentages(t *sdc, secondary string) {
	m := l.m
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return
	}
	// judge says what a percentage p of num (or, when num < 0, an unknown count) over
	// den becomes.
	judge := func(p float64, num, den int, v any) any {
		if den < 0 || t.hidden(den) || num >= 0 && t.hidden(num) {
			return secondary
		}
		d := t.cells[den].v
		n := int64(math.Round(p * float64(d) / 100))
		if num >= 0 {
			n = t.cells[num].v
		}
		if n > 0 && n < t.th || d-n > 0 && d-n < t.th {
			return secondary
		}
		if !t.round {
			return v
		}
		if round5(d) == 0 {
			return nil
		}
		return 100 * float64(round5(n)) / float64(round5(d))
	}
	cell := func(i, j int) int {
		if c, ok := l.cells[[2]int{i, j}]; ok {
			return c
		}
		return -1
	}
	if !l.transposed {
		col := map[string]int{}
		allRow := -1
		for j := len(m.Columns) - 1; j >= 1; j-- {
			if m.Columns[j].Unit == "calls" {
				col[m.Columns[j].Name] = j
			}
		}
		for i, row := range m.Rows {
			if isTotalLabel(row[0]) {
				allRow = i
			}
		}
		for i, row := range m.Rows {
			if l.unitHidden(t, i) {
				continue
			}
			for j := 1; j < len(row); j++ {
				p, ok := row[j].(float64)
				if !ok || m.Columns[j].Unit != "percent" || math.IsNaN(p) {
					continue
				}
				num, den := -1, cell(i, col["calls"])
				switch m.Columns[j].Name {
				case "met":
					num = cell(i, col["met"])
					if b := cell(i, col["breached"]); num >= 0 && b >= 0 {
						// met over met plus breached
						switch {
						case t.hidden(num) || t.hidden(b):
							row[j] = secondary
						case t.cells[num].v > 0 && t.cells[num].v < t.th || t.cells[b].v > 0 && t.cells[b].v < t.th:
							row[j] = secondary
						case t.round && round5(t.cells[num].v)+round5(t.cells[b].v) > 0:
							row[j] = 100 * float64(round5(t.cells[num].v)) / float64(round5(t.cells[num].v)+round5(t.cells[b].v))
						case t.round:
							row[j] = nil
						}
						continue
					}
				case "share":
					num, den = cell(i, col["calls"]), cell(allRow, col["calls"])
				}
				row[j] = judge(p, num, den, row[j])
			}
		}
		return
	}
	rowOf := map[string]int{}
	for i, row := range m.Rows {
		name, _ := row[0].(string)
		rowOf[name] = i
	}
	for _, row := range m.Rows {
		name, _ := row[0].(string)
		if !strings.HasSuffix(name, "(%)") {
			continue
		}
		denRow := rowOf["calls"]
		if strings.HasPrefix(name, "resolved within target") {
			if r, ok := rowOf["resolved"]; ok {
				denRow = r
			}
		}
		for j := 1; j < len(row); j++ {
			p, ok := row[j].(float64)
			if !ok || l.unitHidden(t, j) || math.IsNaN(p) {
				continue
			}
			row[j] = judge(p, -1, cell(denRow, j), row[j])
		}
	}
	// Against the best: a group's figure less the best one's. Hidden with its figure;
	// all hidden when the best one's is; worked out again from rounded figures.
	for _, row := range m.Rows {
		name, _ := row[0].(string)
		base, ok := strings.CutSuffix(name, ": against the best")
		if !ok {
			continue
		}
		b, ok := rowOf[base]
		if !ok {
			continue
		}
		best := -1
		for j := 1; j < len(row); j++ {
			if d, ok := row[j].(float64); ok && d == 0 {
				best = j
				break
			}
		}
		shown := func(j int) (float64, bool) {
			x, ok := m.Rows[b][j].(float64)
			return x, ok && !l.unitHidden(t, j)
		}
		bestValue, bestShown := 0.0, false
		if best >= 0 {
			bestValue, bestShown = shown(best)
		}
		for j := 1; j < len(row); j++ {
			if row[j] == nil {
				continue
			}
			x, ok := shown(j)
			switch {
			case !ok || !bestShown:
				row[j] = secondary
			case t.round:
				row[j] = x - bestValue
			}
		}
	}
}

// coverage is the sentence queries add when the export counts reopens or
// reassignments for only some calls: "The export gives reopen counts for 80.0% of
// the calls counted." A share of the calls; with a group's figures, it gives counts.
const coverage = "The export gives "

// fewCalls hides what rests on fewer calls than the row shows: times (medians,
// percentiles, means, in calendar or working time) over a small number of timed
// calls, which a reader works out as resolved less resolved before opened (or
// timed % of calls); SLA met % in compare over a small number timed; and, when the
// export counts reopens or reassignments for only some calls, the reopened % and
// mean reassignments of every group (the calls they rest on are not printed), and
// the sentence that gives that share.
func (l *layout) fewCalls(t *sdc, secondary string) {
	m := l.m
	var reopen, reassign bool
	m.Definitions = slices.DeleteFunc(m.Definitions, func(d string) bool {
		rest, ok := strings.CutPrefix(d, coverage)
		if !ok {
			return false
		}
		switch {
		case strings.HasPrefix(rest, "reopen"):
			reopen = true
		case strings.HasPrefix(rest, "reassign"):
			reassign = true
		default:
			reopen, reassign = true, true
		}
		return true
	})
	if len(m.Rows) == 0 || len(m.Columns) < 2 {
		return
	}
	small := func(n int64) bool { return n > 0 && n < t.th }
	hide := func(row []any, j int) {
		if row[j] != nil {
			row[j] = secondary
		}
	}
	if !l.transposed {
		col := map[string]int{}
		for j := len(m.Columns) - 1; j >= 1; j-- {
			col[m.Columns[j].Name+"\x00"+m.Columns[j].Unit] = j
		}
		jCalls, okCalls := col["calls\x00calls"]
		jRes, okRes := col["resolved\x00calls"]
		jNeg, okNeg := col["resolved before opened\x00calls"]
		jTimed, okTimed := col["timed\x00percent"]
		for _, row := range m.Rows {
			timed, known := int64(0), false
			if okRes && okNeg {
				r, ok1 := row[jRes].(int64)
				n, ok2 := row[jNeg].(int64)
				timed, known = r-n, ok1 && ok2
			} else if okCalls && okTimed {
				c, ok1 := row[jCalls].(int64)
				p, ok2 := row[jTimed].(float64)
				timed, known = int64(math.Round(p*float64(c)/100)), ok1 && ok2 && !math.IsNaN(p)
			}
			for j := 1; j < len(row); j++ {
				c := m.Columns[j]
				switch {
				case c.Unit == "hours" && known && small(timed),
					reopen && c.Name == "reopened" && c.Unit == "percent",
					reassign && c.Name == "mean reassignments":
					hide(row, j)
				}
			}
		}
		return
	}
	rowOf := map[string]int{}
	for i, row := range m.Rows {
		name, _ := row[0].(string)
		rowOf[name] = i
	}
	ic, ok1 := rowOf["calls"]
	it, ok2 := rowOf["timed (%)"]
	im, ok3 := rowOf["resolved within target (%)"]
	for j := 1; j < len(m.Columns); j++ {
		timed, known := int64(0), false
		if ok1 && ok2 {
			c, okc := m.Rows[ic][j].(int64)
			p, okp := m.Rows[it][j].(float64)
			timed, known = int64(math.Round(p*float64(c)/100)), okc && okp && !math.IsNaN(p)
		}
		if known && small(timed) {
			for _, row := range m.Rows {
				name, _ := row[0].(string)
				if strings.HasSuffix(name, "(h)") && !strings.Contains(name, "against the best") {
					hide(row, j)
				}
			}
		}
		if ok3 && known {
			// met over met plus breached: as many as are timed, or fewer (calls with
			// no target)
			if p, ok := m.Rows[im][j].(float64); ok && !math.IsNaN(p) {
				met := int64(math.Round(p * float64(timed) / 100))
				if small(timed) || small(met) || small(timed-met) {
					hide(m.Rows[im], j)
				}
			}
		}
		if reopen {
			if i, ok := rowOf["reopened (%)"]; ok {
				hide(m.Rows[i], j)
			}
		}
		if reassign {
			if i, ok := rowOf["mean reassignments"]; ok {
				hide(m.Rows[i], j)
			}
		}
	}
}

// percentKey names a percentage the same in every table: group and measure.
func (l *layout) percentKey(i, j int) string {
	m := l.m
	group, measure := m.Rows[i][0], m.Columns[j].Name
	if l.transposed {
		group, measure = m.Columns[j].Name, m.Rows[i][0].(string)
		measure = strings.TrimSuffix(measure, " (%)")
		if measure == "resolved within target" {
			measure = "met"
		}
	} else if m.Columns[j].Unit != "percent" {
		return ""
	}
	return fmt.Sprint(group) + "\x00" + fmt.Sprint(measure) + "%"
}

// hidePercentKeys hides a percentage wherever another table hides the same one.
func hidePercentKeys(layouts []*layout, secondary string) {
	hidden := map[string]bool{}
	each := func(f func(l *layout, i, j int, key string)) {
		for _, l := range layouts {
			for i, row := range l.m.Rows {
				name, _ := row[0].(string)
				if l.transposed && (!strings.HasSuffix(name, "(%)") || strings.Contains(name, "against the best")) {
					continue
				}
				for j := 1; j < len(row); j++ {
					if key := l.percentKey(i, j); key != "" {
						f(l, i, j, key)
					}
				}
			}
		}
	}
	each(func(l *layout, i, j int, key string) {
		if s, ok := l.m.Rows[i][j].(string); ok && s == secondary {
			hidden[key] = true
		}
	})
	each(func(l *layout, i, j int, key string) {
		if hidden[key] && l.m.Rows[i][j] != nil {
			l.m.Rows[i][j] = secondary
		}
	})
}

// render writes the counts as shown, and hides the other figures of hidden groups.
func (l *layout) render(t *sdc, primary, secondary string) {
	m := l.m
	for i, row := range m.Rows {
		for j := 1; j < len(row); j++ {
			if c, ok := l.cells[[2]int{i, j}]; ok {
				if s, n := t.show(c, primary, secondary); s != "" {
					row[j] = s
				} else {
					row[j] = n
				}
				continue
			}
			k := i
			if l.transposed {
				k = j
			}
			if row[j] != nil && l.unitHidden(t, k) {
				row[j] = secondary
			}
		}
	}
}
