package cmd

// A motivated intruder against what deskstat prints (issue 9: "what is printed reveals
// no more about a hidden cell than its symbol says").
//
// The tests run the real command in-process on small generated exports (and on the
// bundled sample), read ONLY its JSON output, and search every integer assignment of
// the hidden and rounded cells that agrees with what was printed and with what any
// reader knows from the definitions the output states (rows add up to the total, a
// trend's backlog recurrence, calls = resolved + still open, the SLA table's parts,
// the figures a monthly pack repeats, whole minutes behind a mean). For each hidden
// cell they record which values remain possible:
//
//   - a small-count symbol ("<5", "<10", "c" when it hides 1..T-1) must keep EVERY
//     value 1..T-1 possible;
//   - an "x", a dfe "c" over a count of T or more, and an ons rounded count must not
//     be pinned to one value.
//
// Nothing here reads the product's disclosure code (report/suppress.go, report/sdc):
// the reading of the symbols and the relations come from the README and from the
// definitions each output prints. Runs with --suppress none give the true figures,
// used only to check that the reader's rules hold for them (so a failure is a leak,
// not a slip of this file's model) and to tell a dfe "c" over a small count from one
// over a large count.
//
// The layers, top to bottom: running deskstat; reading its JSON into tables
// (pub*; the only code that knows the JSON's shape); the reader's model (variables,
// linear equalities, predicates) and its exhaustive search; one builder per table
// (what a reader knows from the definitions); the generated exports; the tests.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ---------------------------------------------------------------------------
// Policies, as the README states them.

type sdcPolicy struct {
	name  string
	args  []string
	T     int  // the smallest count shown: 1..T-1 is hidden as the small symbol
	round bool // ons: other counts (totals too) rounded to the nearest 5: true within ±2
	dfe   bool // "c" both for 1..T-1 and for the counts hidden with them
}

var (
	polNone = sdcPolicy{name: "none", args: []string{"--suppress", "none"}, T: 1}
	polLT5  = sdcPolicy{name: "lt5", args: []string{"--suppress", "lt5"}, T: 5}
	polDFE  = sdcPolicy{name: "dfe", args: []string{"--suppress", "dfe"}, T: 6, dfe: true}
	polONS  = sdcPolicy{name: "ons", args: []string{"--suppress", "ons"}, T: 10, round: true}
	polT3   = sdcPolicy{name: "threshold3", args: []string{"--suppress-threshold", "3"}, T: 3}
	polT4   = sdcPolicy{name: "lt5-threshold4", args: []string{"--suppress", "lt5", "--suppress-threshold", "4"}, T: 4}

	intruderPolicies = []sdcPolicy{polLT5, polDFE, polONS, polT3, polT4}
)

// ---------------------------------------------------------------------------
// Running deskstat.

const (
	sampleXLSX    = "../samples/council_calls_2013_2014.xlsx"
	sampleProfile = "../samples/council_profile.yaml"
)

func intruderRun(args []string) ([]byte, string, int) {
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, nil, &out, &errOut)
	return out.Bytes(), errOut.String(), code
}

func shellLine(args []string) string {
	var b strings.Builder
	b.WriteString("deskstat")
	for _, a := range args {
		b.WriteByte(' ')
		if a == "" || strings.ContainsAny(a, " '\"()&;<>|$") {
			b.WriteString(strconv.Quote(a))
		} else {
			b.WriteString(a)
		}
	}
	return b.String()
}

// publisher runs deskstat and reads what it printed; the true figures (--suppress
// none) are run once for each question and shared by the policies.
type publisher struct {
	truths map[string]*pubDoc
}

func newPublisher() *publisher { return &publisher{truths: map[string]*pubDoc{}} }

func withJSON(args []string, extra ...string) []string {
	out := append(append([]string{}, args...), extra...)
	return append(out, "--format", "json")
}

// publish runs args under pol and reads its JSON.
func (p *publisher) publish(t *testing.T, args []string, pol sdcPolicy, extra ...string) *pubDoc {
	t.Helper()
	full := withJSON(args, append(append([]string{}, pol.args...), extra...)...)
	out, errOut, code := intruderRun(full)
	if code != 0 {
		t.Fatalf("%s: exit %d:\n%s", shellLine(full), code, errOut)
	}
	doc, err := parsePublished(out)
	if err != nil {
		t.Fatalf("%s: cannot read what it printed: %v\n%s", shellLine(full), err, out)
	}
	doc.command = shellLine(full)
	return doc
}

// truth runs args with --suppress none: the true figures.
func (p *publisher) truth(t *testing.T, args []string) *pubDoc {
	t.Helper()
	k := strings.Join(args, "\x00")
	if d, ok := p.truths[k]; ok {
		return d
	}
	d := p.publish(t, args, polNone)
	p.truths[k] = d
	return d
}

// ---------------------------------------------------------------------------
// What was printed: the JSON read into tables. This is the only code that knows the
// JSON's shape (keys, the breakdown's total, the pack's sections).

type pubKind int

const (
	pubAbsent    pubKind = iota // null or missing: not given
	pubNum                      // a number
	pubSmall                    // the small-count symbol: "<5", "<10", "<3", dfe's "c"
	pubSecondary                // "x"
	pubText                     // anything else
)

type pubCell struct {
	kind pubKind
	num  float64
	text string // as printed, for symbols and text
	prec int    // decimals as printed, for numbers
}

func (c pubCell) String() string {
	switch c.kind {
	case pubNum:
		return strconv.FormatFloat(c.num, 'f', -1, 64)
	case pubAbsent:
		return "-"
	}
	return strconv.Quote(c.text)
}

type pubCol struct{ name, unit string }

type pubRow struct {
	label string
	cells []pubCell // one per column; cells[0] is the label column
}

type pubTable struct {
	title string
	cols  []pubCol
	rows  []pubRow
	total *pubCell // the breakdown's total
	defs  []string
}

type pubDoc struct {
	command         string
	tables          []*pubTable
	reqFrom, reqTo  string // the period asked for ("" when not asked)
	coveredFrom     string
	suppressionNote string
}

var smallSymbolRE = regexp.MustCompile(`^(<\s*\d+|c)$`)

func readPubCell(v any) pubCell {
	switch x := v.(type) {
	case nil:
		return pubCell{kind: pubAbsent}
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return pubCell{kind: pubText, text: x.String()}
		}
		return pubCell{kind: pubNum, num: f, prec: decimals(x.String())}
	case float64:
		return pubCell{kind: pubNum, num: x, prec: decimals(strconv.FormatFloat(x, 'f', -1, 64))}
	case string:
		s := strings.TrimSpace(x)
		switch {
		case s == "x" || s == "X":
			return pubCell{kind: pubSecondary, text: s}
		case smallSymbolRE.MatchString(s):
			return pubCell{kind: pubSmall, text: s}
		case s == "" || s == "-":
			return pubCell{kind: pubAbsent, text: s}
		}
		if f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); err == nil {
			return pubCell{kind: pubNum, num: f, prec: decimals(s)}
		}
		return pubCell{kind: pubText, text: s}
	}
	return pubCell{kind: pubText, text: fmt.Sprint(v)}
}

// decimals counts the digits after the point of a number as written.
func decimals(s string) int {
	s = strings.ToLower(s)
	exp := 0
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		exp, _ = strconv.Atoi(s[i+1:])
		s = s[:i]
	}
	d := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		d = len(s) - i - 1
	}
	d -= exp
	if d < 0 {
		d = 0
	}
	return d
}

// normKey folds a column name or a JSON key for matching: "Sev 1" and "Sev_1",
// "90th percentile" (hours) and "90th_percentile_hours".
func normKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func parsePublished(b []byte) (*pubDoc, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		return nil, err
	}
	doc := &pubDoc{}
	if f, ok := top["filters"].(map[string]any); ok {
		doc.reqFrom, _ = f["from"].(string)
		doc.reqTo, _ = f["to"].(string)
	}
	if p, ok := top["period"].(map[string]any); ok {
		if r, ok := p["requested"].(map[string]any); ok {
			if doc.reqFrom == "" {
				doc.reqFrom, _ = r["from"].(string)
			}
			if doc.reqTo == "" {
				doc.reqTo, _ = r["to"].(string)
			}
		}
		if c, ok := p["covered"].(map[string]any); ok {
			doc.coveredFrom, _ = c["from"].(string)
		}
	}
	doc.suppressionNote, _ = top["suppression"].(string)
	if secs, ok := top["sections"].([]any); ok {
		for i, s := range secs {
			m, ok := s.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("section %d is not an object", i)
			}
			tb, err := readPubTable(m)
			if err != nil {
				return nil, fmt.Errorf("section %d: %w", i, err)
			}
			doc.tables = append(doc.tables, tb)
		}
		return doc, nil
	}
	tb, err := readPubTable(top)
	if err != nil {
		return nil, err
	}
	doc.tables = append(doc.tables, tb)
	return doc, nil
}

func readPubTable(m map[string]any) (*pubTable, error) {
	tb := &pubTable{}
	tb.title, _ = m["title"].(string)
	if ds, ok := m["definitions"].([]any); ok {
		for _, d := range ds {
			if s, ok := d.(string); ok {
				tb.defs = append(tb.defs, s)
			}
		}
	}
	if cs, ok := m["columns"].([]any); ok {
		for _, c := range cs {
			switch x := c.(type) {
			case map[string]any:
				name, _ := x["name"].(string)
				unit, _ := x["unit"].(string)
				tb.cols = append(tb.cols, pubCol{name, unit})
			case string:
				tb.cols = append(tb.cols, pubCol{name: x})
			}
		}
	} else if by, ok := m["by"].(string); ok { // the breakdown: {by, total, rows: [{<by>, count}]}
		tb.cols = []pubCol{{name: by}, {name: "count", unit: "calls"}}
	}
	if tot, ok := m["total"]; ok {
		c := readPubCell(tot)
		tb.total = &c
	}
	rows, _ := m["rows"].([]any)
	if len(rows) > 0 && len(tb.cols) == 0 {
		return nil, fmt.Errorf("table %q: rows but no columns", tb.title)
	}
	for i, r := range rows {
		rm, ok := r.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("table %q: row %d is not an object", tb.title, i)
		}
		row := pubRow{cells: make([]pubCell, len(tb.cols))}
		for j, c := range tb.cols {
			v, ok := lookupPubKey(rm, c)
			if !ok {
				row.cells[j] = pubCell{kind: pubAbsent}
				continue
			}
			if j == 0 {
				row.label = fmt.Sprint(v)
				row.cells[j] = pubCell{kind: pubText, text: row.label}
				continue
			}
			row.cells[j] = readPubCell(v)
		}
		tb.rows = append(tb.rows, row)
	}
	return tb, nil
}

func lookupPubKey(rm map[string]any, c pubCol) (any, bool) {
	for _, want := range []string{normKey(c.name + " " + c.unit), normKey(c.name)} {
		for k, v := range rm {
			if normKey(k) == want {
				return v, true
			}
		}
	}
	return nil, false
}

// find is the first table whose title holds all the words (case-insensitive).
func (d *pubDoc) find(words ...string) *pubTable {
	for _, tb := range d.tables {
		title := strings.ToLower(tb.title)
		ok := true
		for _, w := range words {
			if !strings.Contains(title, w) {
				ok = false
			}
		}
		if ok {
			return tb
		}
	}
	return nil
}

// col is the index of the column called name (with that unit, when one is given).
func (tb *pubTable) col(name, unit string) int {
	for i, c := range tb.cols {
		if normKey(c.name) == normKey(name) && (unit == "" || normKey(c.unit) == normKey(unit)) {
			return i
		}
	}
	return -1
}

func (tb *pubTable) cell(row int, name, unit string) pubCell {
	j := tb.col(name, unit)
	if j < 0 || row < 0 {
		return pubCell{kind: pubAbsent}
	}
	return tb.rows[row].cells[j]
}

// rowIndex is the row labelled label (case-insensitive), else -1.
func (tb *pubTable) rowIndex(label string) int {
	for i, r := range tb.rows {
		if strings.EqualFold(strings.TrimSpace(r.label), label) {
			return i
		}
	}
	return -1
}

// countCol is a one-count table's count column ("count", "calls", else the first
// in calls).
func (tb *pubTable) countCol() int {
	for _, name := range []string{"count", "calls"} {
		if j := tb.col(name, ""); j > 0 {
			return j
		}
	}
	if cs := tb.countCols(); len(cs) > 0 {
		return cs[0]
	}
	if len(tb.cols) == 2 {
		return 1
	}
	return -1
}

// totalRow is the row that holds the total ("Total" or "All"), else -1.
func (tb *pubTable) totalRow() int {
	if i := tb.rowIndex("Total"); i >= 0 {
		return i
	}
	return tb.rowIndex("All")
}

// countCols are the columns in calls (the counts of the table).
func (tb *pubTable) countCols() []int {
	var out []int
	for i, c := range tb.cols {
		if i > 0 && normKey(c.unit) == "calls" {
			out = append(out, i)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// The reader's model: integer variables for the counts (printed, hidden, rounded,
// and the unknowns the definitions imply), linear equalities, and predicates.

type checkKind int

const (
	checkNone      checkKind = iota
	checkSmall               // the small symbol: every value 1..T-1 must stay possible
	checkNotPinned           // "x" or a rounded count: not pinned to one value
	checkDFE                 // dfe's "c": small or secondary; the true value says which
	checkDiff                // a difference of two releases: if truly 1..T-1, all of 1..T-1
)

type mvar struct {
	key, name string
	shown     string // as printed
	lo, hi    int
	check     checkKind
	truth     int
	known     bool
	truthFrom []term // a derived figure: its truth from others'
}

type term struct{ v, a int }

type linCon struct {
	terms []term
	c     int
	why   string
}

type predCon struct {
	vars []int
	ok   func([]int) bool
	why  string
	// A percentage vars[0] / vars[1] within pct ± tol also narrows their bounds.
	ratio    bool
	pct, tol float64
}

type model struct {
	pol      sdcPolicy
	cap      int
	vars     []mvar
	lins     []linCon
	preds    []predCon
	byKey    map[string]int
	varLins  [][]int
	varPreds [][]int
	notes    []string // what the builders could not read
}

func newModel(pol sdcPolicy, docs ...*pubDoc) *model {
	biggest := 0
	for _, d := range docs {
		for _, tb := range d.tables {
			cells := []pubCell{}
			if tb.total != nil {
				cells = append(cells, *tb.total)
			}
			for _, r := range tb.rows {
				cells = append(cells, r.cells...)
			}
			for _, c := range cells {
				if c.kind == pubNum && c.num > float64(biggest) && c.num < 1e9 {
					biggest = int(c.num)
				}
			}
		}
	}
	// Hidden counts of T or more have no upper bound but what the sums give: a cap
	// well above any printed figure stands for "unbounded" (the true figures are
	// checked to lie under it).
	return &model{pol: pol, cap: 100 + 5*biggest + 10*pol.T, byKey: map[string]int{}}
}

func (m *model) addVar(v mvar) int {
	m.vars = append(m.vars, v)
	i := len(m.vars) - 1
	if v.key != "" {
		m.byKey[v.key] = i
	}
	return i
}

// count is a printed count: its reading under the policy. A listed group has at
// least one call.
func (m *model) count(key, name string, c pubCell, listed bool) int {
	if i, ok := m.byKey[key]; ok {
		return i
	}
	v := mvar{key: key, name: name, shown: c.String()}
	switch c.kind {
	case pubNum:
		n := int(math.Round(c.num))
		if m.pol.round && n != 0 {
			v.lo, v.hi, v.check = max(m.pol.T, n-2), n+2, checkNotPinned
		} else {
			v.lo, v.hi = n, n
		}
	case pubSmall:
		if m.pol.dfe {
			v.lo, v.hi, v.check = 1, m.cap, checkDFE
		} else {
			v.lo, v.hi, v.check = 1, m.pol.T-1, checkSmall
		}
	case pubSecondary:
		v.lo, v.hi, v.check = m.pol.T, m.cap, checkNotPinned
	default:
		v.lo, v.hi = 0, m.cap
	}
	if listed && v.lo < 1 && !(c.kind == pubNum && c.num == 0) {
		v.lo = 1
	}
	return m.addVar(v)
}

func (m *model) aux(key, name string, lo, hi int) int {
	if i, ok := m.byKey[key]; ok {
		return i
	}
	return m.addVar(mvar{key: key, name: name, shown: "(not printed)", lo: lo, hi: hi})
}

func (m *model) zero(key, name string) int {
	return m.addVar(mvar{key: key, name: name, shown: "0 (not listed)"})
}

func (m *model) eq(why string, c int, terms ...term) {
	m.lins = append(m.lins, linCon{terms: terms, c: c, why: why})
}

// sum: the parts add up to the total.
func (m *model) sum(why string, total int, parts []int) {
	if total < 0 || len(parts) == 0 {
		return
	}
	ts := []term{{total, -1}}
	for _, p := range parts {
		ts = append(ts, term{p, 1})
	}
	m.eq(why, 0, ts...)
}

func (m *model) same(why string, a, b int) {
	if a < 0 || b < 0 || a == b {
		return
	}
	m.eq(why, 0, term{a, 1}, term{b, -1})
}

func (m *model) pred(why string, vars []int, ok func([]int) bool) {
	m.preds = append(m.preds, predCon{vars: vars, ok: ok, why: why})
}

// tolerance is half a unit of the last decimal printed.
func tolerance(c pubCell) float64 {
	if c.prec > 12 {
		return 1e-9
	}
	return 0.5*math.Pow(10, -float64(c.prec)) + 1e-9
}

// share: a percentage printed of num over den.
func (m *model) share(why string, num, den int, pct pubCell, fromPrinted func() (float64, bool)) {
	if pct.kind != pubNum {
		return
	}
	tol := tolerance(pct)
	if m.pol.round {
		// Under ons the percentages are worked out again from the rounded counts: one
		// that agrees with them says nothing more; one that does not rests on the true
		// counts. Where the rounded counts are not all printed, it is not used.
		v, ok := fromPrinted()
		if !ok || math.Abs(v-pct.num) <= tol+1e-6 {
			return
		}
	}
	p := pct.num
	m.pred(fmt.Sprintf("%s: %s%% = 100 × %s / %s", why, pct, m.vars[num].name, m.vars[den].name), []int{num, den}, func(v []int) bool {
		if v[1] < 1 {
			return false
		}
		return math.Abs(100*float64(v[0])/float64(v[1])-p) <= tol
	})
	last := &m.preds[len(m.preds)-1]
	last.ratio, last.pct, last.tol = true, p, tol
}

// narrowRatio: num / den within pct ± tol bounds each by the other's bounds.
func (m *model) narrowRatio(p predCon, lo, hi []int) (changed []int, ok bool) {
	num, den := p.vars[0], p.vars[1]
	set := func(v, l, h int) bool {
		if l > lo[v] {
			lo[v] = l
			changed = append(changed, v)
		}
		if h < hi[v] {
			hi[v] = h
			changed = append(changed, v)
		}
		return lo[v] <= hi[v]
	}
	pl, ph := math.Max(p.pct-p.tol, 0), p.pct+p.tol
	if !set(den, 1, hi[den]) {
		return changed, false
	}
	nl := int(math.Ceil(float64(lo[den])*pl/100 - 1e-9))
	nh := int(math.Floor(float64(hi[den])*ph/100 + 1e-9))
	if !set(num, nl, nh) {
		return changed, false
	}
	dl := lo[den]
	if ph > 0 {
		dl = int(math.Ceil(100*float64(lo[num])/ph - 1e-9))
	}
	dh := hi[den]
	if pl > 0 {
		dh = int(math.Floor(100*float64(hi[num])/pl + 1e-9))
	}
	return changed, set(den, dl, dh)
}

// wholeMinutes: a mean printed in hours over n calls timed in whole minutes makes
// mean × 60 × n a whole number of minutes.
func (m *model) wholeMinutes(why string, n int, mean pubCell) {
	if mean.kind != pubNum {
		return
	}
	h, tol := mean.num, tolerance(mean)
	m.pred(fmt.Sprintf("%s = %s h over %s, each a whole number of minutes: %s × 60 × n is whole", why, mean, m.vars[n].name, mean), []int{n}, func(v []int) bool {
		if v[0] < 1 {
			return false
		}
		lo, hi := 60*float64(v[0])*(h-tol), 60*float64(v[0])*(h+tol)
		return math.Ceil(lo-1e-7) <= math.Floor(hi+1e-7)
	})
}

// medianParity: a median of n whole-minute times is a whole minute when n is odd, and
// a half minute at least when n is even.
func (m *model) medianParity(why string, n int, med pubCell) {
	if med.kind != pubNum {
		return
	}
	h, tol := med.num, tolerance(med)
	whole := func(scale float64) bool {
		lo, hi := scale*(h-tol), scale*(h+tol)
		return math.Ceil(lo-1e-7) <= math.Floor(hi+1e-7)
	}
	w60, w120 := whole(60), whole(120)
	m.pred(fmt.Sprintf("%s = %s h over %s, whole minutes: a whole or half minute, whole when n is odd", why, med, m.vars[n].name), []int{n}, func(v []int) bool {
		if v[0] < 1 || !w120 {
			return false
		}
		return v[0]%2 == 0 || w60
	})
}

// ---------------------------------------------------------------------------
// The exhaustive search: DFS over the variables, bounds propagated through the
// equalities, predicates checked as soon as their variables are fixed.

func abs(x int) int { return max(x, -x) }

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ceilDiv(a, b int) int { return -floorDiv(-a, b) }

func (m *model) index() {
	m.varLins = make([][]int, len(m.vars))
	m.varPreds = make([][]int, len(m.vars))
	for ci, c := range m.lins {
		for _, tm := range c.terms {
			m.varLins[tm.v] = append(m.varLins[tm.v], ci)
		}
	}
	for pi, p := range m.preds {
		for _, v := range p.vars {
			m.varPreds[v] = append(m.varPreds[v], pi)
		}
	}
}

// unary narrows v's bounds to values its one-variable predicates admit.
func (m *model) unary(v int, lo, hi []int) bool {
	for _, pi := range m.varPreds[v] {
		p := m.preds[pi]
		if len(p.vars) != 1 {
			continue
		}
		for lo[v] <= hi[v] && !p.ok([]int{lo[v]}) {
			lo[v]++
		}
		for hi[v] >= lo[v] && !p.ok([]int{hi[v]}) {
			hi[v]--
		}
		if lo[v] > hi[v] {
			return false
		}
	}
	return true
}

func (m *model) propagate(lo, hi []int, dirty []int) bool {
	inQ := make([]bool, len(m.lins))
	var q []int
	push := func(v int) {
		for _, ci := range m.varLins[v] {
			if !inQ[ci] {
				inQ[ci] = true
				q = append(q, ci)
			}
		}
	}
	for _, v := range dirty {
		if lo[v] > hi[v] || !m.unary(v, lo, hi) {
			return false
		}
		push(v)
	}
	// Bounds on a cycle of equalities can creep down one at a time: propagation is
	// only pruning, so it stops after a while and the leaves check every equality.
	budget := 40*len(m.lins) + 100
	for round := 0; round < 20; round++ {
		for ; len(q) > 0 && budget > 0; budget-- {
			ci := q[0]
			q = q[1:]
			inQ[ci] = false
			changed, ok := m.narrowLin(m.lins[ci], lo, hi)
			if !ok {
				return false
			}
			for _, v := range changed {
				if !m.unary(v, lo, hi) {
					return false
				}
				push(v)
			}
		}
		moved := false
		for _, p := range m.preds {
			if !p.ratio {
				continue
			}
			changed, ok := m.narrowRatio(p, lo, hi)
			if !ok {
				return false
			}
			for _, v := range changed {
				if !m.unary(v, lo, hi) {
					return false
				}
				push(v)
				moved = true
			}
		}
		if !moved || budget <= 0 {
			break
		}
	}
	for _, p := range m.preds {
		if len(p.vars) < 2 {
			continue
		}
		vals := make([]int, len(p.vars))
		fixed := true
		for i, v := range p.vars {
			if lo[v] != hi[v] {
				fixed = false
				break
			}
			vals[i] = lo[v]
		}
		if fixed && !p.ok(vals) {
			return false
		}
	}
	return true
}

// narrowLin narrows each variable of an equality by the others' bounds.
func (m *model) narrowLin(c linCon, lo, hi []int) (changed []int, ok bool) {
	minS, maxS := 0, 0
	for _, tm := range c.terms {
		if tm.a > 0 {
			minS += tm.a * lo[tm.v]
			maxS += tm.a * hi[tm.v]
		} else {
			minS += tm.a * hi[tm.v]
			maxS += tm.a * lo[tm.v]
		}
	}
	if minS > c.c || maxS < c.c {
		return nil, false
	}
	for _, tm := range c.terms {
		var tMin, tMax int
		if tm.a > 0 {
			tMin, tMax = tm.a*lo[tm.v], tm.a*hi[tm.v]
		} else {
			tMin, tMax = tm.a*hi[tm.v], tm.a*lo[tm.v]
		}
		l, h := c.c-(maxS-tMax), c.c-(minS-tMin) // a·x lies in [l, h]
		var nl, nh int
		if tm.a > 0 {
			nl, nh = ceilDiv(l, tm.a), floorDiv(h, tm.a)
		} else {
			nl, nh = ceilDiv(h, tm.a), floorDiv(l, tm.a)
		}
		moved := false
		if nl > lo[tm.v] {
			lo[tm.v], moved = nl, true
		}
		if nh < hi[tm.v] {
			hi[tm.v], moved = nh, true
		}
		if lo[tm.v] > hi[tm.v] {
			return changed, false
		}
		if moved {
			changed = append(changed, tm.v)
		}
	}
	return changed, true
}

type search struct {
	m         *model
	rng       *rand.Rand
	nodes     int
	budget    int
	exhausted bool
	hint      []int // a solution known (the true figures): values near it are tried first
}

// components splits the unfixed variables of scope into groups that share no
// equality or predicate with another unfixed variable: each is solved on its own, so
// a part that cannot be completed is not tried again for every choice elsewhere.
func (s *search) components(lo, hi []int, scope []int) [][]int {
	parent := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, v := range scope {
		if lo[v] < hi[v] {
			parent[v] = v
		}
	}
	union := func(vs []int) {
		first := -1
		for _, v := range vs {
			if _, ok := parent[v]; !ok {
				continue
			}
			if first < 0 {
				first = v
				continue
			}
			a, b := find(first), find(v)
			if a != b {
				parent[a] = b
			}
		}
	}
	seenLin, seenPred := map[int]bool{}, map[int]bool{}
	for v := range parent {
		for _, ci := range s.m.varLins[v] {
			if !seenLin[ci] {
				seenLin[ci] = true
				vs := make([]int, 0, len(s.m.lins[ci].terms))
				for _, tm := range s.m.lins[ci].terms {
					vs = append(vs, tm.v)
				}
				union(vs)
			}
		}
		for _, pi := range s.m.varPreds[v] {
			if !seenPred[pi] {
				seenPred[pi] = true
				union(s.m.preds[pi].vars)
			}
		}
	}
	groups := map[int][]int{}
	var roots []int
	for _, v := range scope {
		if _, ok := parent[v]; !ok {
			continue
		}
		r := find(v)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], v)
	}
	out := make([][]int, 0, len(roots))
	for _, r := range roots {
		out = append(out, groups[r])
	}
	return out
}

// solve finds values for the variables of scope within lo..hi (already propagated)
// that satisfy every equality and predicate; lo and hi are left as found.
func (s *search) solve(lo, hi []int, scope []int) bool {
	s.nodes++
	if s.nodes > s.budget {
		s.exhausted = true
		return false
	}
	comps := s.components(lo, hi, scope)
	if len(comps) == 0 {
		for _, c := range s.m.lins {
			sum, fixed := 0, true
			for _, tm := range c.terms {
				sum += tm.a * lo[tm.v]
				fixed = fixed && lo[tm.v] == hi[tm.v]
			}
			if fixed && sum != c.c {
				return false
			}
		}
		for _, p := range s.m.preds {
			vals := make([]int, len(p.vars))
			fixed := true
			for i, v := range p.vars {
				vals[i] = lo[v]
				fixed = fixed && lo[v] == hi[v]
			}
			if fixed && !p.ok(vals) {
				return false
			}
		}
		return true
	}
	if len(comps) > 1 {
		for _, c := range comps {
			l2, h2 := append([]int{}, lo...), append([]int{}, hi...)
			if !s.solve(l2, h2, c) {
				return false
			}
			for _, v := range c {
				lo[v], hi[v] = l2[v], h2[v]
			}
		}
		return true
	}
	comp := comps[0]
	best := -1
	for _, i := range comp {
		if lo[i] < hi[i] && (best < 0 || hi[i]-lo[i] < hi[best]-lo[best]) {
			best = i
		}
	}
	try := func(l, h int) bool {
		l2, h2 := append([]int{}, lo...), append([]int{}, hi...)
		l2[best], h2[best] = l, h
		if !s.m.propagate(l2, h2, []int{best}) || !s.solve(l2, h2, comp) {
			return false
		}
		copy(lo, l2)
		copy(hi, h2)
		return true
	}
	hint := -1
	if s.hint != nil && s.hint[best] >= lo[best] && s.hint[best] <= hi[best] {
		hint = s.hint[best]
	}
	if hi[best]-lo[best] < 12 {
		vals := make([]int, 0, hi[best]-lo[best]+1)
		for v := lo[best]; v <= hi[best]; v++ {
			vals = append(vals, v)
		}
		s.rng.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
		if hint >= 0 {
			sort.SliceStable(vals, func(i, j int) bool { return abs(vals[i]-hint) < abs(vals[j]-hint) })
		}
		for _, v := range vals {
			if try(v, v) {
				return true
			}
			if s.exhausted {
				return false
			}
		}
		return false
	}
	mid := lo[best] + (hi[best]-lo[best])/2
	halves := [][2]int{{lo[best], mid}, {mid + 1, hi[best]}}
	if s.rng.IntN(2) == 0 {
		halves[0], halves[1] = halves[1], halves[0]
	}
	if hint >= 0 {
		// The hinted value first, then the rest of the range either side of it.
		halves = [][2]int{{hint, hint}, {lo[best], hint - 1}, {hint + 1, hi[best]}}
		if s.rng.IntN(2) == 0 {
			halves[1], halves[2] = halves[2], halves[1]
		}
	}
	for _, hv := range halves {
		if hv[0] > hv[1] {
			continue
		}
		if try(hv[0], hv[1]) {
			return true
		}
		if s.exhausted {
			return false
		}
	}
	return false
}

// solveAll: a full solution within lo..hi (propagated), or nil.
func (s *search) solveAll(lo, hi []int) []int {
	all := make([]int, len(lo))
	for i := range all {
		all[i] = i
	}
	l2, h2 := append([]int{}, lo...), append([]int{}, hi...)
	if !s.solve(l2, h2, all) {
		return nil
	}
	return l2
}

// ---------------------------------------------------------------------------
// The audit: what remains possible for each hidden cell.

type auditResult struct {
	leaks    []string // the promise broken: which cell, which values remain, from what
	problems []string // the reading of the output, or this file's model, is wrong
	checked  int      // hidden or rounded cells audited
}

const searchBudget = 200000

func (m *model) describeTerm(tm term) string {
	v := m.vars[tm.v]
	s := v.name + "=" + v.shown
	if a := tm.a; a != 1 && a != -1 {
		s = fmt.Sprintf("%d·%s", max(a, -a), s)
	}
	return s
}

// describeLin writes an equality with the printed figures, the positive terms on
// the left: "a="<5" + b="<5" = total="<5"".
func (m *model) describeLin(c linCon) string {
	var left, right []string
	for _, tm := range c.terms {
		if tm.a > 0 {
			left = append(left, m.describeTerm(tm))
		} else {
			right = append(right, m.describeTerm(tm))
		}
	}
	if c.c != 0 || len(right) == 0 {
		right = append(right, strconv.Itoa(c.c))
	}
	if len(left) == 0 {
		left = []string{"0"}
	}
	return fmt.Sprintf("%s: %s = %s", c.why, strings.Join(left, " + "), strings.Join(right, " + "))
}

// ties lists what the reader used about v: its equalities, and the predicates on it
// or on an unprinted figure it shares an equality with (a mean over the timed calls).
func (m *model) ties(v int) string {
	var out []string
	for i, ci := range m.varLins[v] {
		if i == 6 {
			out = append(out, fmt.Sprintf("    ... and %d more", len(m.varLins[v])-6))
			break
		}
		out = append(out, "    "+m.describeLin(m.lins[ci]))
	}
	seen := map[int]bool{}
	addPreds := func(u int) {
		for _, pi := range m.varPreds[u] {
			if !seen[pi] && len(seen) < 6 {
				seen[pi] = true
				out = append(out, "    "+m.preds[pi].why)
			}
		}
	}
	// Predicates within three equalities of v: a mean over the timed calls behind a
	// count repeated in another table.
	near := map[int]bool{v: true}
	frontier := []int{v}
	for hop := 0; hop < 3; hop++ {
		var next []int
		for _, u := range frontier {
			for _, ci := range m.varLins[u] {
				for _, tm := range m.lins[ci].terms {
					if !near[tm.v] {
						near[tm.v] = true
						next = append(next, tm.v)
					}
				}
			}
		}
		frontier = next
	}
	var ids []int
	for u := range near {
		ids = append(ids, u)
	}
	sort.Ints(ids)
	for _, u := range ids {
		addPreds(u)
	}
	return strings.Join(out, "\n")
}

// printedAs says how a figure was printed ("printed "<5"", or "not printed" for a
// figure the reader works out, such as the difference of two releases).
func printedAs(v mvar) string {
	if v.shown == "(not printed)" {
		return "(not printed)"
	}
	return "printed " + v.shown
}

func (m *model) truthNote(v int) string {
	if !m.vars[v].known {
		return ""
	}
	return fmt.Sprintf(" (true %d)", m.vars[v].truth)
}

func intSet(vals []int) string {
	if len(vals) == 0 {
		return "{}"
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v))
	}
	b.WriteByte('}')
	return b.String()
}

// setTruth reads the true figures from a model built the same way on the output
// with --suppress none (the same keys), then the derived ones.
func (m *model) setTruth(tm *model, extra map[string]int) {
	for i := range m.vars {
		if j, ok := tm.byKey[m.vars[i].key]; ok && tm.vars[j].lo == tm.vars[j].hi {
			m.vars[i].truth, m.vars[i].known = tm.vars[j].lo, true
		}
		if v, ok := extra[m.vars[i].key]; ok {
			m.vars[i].truth, m.vars[i].known = v, true
		}
	}
	for i := range m.vars {
		if len(m.vars[i].truthFrom) == 0 {
			continue
		}
		sum, all := 0, true
		for _, tm := range m.vars[i].truthFrom {
			if !m.vars[tm.v].known {
				all = false
				break
			}
			sum += tm.a * m.vars[tm.v].truth
		}
		if all {
			m.vars[i].truth, m.vars[i].known = sum, true
		}
	}
}

func (m *model) audit(seed uint64) auditResult {
	var res auditResult
	m.index()
	n := len(m.vars)
	lo, hi := make([]int, n), make([]int, n)
	all := make([]int, n)
	for i, v := range m.vars {
		lo[i], hi[i], all[i] = v.lo, v.hi, i
	}
	s := &search{m: m, rng: rand.New(rand.NewPCG(seed, 0x1d7)), budget: searchBudget}
	supports := make([]map[int]bool, n)
	for i := range supports {
		supports[i] = map[int]bool{}
	}
	record := func(sol []int) {
		for i, v := range sol {
			supports[i][v] = true
		}
	}

	// The true figures must read as printed, and must fit the reader's rules:
	// otherwise either the output breaks its own reading or this model is wrong.
	for i, v := range m.vars {
		if v.known && (v.truth < v.lo || v.truth > v.hi) && v.shown != "(not printed)" {
			res.problems = append(res.problems, fmt.Sprintf("%s printed %s but its true value is %d, outside what the print means (%d..%d under %s)",
				v.name, v.shown, v.truth, v.lo, v.hi, m.pol.name))
			lo[i], hi[i] = min(lo[i], v.truth), max(hi[i], v.truth)
		}
	}
	tlo, thi := append([]int{}, lo...), append([]int{}, hi...)
	for i, v := range m.vars {
		if v.known {
			tlo[i], thi[i] = v.truth, v.truth
		}
	}
	if m.propagate(tlo, thi, all) {
		if sol := s.solveAll(tlo, thi); sol != nil {
			record(sol)
			s.hint = sol
		} else if !s.exhausted {
			res.problems = append(res.problems, "the true figures do not fit the reader's rules (this file's model, or the output, is wrong):\n"+m.brokenBy())
		}
	} else {
		res.problems = append(res.problems, "the true figures do not fit the reader's rules (this file's model, or the output, is wrong):\n"+m.brokenBy())
	}
	if !m.propagate(lo, hi, all) {
		res.problems = append(res.problems, "what was printed has no reading under the rules at all")
		return res
	}

	feasible := func(v, l, h int) (bool, bool) {
		l2, h2 := append([]int{}, lo...), append([]int{}, hi...)
		l2[v], h2[v] = max(l, l2[v]), min(h, h2[v])
		if l2[v] > h2[v] || !m.propagate(l2, h2, []int{v}) {
			return false, true
		}
		s.nodes, s.exhausted = 0, false
		sol := s.solveAll(l2, h2)
		if sol != nil {
			record(sol)
			return true, true
		}
		return false, !s.exhausted
	}

	for i, v := range m.vars {
		kind := v.check
		switch kind {
		case checkDFE:
			kind = checkNotPinned
			if v.known && v.truth >= 1 && v.truth < m.pol.T {
				kind = checkSmall
			}
		case checkDiff:
			kind = checkNone
			if v.known && v.truth >= 1 && v.truth < m.pol.T {
				kind = checkSmall
			}
		}
		if kind != checkNone {
			res.checked++
		}
		switch kind {
		case checkSmall:
			var possible, decided []int
			undecided := false
			for val := 1; val < m.pol.T; val++ {
				if supports[i][val] {
					possible = append(possible, val)
					continue
				}
				ok, sure := feasible(i, val, val)
				if ok {
					possible = append(possible, val)
				} else if !sure {
					undecided = true
				}
				decided = append(decided, val)
			}
			if undecided {
				res.problems = append(res.problems, fmt.Sprintf("%s printed %s: the search gave up (over %d nodes)", v.name, v.shown, searchBudget))
				continue
			}
			if len(possible) < m.pol.T-1 {
				res.leaks = append(res.leaks, fmt.Sprintf("%s %s: only %s of 1..%d remain possible%s, given:\n%s",
					v.name, printedAs(v), intSet(possible), m.pol.T-1, m.truthNote(i), m.ties(i)))
			}
		case checkNotPinned:
			if len(supports[i]) >= 2 {
				continue
			}
			v0 := -1
			for x := range supports[i] {
				v0 = x
			}
			if v0 < 0 {
				ok, _ := feasible(i, lo[i], hi[i])
				if !ok {
					continue
				}
				for x := range supports[i] {
					v0 = x
				}
			}
			below, sure1 := feasible(i, lo[i], v0-1)
			above, sure2 := false, true
			if !below {
				above, sure2 = feasible(i, v0+1, hi[i])
			}
			if below || above {
				continue
			}
			if !sure1 || !sure2 {
				res.problems = append(res.problems, fmt.Sprintf("%s printed %s: the search gave up (over %d nodes)", v.name, v.shown, searchBudget))
				continue
			}
			res.leaks = append(res.leaks, fmt.Sprintf("%s %s: pinned to %d%s, given:\n%s",
				v.name, printedAs(v), v0, m.truthNote(i), m.ties(i)))
		}
	}
	return res
}

// brokenBy lists the equalities and predicates the true figures break, where all
// their figures are known.
func (m *model) brokenBy() string {
	var out []string
	for _, c := range m.lins {
		sum, all := 0, true
		for _, tm := range c.terms {
			if !m.vars[tm.v].known {
				all = false
				break
			}
			sum += tm.a * m.vars[tm.v].truth
		}
		if all && sum != c.c {
			out = append(out, fmt.Sprintf("    %s (true figures give %d)", m.describeLin(c), sum))
		}
	}
	for _, p := range m.preds {
		vals, all := make([]int, len(p.vars)), true
		for i, v := range p.vars {
			if !m.vars[v].known {
				all = false
				break
			}
			vals[i] = m.vars[v].truth
		}
		if all && !p.ok(vals) {
			out = append(out, fmt.Sprintf("    %s (true %v)", p.why, vals))
		}
	}
	if len(out) == 0 {
		return "    (no single rule: the unknowns cannot be filled in)"
	}
	return strings.Join(out, "\n")
}

// report fails the test with what leaked.
func reportAudit(t *testing.T, what string, docs []*pubDoc, res auditResult) {
	t.Helper()
	t.Logf("%s: %d hidden or rounded cells audited, %d narrowed", what, res.checked, len(res.leaks))
	var cmds []string
	for _, d := range docs {
		cmds = append(cmds, "  "+d.command)
	}
	if len(res.problems) > 0 {
		t.Errorf("%s: cannot audit as published:\n%s\n  %s", what, strings.Join(cmds, "\n"), strings.Join(res.problems, "\n  "))
	}
	if len(res.leaks) == 0 {
		return
	}
	const show = 8
	shown := res.leaks
	if len(shown) > show {
		shown = shown[:show]
	}
	more := ""
	if len(res.leaks) > show {
		more = fmt.Sprintf("\n  ... and %d more hidden cells narrowed", len(res.leaks)-show)
	}
	t.Errorf("%s: what is printed reveals more than its symbols say (%d hidden cells narrowed), from:\n%s\n  %s%s",
		what, len(res.leaks), strings.Join(cmds, "\n"), strings.Join(shown, "\n  "), more)
}

// ---------------------------------------------------------------------------
// What a reader knows from each table's definitions.

func cellName(id, label, col string) string {
	return fmt.Sprintf("%s[%q].%s", id, label, col)
}

var otherRowRE = regexp.MustCompile(`^(\d+)\s+other`)

// addBreakdown: the listed groups add up to the total; each listed group has a call,
// a row "N other categories" at least N.
func addBreakdown(m *model, tb *pubTable, id string) (rows map[string]int, total int) {
	rows = map[string]int{}
	total = -1
	j := tb.countCol()
	ti := tb.totalRow()
	switch {
	case tb.total != nil:
		total = m.count(id+"|total", id+".total", *tb.total, false)
	case ti >= 0 && j >= 0:
		total = m.count(id+"|total", id+".total", tb.rows[ti].cells[j], false)
	}
	if j < 0 {
		if len(tb.rows) > 0 {
			m.notes = append(m.notes, id+": no count column")
		}
		return rows, total
	}
	var parts []int
	for i, r := range tb.rows {
		if i == ti && tb.total == nil {
			continue
		}
		v := m.count(id+"|"+r.label+"|count", fmt.Sprintf("%s[%q]", id, r.label), r.cells[j], true)
		if mm := otherRowRE.FindStringSubmatch(r.label); mm != nil {
			n, _ := strconv.Atoi(mm[1])
			m.vars[v].lo = max(m.vars[v].lo, n)
		}
		rows[r.label] = v
		parts = append(parts, v)
	}
	m.sum(id+": the rows add up to the total", total, parts)
	return rows, total
}

// addCrosstab (breakdown --across): each row's cells add up to its total, each
// column's rows to the All row. It returns the rows' totals and the All row's
// cells, by label, and the grand total.
func addCrosstab(m *model, tb *pubTable, id string) (rowTotals, colTotals map[string]int, grand int) {
	rowTotals, colTotals, grand = map[string]int{}, map[string]int{}, -1
	last := len(tb.cols) - 1
	colVars := make([][]int, last)
	for i, r := range tb.rows {
		isAll := strings.EqualFold(r.label, "All")
		var cells []int
		for j := 1; j < last; j++ {
			v := m.count(fmt.Sprintf("%s|%s|%s", id, r.label, tb.cols[j].name), cellName(id, r.label, tb.cols[j].name), tb.rows[i].cells[j], false)
			cells = append(cells, v)
			if isAll {
				colTotals[tb.cols[j].name] = v
			} else {
				colVars[j] = append(colVars[j], v)
			}
		}
		total := m.count(id+"|"+r.label+"|total", cellName(id, r.label, "total"), tb.rows[i].cells[last], !isAll)
		m.sum(fmt.Sprintf("%s %q: its cells add up to its total", id, r.label), total, cells)
		if isAll {
			grand = total
		} else {
			rowTotals[r.label] = total
		}
	}
	for j := 1; j < last; j++ {
		if a, ok := colTotals[tb.cols[j].name]; ok {
			m.sum(fmt.Sprintf("%s %q: its rows add up to All", id, tb.cols[j].name), a, colVars[j])
		}
	}
	return rowTotals, colTotals, grand
}

// addChanges (changes): the groups' counts, this month's and the baseline's, add
// up to All's; the baseline mean printed is the baseline's calls over its months
// (from the title), and the rate ratio the month's count over that mean.
// addChanges returns each group's count and baseline variables.
func addChanges(m *model, tb *pubTable, id string) map[string][2]int {
	// The baseline is judged by its days against the month's, as the definitions say.
	months := 0.0
	for _, d := range tb.defs {
		if mm := regexp.MustCompile(`\((\d+) days\); baseline mean: the calls of the \d+ months before \((\d+) days held\)`).FindStringSubmatch(d); mm != nil {
			days, _ := strconv.ParseFloat(mm[1], 64)
			base, _ := strconv.ParseFloat(mm[2], 64)
			months = base / days
		}
	}
	if months == 0 {
		m.notes = append(m.notes, id+": the definitions do not say the baseline's days")
	}
	base := ""
	for _, c := range tb.cols {
		if strings.HasPrefix(c.name, "last ") {
			base = c.name
		}
	}
	groups := map[string][2]int{}
	for i, r := range tb.rows {
		isAll := strings.EqualFold(r.label, "All")
		x := m.count(id+"|"+r.label+"|count", cellName(id, r.label, "count"), tb.cell(i, "count", "calls"), false)
		y := m.count(id+"|"+r.label+"|base", cellName(id, r.label, base), tb.cell(i, base, "calls"), false)
		if !isAll {
			m.vars[x].lo = max(m.vars[x].lo, 0)
		}
		groups[r.label] = [2]int{x, y}
		if mean := tb.cell(i, "baseline mean", ""); mean.kind == pubNum && months > 0 {
			tol := tolerance(mean)
			m.pred(fmt.Sprintf("%s %q: baseline mean = its calls over %.3f months", id, r.label, months), []int{y}, func(v []int) bool {
				return math.Abs(float64(v[0])/months-mean.num) <= tol+1e-9
			})
		}
		if ratio := tb.cell(i, "rate ratio", ""); ratio.kind == pubNum && months > 0 {
			tol := tolerance(ratio)
			m.pred(fmt.Sprintf("%s %q: rate ratio = count over the mean", id, r.label), []int{x, y}, func(v []int) bool {
				if v[1] == 0 {
					return true
				}
				return math.Abs(float64(v[0])*months/float64(v[1])-ratio.num) <= tol+1e-9
			})
		}
	}
	for _, name := range []string{"count", "baseline"} {
		all, ok := groups["All"]
		if !ok {
			continue
		}
		var parts []int
		labels := make([]string, 0, len(groups))
		for k := range groups {
			if k != "All" {
				labels = append(labels, k)
			}
		}
		sort.Strings(labels)
		for _, k := range labels {
			if name == "count" {
				parts = append(parts, groups[k][0])
			} else {
				parts = append(parts, groups[k][1])
			}
		}
		whole := all[0]
		if name == "baseline" {
			whole = all[1]
		}
		m.sum(fmt.Sprintf("%s: the groups' %s add up to All's", id, name), whole, parts)
	}
	return groups
}

// addTrend: backlog_t = backlog_{t-1} + created_t - resolved_t; the backlog before the
// first period is 0 when the data starts then, else unknown.
func addTrend(m *model, tb *pubTable, id string, startsAtFirst bool) (created, resolved, backlog map[string]int, last int) {
	created, resolved, backlog = map[string]int{}, map[string]int{}, map[string]int{}
	cj, rj, bj := tb.col("created", ""), tb.col("resolved", ""), tb.col("backlog at end", "")
	if cj < 0 || rj < 0 || bj < 0 {
		m.notes = append(m.notes, id+": created, resolved or backlog column not found")
		return created, resolved, backlog, -1
	}
	var prev int
	if startsAtFirst {
		prev = m.addVar(mvar{key: id + "|backlog before", name: id + ".backlog before the first period", shown: "0 (the data starts then)"})
	} else {
		prev = m.aux(id+"|backlog before", id+".backlog before the first period", 0, m.cap)
	}
	last = -1
	for _, r := range tb.rows {
		c := m.count(id+"|"+r.label+"|created", cellName(id, r.label, "created"), r.cells[cj], false)
		rs := m.count(id+"|"+r.label+"|resolved", cellName(id, r.label, "resolved"), r.cells[rj], false)
		b := m.count(id+"|"+r.label+"|backlog", cellName(id, r.label, "backlog"), r.cells[bj], false)
		m.eq(fmt.Sprintf("%s %q: backlog = previous backlog + created - resolved", id, r.label), 0,
			term{b, 1}, term{prev, -1}, term{c, -1}, term{rs, 1})
		created[r.label], resolved[r.label], backlog[r.label] = c, rs, b
		prev, last = b, b
	}
	return created, resolved, backlog, last
}

// resVars are one group's counts in the time-to-resolve table.
type resVars struct{ calls, resolved, open, rbo, timed int }

// addResolution: calls = resolved + still open; resolved = resolved before opened +
// timed; timed % of calls; a mean or median of whole-minute times over the timed calls;
// the groups add up to All.
func addResolution(m *model, tb *pubTable, id string) map[string]resVars {
	out := map[string]resVars{}
	for i, r := range tb.rows {
		isAll := strings.EqualFold(r.label, "All")
		cnt := func(col string) int {
			return m.count(id+"|"+r.label+"|"+col, cellName(id, r.label, col), tb.cell(i, col, ""), !isAll && col == "calls")
		}
		g := resVars{calls: cnt("calls"), resolved: cnt("resolved"), open: cnt("still open"), rbo: cnt("resolved before opened")}
		g.timed = m.aux(id+"|"+r.label+"|timed", cellName(id, r.label, "timed calls"), 0, m.cap)
		m.eq(fmt.Sprintf("%s %q: calls = resolved + still open", id, r.label), 0, term{g.calls, 1}, term{g.resolved, -1}, term{g.open, -1})
		m.eq(fmt.Sprintf("%s %q: resolved = resolved before opened + timed", id, r.label), 0, term{g.resolved, 1}, term{g.rbo, -1}, term{g.timed, -1})
		cC, cR, cB := tb.cell(i, "calls", ""), tb.cell(i, "resolved", ""), tb.cell(i, "resolved before opened", "")
		m.share(fmt.Sprintf("%s %q timed", id, r.label), g.timed, g.calls, tb.cell(i, "timed", "percent"), func() (float64, bool) {
			if cC.kind != pubNum || cR.kind != pubNum || cB.kind != pubNum || cC.num == 0 {
				return 0, false
			}
			return 100 * (cR.num - cB.num) / cC.num, true
		})
		for _, w := range []string{"", ", working time"} {
			m.wholeMinutes(cellName(id, r.label, "mean"+w), g.timed, tb.cell(i, "mean"+w, "hours"))
			m.medianParity(cellName(id, r.label, "median"+w), g.timed, tb.cell(i, "median"+w, "hours"))
		}
		out[r.label] = g
	}
	sumGroups(m, id, out, func(g resVars) []int { return []int{g.calls, g.resolved, g.open, g.rbo, g.timed} },
		[]string{"calls", "resolved", "still open", "resolved before opened", "timed calls"})
	return out
}

// sumGroups: each count of the groups adds up to All's.
func sumGroups[G any](m *model, id string, groups map[string]G, counts func(G) []int, names []string) {
	all, ok := groups["All"]
	if !ok {
		for k, g := range groups {
			if strings.EqualFold(k, "All") {
				all, ok = g, true
			}
		}
	}
	if !ok {
		return
	}
	labels := make([]string, 0, len(groups))
	for k := range groups {
		if !strings.EqualFold(k, "All") {
			labels = append(labels, k)
		}
	}
	sort.Strings(labels)
	for j, name := range names {
		var parts []int
		for _, k := range labels {
			parts = append(parts, counts(groups[k])[j])
		}
		m.sum(fmt.Sprintf("%s: the groups' %s add up to All's", id, name), counts(all)[j], parts)
	}
}

type slaVars struct{ calls, met, breached, openBreached, openWithin, notJudged, judged int }

// addSLA: calls = met + breached + open breached + open within + not judged; met % is
// met over met plus breached; the groups add up to All.
func addSLA(m *model, tb *pubTable, id string) map[string]slaVars {
	out := map[string]slaVars{}
	for i, r := range tb.rows {
		isAll := strings.EqualFold(r.label, "All")
		cnt := func(col, unit string) int {
			return m.count(id+"|"+r.label+"|"+col, cellName(id, r.label, col), tb.cell(i, col, unit), !isAll && col == "calls")
		}
		g := slaVars{calls: cnt("calls", ""), met: cnt("met", "calls"), breached: cnt("breached", ""),
			openBreached: cnt("open, breached", ""), openWithin: cnt("open, within", ""), notJudged: cnt("not judged", "")}
		g.judged = m.aux(id+"|"+r.label+"|judged", cellName(id, r.label, "met+breached"), 0, m.cap)
		m.eq(fmt.Sprintf("%s %q: calls = met + breached + open breached + open within + not judged", id, r.label), 0,
			term{g.calls, 1}, term{g.met, -1}, term{g.breached, -1}, term{g.openBreached, -1}, term{g.openWithin, -1}, term{g.notJudged, -1})
		m.eq(fmt.Sprintf("%s %q: met + breached", id, r.label), 0, term{g.judged, 1}, term{g.met, -1}, term{g.breached, -1})
		cM, cB := tb.cell(i, "met", "calls"), tb.cell(i, "breached", "")
		m.share(fmt.Sprintf("%s %q met", id, r.label), g.met, g.judged, tb.cell(i, "met", "percent"), func() (float64, bool) {
			if cM.kind != pubNum || cB.kind != pubNum || cM.num+cB.num == 0 {
				return 0, false
			}
			return 100 * cM.num / (cM.num + cB.num), true
		})
		out[r.label] = g
	}
	sumGroups(m, id, out, func(g slaVars) []int {
		return []int{g.calls, g.met, g.breached, g.openBreached, g.openWithin, g.notJudged}
	}, []string{"calls", "met", "breached", "open breached", "open within", "not judged"})
	return out
}

type checkVars struct{ calls, agree, disagree, metHere, breachedHere int }

// addCheck (sla --check): calls = agree + disagree; disagree = met here and breached
// in the export + breached here and met in the export; agree % is agree over calls;
// the groups add up to All.
func addCheck(m *model, tb *pubTable, id string) map[string]checkVars {
	out := map[string]checkVars{}
	for i, r := range tb.rows {
		isAll := strings.EqualFold(r.label, "All")
		cnt := func(col string) int {
			return m.count(id+"|"+r.label+"|"+col, cellName(id, r.label, col), tb.cell(i, col, "calls"), !isAll && col == "calls")
		}
		g := checkVars{calls: cnt("calls"), agree: cnt("agree"), disagree: cnt("disagree"),
			metHere: cnt("met here, breached in the export"), breachedHere: cnt("breached here, met in the export")}
		m.eq(fmt.Sprintf("%s %q: calls = agree + disagree", id, r.label), 0, term{g.calls, 1}, term{g.agree, -1}, term{g.disagree, -1})
		m.eq(fmt.Sprintf("%s %q: disagree = its two kinds", id, r.label), 0, term{g.disagree, 1}, term{g.metHere, -1}, term{g.breachedHere, -1})
		cA, cC := tb.cell(i, "agree", "calls"), tb.cell(i, "calls", "")
		m.share(fmt.Sprintf("%s %q agree", id, r.label), g.agree, g.calls, tb.cell(i, "agree", "percent"), func() (float64, bool) {
			if cA.kind != pubNum || cC.kind != pubNum || cC.num == 0 {
				return 0, false
			}
			return 100 * cA.num / cC.num, true
		})
		out[r.label] = g
	}
	sumGroups(m, id, out, func(g checkVars) []int { return []int{g.calls, g.agree, g.disagree, g.metHere, g.breachedHere} },
		[]string{"calls", "agree", "disagree", "met here", "breached here"})
	return out
}

// addStates (states): each state's calls; with --by (a second column of names),
// each state's groups add up to its All row, which the table prints after them.
// It returns each state's calls of all groups.
func addStates(m *model, tb *pubTable, id string) map[string]int {
	byCol := len(tb.cols) > 1 && tb.cols[1].unit == ""
	all, groups := map[string]int{}, map[string][]int{}
	for i, r := range tb.rows {
		g := ""
		if byCol {
			g = r.cells[1].text
		}
		key := r.label + " / " + g
		v := m.count(id+"|"+key, cellName(id, key, "calls"), tb.cell(i, "calls", "calls"), g != "All")
		if !byCol || g == "All" {
			all[r.label] = v
		} else {
			groups[r.label] = append(groups[r.label], v)
		}
	}
	states := make([]string, 0, len(groups))
	for st := range groups {
		states = append(states, st)
	}
	sort.Strings(states)
	for _, st := range states {
		if a, ok := all[st]; ok {
			m.sum(fmt.Sprintf("%s %q: its groups add up to All", id, st), a, groups[st])
		}
	}
	return all
}

// The compare table's measures, by label.
const (
	cmpCalls       = "calls"
	cmpResolved    = "resolved"
	cmpOpen        = "still open"
	cmpPastTarget  = "open past target"
	cmpTimed       = "timed (%)"
	cmpMet         = "resolved within target (%)"
	cmpMean        = "mean time to resolve (h)"
	cmpMedian      = "median time to resolve (h)"
	cmpMeanWork    = "mean, working time (h)"
	cmpMedianWork  = "median, working time (h)"
	cmpAgainstBest = "against the best"
)

type cmpVars struct{ calls, resolved, open, pastTarget, rbo, timed, untargeted, judged, met, breached, within int }

// addCompare: per group (a column): calls = resolved + still open; resolved = resolved
// before opened + timed; timed = judged + calls with no target; judged = met + breached;
// open past target at most still open; timed %, met %, means and medians; the groups
// add up to All.
func addCompare(m *model, tb *pubTable, id string) map[string]cmpVars {
	out := map[string]cmpVars{}
	rowOf := func(measure string) int {
		for i, r := range tb.rows {
			if normKey(r.label) == normKey(measure) {
				return i
			}
		}
		return -1
	}
	get := func(measure string, j int) pubCell {
		i := rowOf(measure)
		if i < 0 {
			return pubCell{kind: pubAbsent}
		}
		return tb.rows[i].cells[j]
	}
	for j := 1; j < len(tb.cols); j++ {
		g := tb.cols[j].name
		isAll := strings.EqualFold(g, "All")
		cnt := func(measure string) int {
			return m.count(id+"|"+g+"|"+measure, cellName(id, g, measure), get(measure, j), !isAll && measure == cmpCalls)
		}
		ax := func(what string) int { return m.aux(id+"|"+g+"|"+what, cellName(id, g, what), 0, m.cap) }
		v := cmpVars{calls: cnt(cmpCalls), resolved: cnt(cmpResolved), open: cnt(cmpOpen), pastTarget: cnt(cmpPastTarget),
			rbo: ax("resolved before opened"), timed: ax("timed calls"), untargeted: ax("timed calls with no target"),
			judged: ax("met+breached"), met: ax("met"), breached: ax("breached"), within: ax("open within target")}
		w := func(s string) string { return fmt.Sprintf("%s %q: %s", id, g, s) }
		m.eq(w("calls = resolved + still open"), 0, term{v.calls, 1}, term{v.resolved, -1}, term{v.open, -1})
		m.eq(w("resolved = resolved before opened + timed"), 0, term{v.resolved, 1}, term{v.rbo, -1}, term{v.timed, -1})
		m.eq(w("timed = met + breached + timed with no target"), 0, term{v.timed, 1}, term{v.judged, -1}, term{v.untargeted, -1})
		m.eq(w("met + breached"), 0, term{v.judged, 1}, term{v.met, -1}, term{v.breached, -1})
		m.eq(w("still open = open past target + open within"), 0, term{v.open, 1}, term{v.pastTarget, -1}, term{v.within, -1})
		m.share(fmt.Sprintf("%s %q timed", id, g), v.timed, v.calls, get(cmpTimed, j), func() (float64, bool) { return 0, false })
		m.share(fmt.Sprintf("%s %q resolved within target", id, g), v.met, v.judged, get(cmpMet, j), func() (float64, bool) { return 0, false })
		for _, mm := range []string{cmpMean, cmpMeanWork} {
			m.wholeMinutes(cellName(id, g, mm), v.timed, get(mm, j))
		}
		for _, mm := range []string{cmpMedian, cmpMedianWork} {
			m.medianParity(cellName(id, g, mm), v.timed, get(mm, j))
		}
		out[g] = v
	}
	sumGroups(m, id, out, func(g cmpVars) []int {
		return []int{g.calls, g.resolved, g.open, g.pastTarget, g.rbo, g.timed, g.untargeted, g.judged, g.met, g.breached, g.within}
	}, []string{"calls", "resolved", "still open", "open past target", "resolved before opened", "timed calls", "timed with no target", "met+breached", "met", "breached", "open within target"})
	return out
}

// addAgeing: open = the age bands' sum; the severities add up to All.
func addAgeing(m *model, tb *pubTable, id string) map[string][]int {
	out := map[string][]int{}
	cols := tb.countCols()
	oj := tb.col("open", "")
	if oj < 0 {
		m.notes = append(m.notes, id+": no open column")
		return out
	}
	var names []string
	for _, j := range cols {
		names = append(names, tb.cols[j].name)
	}
	for i, r := range tb.rows {
		isAll := strings.EqualFold(r.label, "All")
		var vs, bands []int
		open := -1
		for _, j := range cols {
			v := m.count(id+"|"+r.label+"|"+tb.cols[j].name, cellName(id, r.label, tb.cols[j].name), tb.rows[i].cells[j], !isAll && j == oj)
			vs = append(vs, v)
			if j == oj {
				open = v
			} else {
				bands = append(bands, v)
			}
		}
		m.sum(fmt.Sprintf("%s %q: the age bands add up to open", id, r.label), open, bands)
		out[r.label] = vs
	}
	sumGroups(m, id, out, func(g []int) []int { return g }, names)
	return out
}

// addSevMonths: each month's severities (and not recognised) add up to all.
func addSevMonths(m *model, tb *pubTable, id string) map[string]map[string]int {
	out := map[string]map[string]int{}
	aj := tb.col("all", "")
	for i, r := range tb.rows {
		row := map[string]int{}
		var parts []int
		for _, j := range tb.countCols() {
			v := m.count(id+"|"+r.label+"|"+tb.cols[j].name, cellName(id, r.label, tb.cols[j].name), tb.rows[i].cells[j], false)
			row[normKey(tb.cols[j].name)] = v
			if j != aj {
				parts = append(parts, v)
			}
		}
		if aj >= 0 {
			m.sum(fmt.Sprintf("%s %q: the severities add up to all", id, r.label), row["all"], parts)
		}
		out[r.label] = row
	}
	return out
}

// addTop: the listed categories (and "N other categories") add up to All; shares of All.
func addTop(m *model, tb *pubTable, id string) (rows map[string]int, all int) {
	rows, all = map[string]int{}, -1
	cj := tb.col("calls", "")
	sj := tb.col("share", "percent")
	ai := tb.rowIndex("All")
	if cj < 0 {
		m.notes = append(m.notes, id+": no calls column")
		return rows, all
	}
	if ai >= 0 {
		all = m.count(id+"|All|calls", cellName(id, "All", "calls"), tb.rows[ai].cells[cj], false)
	}
	var parts []int
	for i, r := range tb.rows {
		if i == ai {
			continue
		}
		v := m.count(id+"|"+r.label+"|calls", cellName(id, r.label, "calls"), r.cells[cj], true)
		if mm := otherRowRE.FindStringSubmatch(r.label); mm != nil {
			n, _ := strconv.Atoi(mm[1])
			m.vars[v].lo = max(m.vars[v].lo, n)
		}
		rows[r.label] = v
		parts = append(parts, v)
		if sj >= 0 && all >= 0 {
			c, a := r.cells[cj], tb.rows[ai].cells[cj]
			m.share(fmt.Sprintf("%s %q share", id, r.label), v, all, r.cells[sj], func() (float64, bool) {
				if c.kind != pubNum || a.kind != pubNum || a.num == 0 {
					return 0, false
				}
				return 100 * c.num / a.num, true
			})
		}
	}
	m.sum(id+": the categories add up to All", all, parts)
	return rows, all
}

// monthOf reads "2014-03" (or "2014-03 (from 15 Mar)") as a month.
func monthOf(label string) (time.Time, bool) {
	if len(label) < 7 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01", label[:7])
	return t, err == nil
}

// addMonthly: the pack's tables, and the figures it repeats: a month's all = its
// created; the period's calls per severity in the per-month table, the time-to-resolve
// table and the SLA table; All calls in time to resolve, top categories and compare;
// the open calls' ageing = the trend's last backlog.
func addMonthly(m *model, doc *pubDoc) {
	sevT := doc.find("severity per month")
	trT := doc.find("created and resolved")
	ageT := doc.find("by age")
	resT := doc.find("time to resolve")
	slaT := doc.find("within target")
	topT := doc.find("top categories")
	cmpT := doc.find("compared")

	var sev map[string]map[string]int
	if sevT != nil {
		sev = addSevMonths(m, sevT, "severity per month")
	}
	// The change table: its month is the per-month table's, its baseline the 12
	// months before there (none before the first month held, which the table's
	// notes say it starts at).
	if chT := doc.find("change in"); chT != nil {
		groups := addChanges(m, chT, "change")
		mm := regexp.MustCompile(`(?i)change in (\w+ \d{4})`).FindStringSubmatch(chT.title)
		month, err := time.Time{}, fmt.Errorf("no month in %q", chT.title)
		if mm != nil {
			month, err = time.Parse("January 2006", mm[1])
		}
		if err != nil || sev == nil {
			m.notes = append(m.notes, fmt.Sprintf("change table not tied: %v", err))
		} else {
			for label, xy := range groups {
				key := normKey(label)
				if row, ok := sev[month.Format("2006-01")]; ok {
					if v, ok := row[key]; ok {
						m.same(fmt.Sprintf("%s in %s: change count = per-month table", label, month.Format("2006-01")), xy[0], v)
					}
				}
				var parts []int
				complete := true
				for k := 1; k <= 12; k++ {
					row, ok := sev[month.AddDate(0, -k, 0).Format("2006-01")]
					if !ok {
						continue // before the table's first month: before the data
					}
					v, ok := row[key]
					if !ok {
						complete = false
					}
					parts = append(parts, v)
				}
				if complete {
					m.sum(fmt.Sprintf("%s: change baseline = the per-month table's 12 months before", label), xy[1], parts)
				}
			}
		}
	}
	var created map[string]int
	lastBacklog := -1
	if trT != nil {
		startsAtFirst := false
		if len(trT.rows) > 0 && doc.reqTo != "" {
			first, ok1 := monthOf(trT.rows[0].label)
			end, err := time.Parse("2006-01-02", doc.reqTo)
			if ok1 && err == nil {
				span := (end.Year()-first.Year())*12 + int(end.Month()) - int(first.Month()) + 1
				// Twelve months to the period's end, none before the first month held:
				// fewer shown means the data starts in the first.
				startsAtFirst = span < 12
			}
		}
		created, _, _, lastBacklog = addTrend(m, trT, "trend", startsAtFirst)
	}
	if sev != nil && created != nil {
		for _, r := range sevT.rows {
			if c, ok := created[r.label]; ok {
				m.same(fmt.Sprintf("month %q: all calls opened (per-severity table) = created (trend)", r.label), sev[r.label]["all"], c)
			}
		}
	}
	if ageT != nil {
		age := addAgeing(m, ageT, "ageing")
		if all, ok := age["All"]; ok && len(all) > 0 && lastBacklog >= 0 {
			m.same("open calls at the period's end: ageing All = the trend's last backlog", all[0], lastBacklog)
		}
	}
	var res map[string]resVars
	if resT != nil {
		res = addResolution(m, resT, "resolution")
	}
	var sla map[string]slaVars
	if slaT != nil {
		sla = addSLA(m, slaT, "sla")
	}
	// The period's months in the per-month table.
	var period []map[string]int
	from, err1 := time.Parse("2006-01-02", doc.reqFrom)
	to, err2 := time.Parse("2006-01-02", doc.reqTo)
	if err1 == nil && err2 == nil {
		for _, r := range sevT.rows {
			if mo, ok := monthOf(r.label); ok && !mo.Before(time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)) && !mo.After(to) {
				period = append(period, sev[r.label])
			}
		}
	}
	if res != nil && len(period) > 0 && len(resT.rows) > 0 {
		// Each severity column of the per-month table: the period's sum is that
		// severity's calls in time to resolve (0 when not listed there, unless the
		// table lists no severity at all: collapsed to its All row).
		groupsListed := false
		for _, r := range resT.rows {
			groupsListed = groupsListed || !strings.EqualFold(r.label, "All")
		}
		for _, j := range sevT.countCols() {
			name := sevT.cols[j].name
			label := name
			if normKey(name) == "all" {
				label = "All"
			} else if !groupsListed {
				continue
			}
			var parts []int
			for _, row := range period {
				parts = append(parts, row[normKey(name)])
			}
			g, ok := res[label]
			if !ok {
				for _, r := range resT.rows {
					if normKey(r.label) == normKey(label) {
						g, ok = res[r.label], true
					}
				}
			}
			target := -1
			if ok {
				target = g.calls
			} else {
				target = m.zero("resolution|"+label+"|calls (not listed)", cellName("resolution", label, "calls"))
			}
			m.sum(fmt.Sprintf("the period's %s calls: per-month table = time to resolve", name), target, parts)
		}
	}
	if res != nil && sla != nil {
		for _, row := range slaT.rows {
			label, s := row.label, sla[row.label]
			if strings.EqualFold(label, "All") {
				continue
			}
			if r, ok := res[label]; ok {
				w := fmt.Sprintf("%s: time to resolve and SLA", label)
				m.same(w+", calls", r.calls, s.calls)
				m.eq(w+", still open = open breached + open within", 0, term{r.open, 1}, term{s.openBreached, -1}, term{s.openWithin, -1})
				m.same(w+", resolved before opened = not judged", r.rbo, s.notJudged)
			}
		}
	}
	resAll := -1
	if r, ok := res["All"]; ok {
		resAll = r.calls
	}
	if topT != nil {
		_, topAll := addTop(m, topT, "top categories")
		m.same("All calls: top categories = time to resolve", topAll, resAll)
	}
	if cmpT != nil {
		cmp := addCompare(m, cmpT, "compare")
		if c, ok := cmp["All"]; ok {
			if r, ok := res["All"]; ok {
				m.same("All calls: compare = time to resolve", c.calls, r.calls)
				m.same("All resolved: compare = time to resolve", c.resolved, r.resolved)
				m.same("All still open: compare = time to resolve", c.open, r.open)
				m.same("All resolved before opened: compare = time to resolve", c.rbo, r.rbo)
			}
			if s, ok := sla["All"]; ok {
				m.same("All met: compare = SLA", c.met, s.met)
				m.same("All breached: compare = SLA", c.breached, s.breached)
				m.same("All open past target: compare = SLA open breached", c.pastTarget, s.openBreached)
			}
		}
	}
}

// buildModel reads one published output of command as a reader would.
func buildModel(m *model, command string, doc *pubDoc, id string) {
	if len(doc.tables) == 0 {
		m.notes = append(m.notes, id+": no table")
		return
	}
	tb := doc.tables[0]
	switch command {
	case "breakdown":
		addBreakdown(m, tb, id)
	case "trend":
		addTrend(m, tb, id, doc.reqFrom == "")
	case "resolution":
		addResolution(m, tb, id)
	case "sla":
		if strings.Contains(strings.ToLower(tb.title), "export's own verdict") {
			addCheck(m, tb, id)
		} else {
			addSLA(m, tb, id)
		}
	case "states":
		addStates(m, tb, id)
	case "changes":
		addChanges(m, tb, id)
	case "compare":
		addCompare(m, tb, id)
	case "monthly":
		addMonthly(m, doc)
	default:
		m.notes = append(m.notes, "no reader for "+command)
	}
}

// attackOne publishes args under pol, reads it as an intruder would and audits it.
func attackOne(t *testing.T, p *publisher, args []string, pol sdcPolicy, seed uint64) {
	t.Helper()
	doc := p.publish(t, args, pol)
	// Run charts rest on every month's count (their means give back a column's
	// total, their runs which side of it each month is): never under a policy.
	if rt := doc.find("run charts"); rt != nil && len(rt.rows) > 0 {
		t.Errorf("%s: the run charts are published under %s", shellLine(args), pol.name)
	}
	truth := p.truth(t, args)
	m := newModel(pol, doc)
	buildModel(m, args[0], doc, args[0])
	tm := newModel(polNone, truth)
	buildModel(tm, args[0], truth, args[0])
	extra := map[string]int{}
	if args[0] == "monthly" {
		extra = topCategoryTruths(t, p, args, doc)
	}
	m.setTruth(tm, extra)
	for _, n := range m.notes {
		t.Errorf("%s: %s", doc.command, n)
	}
	reportAudit(t, args[0], []*pubDoc{doc}, m.audit(seed))
}

// topCategoryTruths: the pack's top categories under a policy are chosen by what is
// printed, so their true counts come from the breakdown of the same calls.
func topCategoryTruths(t *testing.T, p *publisher, args []string, doc *pubDoc) map[string]int {
	out := map[string]int{}
	topT := doc.find("top categories")
	if topT == nil || doc.reqFrom == "" || doc.reqTo == "" {
		return out
	}
	bd := []string{"breakdown"}
	for i := 1; i < len(args); i++ {
		switch {
		case i == 1 && regexp.MustCompile(`^\d{4}-\d{2}$`).MatchString(args[i]): // the pack's month
		case args[i] == "--from" || args[i] == "--to":
			i++ // the period is given below, as the pack states it
		case strings.HasPrefix(args[i], "--from=") || strings.HasPrefix(args[i], "--to="):
		default:
			bd = append(bd, args[i])
		}
	}
	bd = append(bd, "--from", doc.reqFrom, "--to", doc.reqTo, "--by", "category")
	truth := p.truth(t, bd)
	if len(truth.tables) == 0 {
		return out
	}
	counts := map[string]int{}
	total := 0
	bt := truth.tables[0]
	j, ti := bt.countCol(), bt.totalRow()
	for i, r := range bt.rows {
		if j < 0 || (i == ti && bt.total == nil) {
			continue
		}
		if c := r.cells[j]; c.kind == pubNum {
			counts[r.label] = int(c.num)
			total += int(c.num)
		}
	}
	listed := 0
	var other string
	for _, r := range topT.rows {
		switch {
		case strings.EqualFold(r.label, "All"):
			out["top categories|All|calls"] = total
		case otherRowRE.MatchString(r.label):
			other = r.label
		default:
			if c, ok := counts[r.label]; ok {
				out["top categories|"+r.label+"|calls"] = c
				listed += c
			}
		}
	}
	if other != "" {
		out["top categories|"+other+"|calls"] = total - listed
	}
	return out
}

// ---------------------------------------------------------------------------
// Generated exports: small call logs, whole minutes, in UTC.

type genOpts struct {
	calls      int
	start      time.Time
	days       int
	categories []string
	suppliers  []string // "" leaves the supplier blank
	openShare  float64
	rboShare   float64 // calls resolved before they were opened
	sevWeights [5]int
}

var genCategories = []string{"Access to LCS", "Printer Issues", "Slow network response", "Access to Homefinders",
	"Access to Microsoft Outlook", "User error", "Intranet access", "Capita One", "Mosaic", "Trapeze", "Careworks", "Telephony"}

func genLog(r *rand.Rand, o genOpts) string {
	var b strings.Builder
	b.WriteString("Reference,Opened,Resolved,Severity,Service,Category,Supplier\n")
	catW := make([]int, len(o.categories))
	for i := range catW {
		catW[i] = 1 + r.IntN(6)
	}
	pick := func(w []int) int {
		tot := 0
		for _, x := range w {
			tot += x
		}
		n := r.IntN(tot)
		for i, x := range w {
			if n < x {
				return i
			}
			n -= x
		}
		return len(w) - 1
	}
	for i := 0; i < o.calls; i++ {
		opened := o.start.Add(time.Duration(r.IntN(o.days*24*60)) * time.Minute)
		resolved := ""
		switch f := r.Float64(); {
		case f < o.openShare:
		case f < o.openShare+o.rboShare:
			resolved = opened.Add(-time.Duration(10+r.IntN(600)) * time.Minute).Format("2006-01-02 15:04")
		default:
			var d int
			if r.IntN(10) < 7 {
				d = 5 + r.IntN(600)
			} else {
				d = 600 + r.IntN(20000)
			}
			resolved = opened.Add(time.Duration(d) * time.Minute).Format("2006-01-02 15:04")
		}
		sev := 1 + pick(o.sevWeights[:])
		sup := ""
		if len(o.suppliers) > 0 {
			sup = o.suppliers[r.IntN(len(o.suppliers))]
		}
		fmt.Fprintf(&b, "INC%04d,%s,%s,%d,Children's Social Care,%s,%s\n", 1000+i, opened.Format("2006-01-02 15:04"),
			resolved, sev, o.categories[pick(catW)], sup)
	}
	return b.String()
}

func writeLog(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// randomOpts: a small log of 5..40 calls over days, a few categories and suppliers.
func randomOpts(r *rand.Rand, days int) genOpts {
	nc := 2 + r.IntN(5)
	cats := append([]string{}, genCategories...)
	r.Shuffle(len(cats), func(i, j int) { cats[i], cats[j] = cats[j], cats[i] })
	sups := [][]string{{"Southwest One", "Council ICT"}, {"Southwest One", "Council ICT", "Acme"}, {"Southwest One", "Council ICT", ""}}
	return genOpts{
		calls:      5 + r.IntN(36),
		start:      time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		days:       days,
		categories: cats[:nc],
		suppliers:  sups[r.IntN(len(sups))],
		openShare:  0.1 * r.Float64(),
		sevWeights: [5]int{1 + r.IntN(4), 1 + r.IntN(4), 1 + r.IntN(3), 1 + r.IntN(2), r.IntN(2)},
	}
}

var genTZ = []string{"--tz", "Etc/UTC"}

// ---------------------------------------------------------------------------
// The tests.

// TestIntruderSolver checks the attack itself on hand-made outputs, independent of
// deskstat: it must find a pinned cell where there is one, and none where there is
// none.
func TestIntruderSolver(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		leaks int
	}{
		{"four small rows and a small total pin every row to 1 and the total to 4",
			`{"by":"category","total":"<5","rows":[{"category":"a","count":"<5"},{"category":"b","count":"<5"},{"category":"c","count":"<5"},{"category":"d","count":"<5"}]}`, 5},
		{"two small rows adding to 7 exclude 1 and 2",
			`{"by":"category","total":7,"rows":[{"category":"a","count":"<5"},{"category":"b","count":"<5"}]}`, 2},
		{"a secondary x keeps both small rows whole",
			`{"by":"category","total":12,"rows":[{"category":"a","count":"<5"},{"category":"b","count":"<5"},{"category":"c","count":"x"}]}`, 0},
		{"one hidden row among shown ones is the total less the rest",
			`{"by":"category","total":12,"rows":[{"category":"a","count":10},{"category":"b","count":"<5"}]}`, 1},
		{"a collapsed table leaves only its total",
			`{"by":"category","total":"<5","rows":[]}`, 0},
		{"a backlog recurrence pins a small resolved count",
			`{"columns":[{"name":"month"},{"name":"created","unit":"calls"},{"name":"resolved","unit":"calls"},{"name":"backlog at end","unit":"calls"}],
			  "rows":[{"month":"2024-01","created":6,"resolved":0,"backlog_at_end":6},{"month":"2024-02","created":0,"resolved":"<5","backlog_at_end":3}]}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parsePublished([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			cmd := "breakdown"
			if doc.tables[0].total == nil {
				cmd = "trend"
			}
			m := newModel(polLT5, doc)
			buildModel(m, cmd, doc, cmd)
			res := m.audit(1)
			if len(res.problems) > 0 {
				t.Fatalf("problems: %v", res.problems)
			}
			if len(res.leaks) != tt.leaks {
				t.Errorf("found %d leaks, want %d:\n%s", len(res.leaks), tt.leaks, strings.Join(res.leaks, "\n"))
			}
		})
	}
	// The search against brute force on random small systems: the values it finds
	// possible for each variable are exactly those some full assignment allows.
	for seed := uint64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		m := &model{pol: polLT5, cap: 6, byKey: map[string]int{}}
		n := 3 + r.IntN(4)
		truth := make([]int, n)
		for i := 0; i < n; i++ {
			lo := r.IntN(3)
			hi := lo + r.IntN(5)
			truth[i] = lo + r.IntN(hi-lo+1)
			m.aux(fmt.Sprint("v", i), fmt.Sprint("v", i), lo, hi)
		}
		for k := 0; k < 1+r.IntN(3); k++ {
			var ts []term
			c := 0
			for i := 0; i < n; i++ {
				if r.IntN(2) == 0 {
					a := []int{1, -1, 2}[r.IntN(3)]
					ts = append(ts, term{i, a})
					c += a * truth[i]
				}
			}
			if len(ts) > 0 {
				m.eq("random", c+r.IntN(2), ts...)
			}
		}
		if r.IntN(2) == 0 {
			m.pred("even", []int{r.IntN(n)}, func(v []int) bool { return v[0]%2 == 0 })
		}
		if r.IntN(2) == 0 {
			a, b := r.IntN(n), r.IntN(n)
			m.pred("a <= b", []int{a, b}, func(v []int) bool { return v[0] <= v[1] })
		}
		m.index()
		// brute force
		want := make([]map[int]bool, n)
		for i := range want {
			want[i] = map[int]bool{}
		}
		vals := make([]int, n)
		var rec func(i int)
		rec = func(i int) {
			if i == n {
				for _, c := range m.lins {
					sum := 0
					for _, tm := range c.terms {
						sum += tm.a * vals[tm.v]
					}
					if sum != c.c {
						return
					}
				}
				for _, p := range m.preds {
					pv := make([]int, len(p.vars))
					for j, v := range p.vars {
						pv[j] = vals[v]
					}
					if !p.ok(pv) {
						return
					}
				}
				for j, v := range vals {
					want[j][v] = true
				}
				return
			}
			for v := m.vars[i].lo; v <= m.vars[i].hi; v++ {
				vals[i] = v
				rec(i + 1)
			}
		}
		rec(0)
		s := &search{m: m, rng: rand.New(rand.NewPCG(seed, 7)), budget: searchBudget}
		for i := 0; i < n; i++ {
			for v := m.vars[i].lo; v <= m.vars[i].hi; v++ {
				lo, hi := make([]int, n), make([]int, n)
				all := make([]int, n)
				for j := range lo {
					lo[j], hi[j], all[j] = m.vars[j].lo, m.vars[j].hi, j
				}
				lo[i], hi[i] = v, v
				got := m.propagate(lo, hi, all) && s.solveAll(lo, hi) != nil
				if got != want[i][v] {
					t.Fatalf("seed %d: v%d = %d: search says %v, brute force %v", seed, i, v, got, want[i][v])
				}
			}
		}
	}

	// The whole-minutes reading of a mean: 5.625 h over 1..4 calls fits 2 and 4 only.
	m := &model{pol: polONS, cap: 100, byKey: map[string]int{}}
	n := m.aux("n", "n", 1, 4)
	m.wholeMinutes("mean", n, readPubCell(json.Number("5.625")))
	var ok []int
	for v := 1; v <= 4; v++ {
		if m.preds[0].ok([]int{v}) {
			ok = append(ok, v)
		}
	}
	if fmt.Sprint(ok) != "[2 4]" {
		t.Errorf("a mean of 5.625 h fits timed counts %v, want [2 4]", ok)
	}
}

// Case 1: the breakdown by category under each policy.
func TestIntruderBreakdown(t *testing.T) {
	p := newPublisher()
	sample := []struct {
		name string
		args []string
		pol  sdcPolicy
	}{
		{"sample Sev 1&2 Sept 2014 by category lt5 (four <5 rows under a <5 total)",
			[]string{"breakdown", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2014-09", "--to", "2014-09"}, polLT5},
		{"sample FOI Children's Social Care June 2013-Sept 2014 lt5",
			[]string{"breakdown", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2013-06", "--to", "2014-09", "--where", "service=Children's Social Care"}, polLT5},
		{"sample FOI Children's Social Care June 2013-Sept 2014 dfe",
			[]string{"breakdown", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2013-06", "--to", "2014-09", "--where", "service=Children's Social Care"}, polDFE},
		{"sample FOI Children's Social Care June 2013-Sept 2014 ons",
			[]string{"breakdown", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2013-06", "--to", "2014-09", "--where", "service=Children's Social Care"}, polONS},
		{"sample Sev 1&2 by supplier 2014 lt5",
			[]string{"breakdown", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2014-01", "--to", "2014-12", "--by", "supplier"}, polLT5},
	}
	for i, tt := range sample {
		t.Run(tt.name, func(t *testing.T) { attackOne(t, p, tt.args, tt.pol, uint64(i)) })
	}
	for seed := uint64(1); seed <= 10; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		o := randomOpts(r, 60)
		path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 2)), o))
		for _, pol := range intruderPolicies {
			args := append([]string{"breakdown", path, "--by", "category"}, genTZ...)
			if seed%4 == 0 {
				args = append(args, "--severity", "1,2")
			}
			if seed%5 == 0 {
				args[3] = "supplier"
			}
			name := fmt.Sprintf("random seed %d %d calls by %s %s", seed, o.calls, args[3], pol.name)
			t.Run(name, func(t *testing.T) {
				attackOne(t, p, args, pol, seed)
			})
		}
	}
}

// Case 2: the trend (week, month) with severity filters.
func TestIntruderTrend(t *testing.T) {
	p := newPublisher()
	sample := []struct {
		name string
		args []string
		pol  sdcPolicy
	}{
		{"sample weekly Sev 4 lt5", []string{"trend", sampleXLSX, "--profile", sampleProfile, "--interval", "week", "--severity", "4"}, polLT5},
		{"sample monthly Sev 1&2 Mar-Sept 2014 lt5", []string{"trend", sampleXLSX, "--profile", sampleProfile, "--interval", "month", "--severity", "1,2", "--from", "2014-03", "--to", "2014-09"}, polLT5},
		{"sample weekly Sev 1 dfe", []string{"trend", sampleXLSX, "--profile", sampleProfile, "--interval", "week", "--severity", "1"}, polDFE},
		{"sample monthly Sev 1&2 ons", []string{"trend", sampleXLSX, "--profile", sampleProfile, "--interval", "month", "--severity", "1,2"}, polONS},
	}
	for i, tt := range sample {
		t.Run(tt.name, func(t *testing.T) { attackOne(t, p, tt.args, tt.pol, uint64(i)) })
	}
	for seed := uint64(1); seed <= 10; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		interval, days := "month", 100
		if seed%2 == 0 {
			interval, days = "week", 35
		}
		o := randomOpts(r, days)
		path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 4)), o))
		for k, pol := range []sdcPolicy{intruderPolicies[seed%5], intruderPolicies[(seed+2)%5]} {
			args := append([]string{"trend", path, "--interval", interval}, genTZ...)
			switch (seed + uint64(k)) % 3 {
			case 1:
				args = append(args, "--severity", "1,2")
			case 2:
				args = append(args, "--severity", "3")
			}
			if seed%3 == 0 {
				args = append(args, "--from", o.start.AddDate(0, 0, 7).Format("2006-01-02"))
			}
			filters := strings.Join(args[4+len(genTZ):], " ")
			if filters == "" {
				filters = "all severities"
			}
			name := fmt.Sprintf("random seed %d %d calls %s %s %s", seed, o.calls, interval, filters, pol.name)
			t.Run(name, func(t *testing.T) {
				attackOne(t, p, args, pol, seed)
			})
		}
	}
}

// Case 3: time to resolve, SLA and the supplier comparison, by severity and supplier.
// (The ageing table is printed only inside the monthly pack: see the pack's test.)
func TestIntruderMeasures(t *testing.T) {
	p := newPublisher()
	base := []string{sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2014-06", "--to", "2014-09"}
	var sample []struct {
		name string
		args []string
		pol  sdcPolicy
	}
	for _, c := range [][]string{{"resolution"}, {"resolution", "--by", "supplier"}, {"sla"}, {"sla", "--by", "supplier"}, {"compare", "--by", "supplier"}} {
		for _, pol := range []sdcPolicy{polLT5, polONS} {
			sample = append(sample, struct {
				name string
				args []string
				pol  sdcPolicy
			}{fmt.Sprintf("sample %s Sev 1&2 June-Sept 2014 %s", strings.Join(c, " "), pol.name), append(append([]string{c[0]}, base...), c[1:]...), pol})
		}
	}
	sample = append(sample, struct {
		name string
		args []string
		pol  sdcPolicy
	}{"sample resolution Sev 1&2 Sept 2014 lt5 (two <5 severities under a <5 All)",
		[]string{"resolution", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2014-09", "--to", "2014-09"}, polLT5})
	for i, tt := range sample {
		t.Run(tt.name, func(t *testing.T) { attackOne(t, p, tt.args, tt.pol, uint64(i)) })
	}
	commands := [][]string{{"resolution"}, {"resolution", "--by", "supplier"}, {"sla"}, {"sla", "--by", "supplier"}, {"compare", "--by", "supplier"}}
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		o := randomOpts(r, 60)
		if seed%3 == 0 {
			o.rboShare = 0.1
		}
		path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 6)), o))
		for k, c := range commands {
			pol := intruderPolicies[(seed+uint64(k))%5]
			args := append(append([]string{c[0], path}, c[1:]...), genTZ...)
			name := fmt.Sprintf("random seed %d %d calls %s %s", seed, o.calls, strings.Join(c, " "), pol.name)
			t.Run(name, func(t *testing.T) {
				attackOne(t, p, args, pol, seed)
			})
		}
	}
}

// Event logs: the SLA recomputed against the export's own verdict (sla --check)
// and the time in each state, on generated event logs with waits, reopenings and
// a made_sla flag, under every policy.
func TestIntruderHistory(t *testing.T) {
	p := newPublisher()
	commands := [][]string{{"sla", "--check"}, {"sla", "--check", "--by", "supplier"}, {"states"}, {"states", "--by", "severity"}, {"sla"}}
	for seed := uint64(1); seed <= 4; seed++ {
		path := writeLog(t, genEventLog(rand.New(rand.NewPCG(seed, 9)), 5+int(seed)*7))
		for k, c := range commands {
			pol := intruderPolicies[(seed+uint64(k))%5]
			args := append(append([]string{c[0], path}, c[1:]...), genTZ...)
			t.Run(fmt.Sprintf("seed %d %s %s", seed, strings.Join(c, " "), pol.name), func(t *testing.T) {
				attackOne(t, p, args, pol, seed)
			})
		}
	}
}

// The time in each state alone and by severity, published together: a state's
// calls in the one are its All in the other, so the groups hidden in the second
// must not be worked out from the first (an audit found 9 - 7 = 2 from two such
// releases). On the helper's case (nine calls, two of them Sev 2) and generated logs.
func TestIntruderStatesTogether(t *testing.T) {
	p := newPublisher()
	var b strings.Builder
	b.WriteString("number,opened_at,sys_updated_at,incident_state,priority\n")
	for i := 1; i <= 9; i++ {
		pri := "3 - Moderate"
		if i >= 8 {
			pri = "2 - High"
		}
		day := fmt.Sprintf("2024-01-%02d", i)
		for _, e := range []struct{ at, state string }{{"09:00", "New"}, {"10:00", "Awaiting User Info"}, {"12:00", "Resolved"}} {
			fmt.Fprintf(&b, "T%d,%s 09:00,%s %s,%s,%s\n", i, day, day, e.at, e.state, pri)
		}
	}
	logs := []string{writeLog(t, b.String())}
	for seed := uint64(1); seed <= 3; seed++ {
		logs = append(logs, writeLog(t, genEventLog(rand.New(rand.NewPCG(seed, 11)), 8+int(seed)*5)))
	}
	for i, path := range logs {
		for _, pol := range []sdcPolicy{polLT5, intruderPolicies[(i+1)%5]} {
			t.Run(fmt.Sprintf("log %d %s", i, pol.name), func(t *testing.T) {
				rel := filepath.Join(t.TempDir(), "releases.json")
				alone := append([]string{"states", path}, genTZ...)
				by := append(append([]string{}, alone...), "--by", "severity")
				d1 := p.publish(t, alone, pol, "--release-log", rel)
				d2 := p.publish(t, by, pol, "--release-log", rel)
				build := func(m *model, a, b *pubDoc) {
					s1, s2 := addStates(m, a.tables[0], "alone"), addStates(m, b.tables[0], "by severity")
					for st, v := range s1 {
						if w, ok := s2[st]; ok {
							m.same(fmt.Sprintf("%q: alone = by severity's All", st), v, w)
						}
					}
				}
				m := newModel(pol, d1, d2)
				build(m, d1, d2)
				tm := newModel(polNone, p.truth(t, alone), p.truth(t, by))
				build(tm, p.truth(t, alone), p.truth(t, by))
				m.setTruth(tm, nil)
				reportAudit(t, "states alone and by severity", []*pubDoc{d1, d2}, m.audit(uint64(i)))
			})
		}
	}
}

// A two-way table published with the one-way breakdowns that are its margins: a
// reader knows each row's cells add up to its total, each column's to All, and
// both margins from the breakdowns.
func TestIntruderCrosstab(t *testing.T) {
	p := newPublisher()
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 12))
		o := randomOpts(r, 90)
		o.calls += 30
		path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 13)), o))
		for _, pol := range []sdcPolicy{polLT5, intruderPolicies[seed%5]} {
			t.Run(fmt.Sprintf("seed %d %d calls %s", seed, o.calls, pol.name), func(t *testing.T) {
				rel := filepath.Join(t.TempDir(), "releases.json")
				base := append([]string{"breakdown", path}, genTZ...)
				two := append(append([]string{}, base...), "--by", "category", "--across", "severity")
				byCat := append(append([]string{}, base...), "--by", "category")
				bySev := append(append([]string{}, base...), "--by", "severity")
				docs := []*pubDoc{p.publish(t, two, pol, "--release-log", rel), p.publish(t, byCat, pol, "--release-log", rel), p.publish(t, bySev, pol, "--release-log", rel)}
				truths := []*pubDoc{p.truth(t, two), p.truth(t, byCat), p.truth(t, bySev)}
				build := func(m *model, d []*pubDoc) {
					rows, cols, grand := addCrosstab(m, d[0].tables[0], "two-way")
					cat, catTotal := addBreakdown(m, d[1].tables[0], "by category")
					sev, sevTotal := addBreakdown(m, d[2].tables[0], "by severity")
					for k, v := range rows {
						m.same(fmt.Sprintf("%q: a row total is the breakdown's", k), v, cat[k])
					}
					for k, v := range cols {
						m.same(fmt.Sprintf("%q: a column total is the breakdown's", k), v, sev[k])
					}
					m.same("the two-way table's All is each breakdown's total", grand, catTotal)
					m.same("the two breakdowns' totals", catTotal, sevTotal)
				}
				m := newModel(pol, docs...)
				build(m, docs)
				tm := newModel(polNone, truths...)
				build(tm, truths)
				m.setTruth(tm, nil)
				reportAudit(t, "two-way table and its margins", docs, m.audit(seed))
			})
		}
	}
}

// The change of a month against the year before, under every policy, on logs of
// fourteen months: the counts add up to All, the mean and the ratio give counts
// back where printed.
func TestIntruderChanges(t *testing.T) {
	p := newPublisher()
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 14))
		o := randomOpts(r, 420)
		o.calls += 60
		path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 15)), o))
		for k, by := range []string{"severity", "category"} {
			pol := intruderPolicies[(seed+uint64(k))%5]
			args := append([]string{"changes", "2025-01", path, "--by", by}, genTZ...)
			t.Run(fmt.Sprintf("seed %d %d calls by %s %s", seed, o.calls, by, pol.name), func(t *testing.T) {
				attackOne(t, p, args, pol, seed)
			})
		}
	}
}

// genEventLog: a ServiceNow-shaped event log of n incidents, each New, maybe
// waiting on the user, maybe resolved and reopened, resolved or still open, with
// its made_sla flag.
func genEventLog(r *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("number,incident_state,sys_mod_count,opened_at,sys_updated_at,resolved_at,priority,made_sla,vendor\n")
	at := func(t time.Time) string { return t.Format("2006-01-02 15:04") }
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("INC%04d", 1000+i)
		opened := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(60*24*60)) * time.Minute)
		pri := []string{"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}[r.IntN(4)]
		made := []string{"true", "false"}[r.IntN(2)]
		sup := []string{"Southwest One", "Council ICT"}[r.IntN(2)]
		now, mod := opened, 0
		row := func(state, resolved string) {
			fmt.Fprintf(&b, "%s,%s,%d,%s,%s,%s,%s,%s,%s\n", id, state, mod, at(opened), at(now), resolved, pri, made, sup)
			mod++
			now = now.Add(time.Duration(5+r.IntN(3000)) * time.Minute)
		}
		row("New", "")
		if r.IntN(2) == 0 {
			row("Awaiting User Info", "")
			row("Active", "")
		}
		if r.IntN(4) == 0 {
			row("Resolved", at(now))
			row("Active", "")
		}
		if r.IntN(6) > 0 {
			row("Resolved", at(now))
		}
	}
	return b.String()
}

// Case 4: the monthly pack, its tables read together.
func TestIntruderMonthlyPack(t *testing.T) {
	p := newPublisher()
	sample := []struct {
		name string
		args []string
		pol  sdcPolicy
	}{
		{"sample pack Feb 2014 Sev 1&2 lt5", []string{"monthly", "2014-02", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2"}, polLT5},
		{"sample pack Sept 2014 lt5", []string{"monthly", "2014-09", sampleXLSX, "--profile", sampleProfile}, polLT5},
		{"sample pack Sept 2014 ons", []string{"monthly", "2014-09", sampleXLSX, "--profile", sampleProfile}, polONS},
		{"sample pack Q3 2014 Sev 1&2 dfe", []string{"monthly", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2014-07", "--to", "2014-09"}, polDFE},
		// A period ending within a month: the severity table cuts it there, and the
		// period's calls by severity are its rows added up (an audit found August's
		// Sev 1 and 2 pinned when the table counted all September).
		{"sample pack 1 Aug to 29 Sep 2014 lt5", []string{"monthly", sampleXLSX, "--profile", sampleProfile, "--from", "2014-08-01", "--to", "2014-09-29"}, polLT5},
	}
	for i, tt := range sample {
		t.Run(tt.name, func(t *testing.T) { attackOne(t, p, tt.args, tt.pol, uint64(i)) })
	}
	// Two years of steady counts with one month's Sev 3 and one's Sev 2 far down:
	// hidden in the severity table, and the change table's baseline (the 12
	// months before, added up) gives either back unless the pack is protected
	// against it too.
	t.Run("dips in a steady log lt5", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("Reference,Opened,Resolved,Severity,Service,Category,Supplier\n")
		n := 0
		for i := 0; i < 24; i++ {
			month := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, i, 0)
			for sev, count := range []int{5, 6, 10, 8} {
				switch {
				case sev == 2 && i == 17, sev == 1 && i == 20:
					count = 2
				}
				for k := 0; k < count; k++ {
					opened := month.Add(time.Duration(k*26+sev*5) * time.Hour)
					fmt.Fprintf(&b, "INC%05d,%s,%s,%d,Children's Social Care,Printer Issues,Council ICT\n", n,
						opened.Format("2006-01-02 15:04"), opened.Add(3*time.Hour).Format("2006-01-02 15:04"), sev+1)
					n++
				}
			}
		}
		path := writeLog(t, b.String())
		attackOne(t, p, append([]string{"monthly", "2024-11", path}, genTZ...), polLT5, 99)
	})
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		o := randomOpts(r, 90)
		pol := intruderPolicies[seed%5]
		month := o.start.AddDate(0, 2, 0).Format("2006-01")
		if seed > 3 {
			// Two years of a busier desk, few Sev 1 and 2: a change table and a
			// severity table partly published, the change's baseline the 12
			// months before in the severity table.
			o.days, o.calls = 730, 500+r.IntN(400)
			o.sevWeights = [5]int{1, 1 + r.IntN(3), 12, 10, r.IntN(2)}
			month = o.start.AddDate(0, 23, 0).Format("2006-01")
		}
		name := fmt.Sprintf("random seed %d %d calls pack %s %s", seed, o.calls, month, pol.name)
		t.Run(name, func(t *testing.T) {
			path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 8)), o))
			args := append([]string{"monthly", month, path}, genTZ...)
			if seed%2 == 0 {
				args = append(args, "--severity", "1,2")
			}
			attackOne(t, p, args, pol, seed)
		})
	}
}

// Case 5: two releases over overlapping periods (differencing). Both are published;
// per category the longer period's count less the shorter's is the count of the month
// between: when that is truly 1..T-1, all of 1..T-1 must stay possible. deskstat is to
// keep the releases it made in --release-log FILE.
func TestIntruderDifferencing(t *testing.T) {
	p := newPublisher()
	type release struct {
		name        string
		base        []string
		long, short []string
		pol         sdcPolicy
	}
	cases := []release{{
		name:  "sample FOI Children's Social Care Sev 1&2 to Sept 2014 then to Aug 2014 lt5",
		base:  []string{"breakdown", sampleXLSX, "--profile", sampleProfile, "--severity", "1,2", "--from", "2013-06", "--where", "service=Children's Social Care"},
		long:  []string{"--to", "2014-09"},
		short: []string{"--to", "2014-08"},
		pol:   polLT5,
	}}
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 9))
		o := randomOpts(r, 60)
		cases = append(cases, release{
			name:  fmt.Sprintf("random seed %d %d calls to 1 Mar then to 29 Feb %s", seed, o.calls, intruderPolicies[seed%5].name),
			base:  append([]string{"breakdown", writeLog(t, genLog(rand.New(rand.NewPCG(seed, 10)), o))}, genTZ...),
			long:  []string{"--to", "2024-03-01"},
			short: []string{"--to", "2024-02-29"},
			pol:   intruderPolicies[seed%5],
		})
	}
	for i, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "releases.json")
			longArgs := append(append([]string{}, tt.base...), tt.long...)
			shortArgs := append(append([]string{}, tt.base...), tt.short...)
			d1 := p.publish(t, longArgs, tt.pol, "--release-log", log)
			d2 := p.publish(t, shortArgs, tt.pol, "--release-log", log)
			t1, t2 := p.truth(t, longArgs), p.truth(t, shortArgs)

			build := func(m *model, a, b *pubDoc) {
				r1, tot1 := addBreakdown(m, a.tables[0], "release 1")
				r2, tot2 := addBreakdown(m, b.tables[0], "release 2")
				labels := map[string]bool{}
				for k := range r1 {
					labels[k] = true
				}
				for k := range r2 {
					labels[k] = true
				}
				// A release that lists its groups gives 0 for a group it does not list;
				// one collapsed to its total leaves each group unknown, adding up to the
				// total (the shorter period's groups are among the longer's).
				side := func(rows map[string]int, id, k string) int {
					if v, ok := rows[k]; ok {
						return v
					}
					if len(rows) > 0 {
						return m.zero(id+"|"+k+"|count", fmt.Sprintf("%s[%q]", id, k))
					}
					return m.aux(id+"|"+k+"|count", fmt.Sprintf("%s[%q]", id, k), 0, m.cap)
				}
				var ks []string
				for k := range labels {
					ks = append(ks, k)
				}
				sort.Strings(ks)
				var s1, s2 []int
				for _, k := range ks {
					a1, a2 := side(r1, "release 1", k), side(r2, "release 2", k)
					s1, s2 = append(s1, a1), append(s2, a2)
					d := m.addVar(mvar{key: "diff|" + k, name: fmt.Sprintf("release 1 - release 2 [%q] (the days between)", k),
						shown: "(not printed)", lo: 0, hi: m.cap, check: checkDiff, truthFrom: []term{{a1, 1}, {a2, -1}}})
					m.eq(fmt.Sprintf("%q: the longer period's count = the shorter's + the days between", k), 0, term{a1, 1}, term{a2, -1}, term{d, -1})
				}
				if len(r1) == 0 && tot1 >= 0 && len(ks) > 0 {
					rest := m.aux("release 1|other groups", "release 1 groups release 2 does not list", 0, m.cap)
					m.sum("release 1 (collapsed): its groups add up to its total", tot1, append(s1, rest))
				}
				if len(r2) == 0 && tot2 >= 0 && len(ks) > 0 {
					m.sum("release 2 (collapsed): its groups, all among release 1's, add up to its total", tot2, s2)
				}
				if tot1 >= 0 && tot2 >= 0 {
					d := m.addVar(mvar{key: "diff|total", name: "release 1 - release 2 total (the days between)", shown: "(not printed)",
						lo: 0, hi: m.cap, check: checkDiff, truthFrom: []term{{tot1, 1}, {tot2, -1}}})
					m.eq("the longer period's total = the shorter's + the days between", 0, term{tot1, 1}, term{tot2, -1}, term{d, -1})
				}
			}
			m := newModel(tt.pol, d1, d2)
			build(m, d1, d2)
			tm := newModel(polNone, t1, t2)
			build(tm, t1, t2)
			m.setTruth(tm, nil)
			reportAudit(t, "two releases", []*pubDoc{d1, d2}, m.audit(uint64(i)))
		})
	}
}

// Case 6: under ons, means and medians printed with many decimals rest on the true
// number of timed calls, which the rounded counts are meant to hide: times are whole
// minutes, so mean × 60 × n must be whole, and few n in a rounded count's ±2 fit.
func TestIntruderOnsMeans(t *testing.T) {
	p := newPublisher()
	t.Run("sample resolution Sev 1-4 2014 by severity ons", func(t *testing.T) {
		attackOne(t, p, []string{"resolution", sampleXLSX, "--profile", sampleProfile, "--from", "2014-01", "--to", "2014-12"}, polONS, 1)
	})
	t.Run("sample compare by supplier 2014 ons", func(t *testing.T) {
		attackOne(t, p, []string{"compare", sampleXLSX, "--profile", sampleProfile, "--from", "2014-01", "--to", "2014-12", "--by", "supplier"}, polONS, 2)
	})
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		o := randomOpts(r, 60)
		o.calls = 18 + r.IntN(23)
		o.openShare = 0
		o.suppliers = []string{"Southwest One", "Council ICT"}
		o.sevWeights = [5]int{3, 3, 1, 0, 0}
		path := writeLog(t, genLog(rand.New(rand.NewPCG(seed, 12)), o))
		for _, c := range [][]string{{"resolution", "--by", "supplier"}, {"compare", "--by", "supplier"}} {
			args := append(append([]string{c[0], path}, c[1:]...), genTZ...)
			name := fmt.Sprintf("random seed %d %d calls %s ons", seed, o.calls, strings.Join(c, " "))
			t.Run(name, func(t *testing.T) {
				attackOne(t, p, args, polONS, seed)
			})
		}
	}
}

// The manifest written beside a suppressed output holds no count the output hides
// (the calls loaded, any other count of rows or calls) and no absolute path. Each
// command runs in the folder of its files and names them relatively, so any absolute
// path in the manifest is the manifest's own doing.
func TestIntruderManifest(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 13))
	o := randomOpts(r, 60)
	copyFile := func(t *testing.T, from, to string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string
	}{
		{"sample Sept 2014 breakdown lt5", func(t *testing.T, dir string) []string {
			copyFile(t, sampleXLSX, filepath.Join(dir, "calls.xlsx"))
			copyFile(t, sampleProfile, filepath.Join(dir, "profile.yaml"))
			return []string{"breakdown", "calls.xlsx", "--profile", "profile.yaml", "--severity", "1,2", "--from", "2014-09", "--to", "2014-09", "--suppress", "lt5"}
		}},
		{"generated log breakdown ons", func(t *testing.T, dir string) []string {
			if err := os.WriteFile(filepath.Join(dir, "calls.csv"), []byte(genLog(rand.New(rand.NewPCG(42, 14)), o)), 0o644); err != nil {
				t.Fatal(err)
			}
			return append([]string{"breakdown", "calls.csv", "--suppress", "ons"}, genTZ...)
		}},
	}
	countKey := regexp.MustCompile(`(?i)(rows|loaded|calls|tickets|count|total|read|rejected|skipped|new|updated)`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append(tt.setup(t, dir), "-o", "answer.json", "--manifest", "answer.manifest.json")
			t.Chdir(dir)
			_, errOut, code := intruderRun(args)
			if code != 0 {
				t.Fatalf("%s: exit %d:\n%s", shellLine(args), code, errOut)
			}
			b, err := os.ReadFile(filepath.Join(dir, "answer.manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("the manifest is not JSON: %v", err)
			}
			var leaks []string
			var walk func(path string, v any)
			walk = func(path string, v any) {
				switch x := v.(type) {
				case map[string]any:
					for k, c := range x {
						walk(path+"."+k, c)
					}
				case []any:
					for i, c := range x {
						walk(fmt.Sprintf("%s[%d]", path, i), c)
					}
				case float64:
					if last := path[strings.LastIndexAny(path, ".[")+1:]; countKey.MatchString(last) {
						leaks = append(leaks, fmt.Sprintf("%s = %v: a count the suppressed output withholds", path, x))
					}
				case string:
					for _, f := range strings.Fields(x) {
						if filepath.IsAbs(f) || strings.Contains(f, dir) {
							leaks = append(leaks, fmt.Sprintf("%s = %q: an absolute path", path, x))
							break
						}
					}
				}
			}
			walk("", doc)
			sort.Strings(leaks)
			if len(leaks) > 0 {
				t.Errorf("%s (in %s)\nwrote a manifest that says more than the output:\n  %s", shellLine(args), dir, strings.Join(leaks, "\n  "))
			}
		})
	}
}
