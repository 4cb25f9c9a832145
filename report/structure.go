package report

import "slices"

// What a table's counts are, declared by the query that made it, so that disclosure
// control knows every sum a reader can use without reading a label. A group is a
// row (a column when GroupsAcross); a measure a column (a row when GroupsAcross).
// Both are named by key: a group by its label as shown, a measure by Measure.Key
// (or, across, by its row's label).

// Structure declares the sums a table's counts obey.
type Structure struct {
	GroupsAcross bool // groups are columns, measures rows (compare)
	// Blocks says the rows come in blocks (their first value a Cell with a Block),
	// each block's rows adding up to its Total row: a table of states by group.
	// Additive are its measures (hours in all) that add up so too: one hidden in a
	// row of a block is hidden in all the block's rows but its total.
	Blocks   bool
	Additive []string
	// PublicMargins says the Total row and the Size column are published on their
	// own elsewhere (a two-way table's margins are its one-way breakdowns): at or
	// above the threshold they are never hidden, the inner cells hidden instead.
	PublicMargins bool
	// RowSums are rows whose Additive measures are others' added up (the time in
	// all waiting states, in each): one hidden in a part is hidden in the total.
	RowSums []RowSum
	Total   string // the group that adds up the others, "" if none
	// Size is the measure that counts a group's calls. A group is listed because it
	// has calls: a reader knows its size is at least Floor.
	Size  string
	Floor int64
	// Rest is the group that holds the groups not listed one by one ("3 other
	// categories"): at least RestFloor calls, one each. Under a policy it is
	// RestShown ("other categories"): how many would narrow a small count.
	Rest      string
	RestFloor int64
	RestShown string
	// Ranked says the groups are listed by their counts (not severities or
	// periods): under a policy they are listed by what is shown instead.
	Ranked bool
	// Sums hold in every group: the parts add up to the whole.
	Sums []Sum
	// Stock, when set, is a trend: Stock(t) = Stock(t-1) + In(t) - Out(t), in group
	// order. Before the first group the stock is not published; StartKnown says a
	// reader knows it (the data starts in the first period, so it is none).
	Stock *Stock
	// Ratios say what each percentage is, so that one over a hidden or small count is
	// hidden too.
	Ratios []Ratio
	// Timed says which figures (times) rest on how many of a group's calls: hidden
	// when those are few.
	Timed *Timed
	// Partial are the measures taken over only the calls whose export counts them
	// (reopens, reassignments), and Coverage the sentences of Definitions that say
	// what share: with a group's figures the share gives counts, so under a policy
	// the measures are hidden and the sentences dropped.
	Partial  []string
	Coverage []string
	// Against are the rows that give a group's figure less the best group's, each
	// with the measure it is taken from (compare).
	Against map[string]string
	// Means are averages over a group's calls: with counts rounded, the means of the
	// groups and of all together weigh each group by its count and give it back, so
	// under rounding they are hidden.
	Means []string
	// NotUnderPolicy, when set, says why the table is not published under a
	// disclosure policy (its figures rest on counts another table hides): under
	// one, its rows and charts are left out and this said instead.
	NotUnderPolicy string
}

// RowSum is a row (by key) whose additive measures are the Parts rows' added up.
type RowSum struct {
	Total string
	Parts []string
}

// Ratio is a percentage: 100 x the Num counts over the Den counts of the same group
// (of the total when OfTotal). Without Num the count over it is not published (a
// reader works it out from the percentage). OverTimed: over the group's timed calls
// (see Timed) where they are known. Name is the same in every table (met, share).
type Ratio struct {
	Name, Measure string
	Num, Den      []string
	OfTotal       bool
	OverTimed     bool
}

// Timed are a group's timed calls: Plus less Minus counts, or Share percent of its
// size; Measures rest on them.
type Timed struct {
	Measures    []string
	Plus, Minus []string
	Share       string
}

// Sum says that, in every group, the measures Parts add up to Whole; with Rest, the
// parts and a count not printed (which a reader works out all the same: still open
// less open past target is the calls open within it).
type Sum struct {
	Whole string
	Parts []string
	Rest  bool
}

// Stock is a trend's recurrence.
type Stock struct {
	Stock, In, Out string
	StartKnown     bool
}

// Ref names one count of a pack: a table (its index in the pack), a group and a
// measure.
type Ref struct {
	Table          int
	Group, Measure string
}

// Term is a count with a coefficient in a linear identity.
type Term struct {
	Ref
	Coef int64
}

// Identity says that the terms add up to nothing: a count that two tables of a
// pack both give (A - B = 0), or a count one table splits into parts another
// gives.
type Identity []Term

// Equal is the identity a = b.
func Equal(a, b Ref) Identity { return Identity{{a, 1}, {b, -1}} }

// SumOf is the identity whole = parts.
func SumOf(whole Ref, parts ...Ref) Identity {
	id := Identity{{whole, -1}}
	for _, p := range parts {
		id = append(id, Term{p, 1})
	}
	return id
}

// unnumberRest names the rest as RestShown, with a floor of one call: "2 other
// categories" says at least 2, which narrows a count shown as "<5".
func (s *Structure) unnumberRest(m *Measures) {
	if s.Rest == "" || s.RestShown == "" {
		return
	}
	for _, row := range m.Rows {
		if label(row[0]) == s.Rest {
			row[0] = s.RestShown
		}
	}
	s.Rest, s.RestFloor = s.RestShown, 1
}

// smallBlocks keeps only the total row of each block whose total is under the
// threshold: as a table whose total is small gives no breakdown, its rows, each
// hidden, would sum to a hidden total and narrow one another (1 + 1 = "<5" says
// neither is 4).
func (s Structure) smallBlocks(m *Measures, threshold int64) {
	if !s.Blocks || s.GroupsAcross || s.Size == "" {
		return
	}
	j := m.Column(s.Size)
	if j < 0 {
		return
	}
	small := map[string]bool{}
	for _, row := range m.Rows {
		if c, ok := row[0].(Cell); ok && c.Total {
			if n, ok := row[j].(int64); ok && n < threshold {
				small[c.Block] = true
			}
		}
	}
	if len(small) == 0 {
		return
	}
	m.Rows = slices.DeleteFunc(m.Rows, func(row []any) bool {
		c, ok := row[0].(Cell)
		return ok && !c.Total && small[c.Block]
	})
	m.Definitions = append(m.Definitions, "A state of fewer calls than the policy shows gives its All row only.")
}
