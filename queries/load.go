package queries

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Load is the loading of one file on one connection, a method a step: the ingest
// package decides what to read and how, and never writes SQL or names a table.
// The steps, in order: EarlierImport; for a workbook, Grid; Sample; the date and
// label questions; Pass (the one read of the file's rows); Counts, FirstRejects,
// Labels, MapLabels, KeepLatest, SeverityFound; then, in Begin's transaction,
// Store. End clears what the load left on the connection.
type Load struct {
	conn      *sql.Conn
	markers   []string
	gridWidth int // the Grid's columns, once made
}

// NewLoad readies conn for loading one file: the staging tables of an earlier
// load go, the loading helpers (with markers as the cell values that mean "no
// value") come.
func NewLoad(ctx context.Context, conn *sql.Conn, markers []string) (*Load, error) {
	l := &Load{conn: conn, markers: markers}
	quoted := make([]string, len(markers))
	for i, m := range markers {
		quoted[i] = "'" + strings.ReplaceAll(m, "'", "''") + "'"
	}
	macros := Template("macros", map[string]string{"Markers": strings.Join(quoted, ", "), "DateWords": dateWords})
	if _, err := conn.ExecContext(ctx, SQL("staging_drop")+macros); err != nil {
		return nil, err
	}
	return l, nil
}

// dateWords are the words a date may be written with (month names, AM/PM, zones),
// in lower case. A cell that could not be read as a date is repeated (in a reason,
// in the rejected row) only when its letters are all date words: anything else may
// be a name moved into the date column by a row missing a value.
const dateWords = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|am|pm|utc|gmt|bst|z|t`

var dateWordsRE, letterRE = regexp.MustCompile(dateWords), regexp.MustCompile(`\pL`)

// DateLike says whether a cell is written like a date: its letters, if any, are
// date words.
func DateLike(v string) bool {
	return !letterRE.MatchString(dateWordsRE.ReplaceAllString(strings.ToLower(v), ""))
}

// End drops the load's staging tables. It runs even when ctx has ended.
func (l *Load) End(ctx context.Context) {
	_, _ = l.conn.ExecContext(context.WithoutCancel(ctx), SQL("staging_drop"))
}

// Earlier is an earlier import of the same bytes.
type Earlier struct {
	ImportID   int64
	File       string
	ImportedAt time.Time
}

// EarlierImport finds the first import of a file with this SHA-256, if any.
func (l *Load) EarlierImport(ctx context.Context, sha256 string) (*Earlier, error) {
	var e Earlier
	err := l.conn.QueryRowContext(ctx, SQL("find_import"), sha256).Scan(&e.ImportID, &e.File, &e.ImportedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// TimeZone is the zone naive times are read in.
func (l *Load) TimeZone(ctx context.Context) (string, error) {
	var z string
	err := l.conn.QueryRowContext(ctx, "SELECT current_setting('TimeZone')").Scan(&z)
	return z, err
}

// Grid is a workbook's sheet held as text, a row per sheet row, for Pass to read:
// DuckDB cannot read a workbook itself.
type Grid struct {
	width int
	app   *duckdb.Appender
	conn  driver.Conn
}

// Grid makes the grid, width text columns wide, and calls fill with it; fill
// appends the sheet's rows. The grid widens as rows need.
func (l *Load) Grid(ctx context.Context, width int, fill func(*Grid) error) error {
	cols := make([]string, width)
	for i := range cols {
		cols[i] = fmt.Sprintf("column%d VARCHAR", i)
	}
	if _, err := l.conn.ExecContext(ctx, "CREATE TEMP TABLE raw ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	return l.conn.Raw(func(dc any) error {
		g := &Grid{width: width, conn: dc.(driver.Conn)}
		var err error
		if g.app, err = duckdb.NewAppender(g.conn, "temp", "main", "raw"); err != nil {
			return err
		}
		err = fill(g)
		if cerr := g.app.Close(); err == nil {
			err = cerr
		}
		l.gridWidth = g.width
		return err
	})
}

// Width is how many columns the grid has.
func (g *Grid) Width() int { return g.width }

// Append adds a row of Width values (nil for an empty cell).
func (g *Grid) Append(ctx context.Context, vals []driver.Value) error {
	return g.app.AppendRow(vals...)
}

// Widen adds columns to the grid up to to.
func (g *Grid) Widen(ctx context.Context, to int) error {
	if err := g.app.Close(); err != nil {
		return err
	}
	ex, ok := g.conn.(driver.ExecerContext)
	if !ok {
		return errors.New("cannot widen the grid")
	}
	for i := g.width; i < to; i++ {
		if _, err := ex.ExecContext(ctx, fmt.Sprintf("ALTER TABLE raw ADD COLUMN column%d VARCHAR", i), nil); err != nil {
			return err
		}
	}
	g.width = to
	var err error
	g.app, err = duckdb.NewAppender(g.conn, "temp", "main", "raw")
	return err
}

// appendRows appends rows to a temporary table through DuckDB's appender.
func (l *Load) appendRows(table string, rows [][]driver.Value) error {
	return l.conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", table)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := app.AppendRow(r...); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
}

// SampleRow is one sampled row's date cells (opened, resolved, closed, updated:
// nil where the column is missing or the cell empty), its ticket id and its first
// cell (a total row holds no dates to learn from).
type SampleRow struct {
	Dates     [4]any
	TicketID  any
	FirstCell any
}

// Sample keeps rows sampled over the file, which the date questions read.
func (l *Load) Sample(ctx context.Context, rows []SampleRow) error {
	if _, err := l.conn.ExecContext(ctx, SQL("date_sample")); err != nil {
		return err
	}
	vals := make([][]driver.Value, len(rows))
	for i, r := range rows {
		vals[i] = []driver.Value{r.Dates[0], r.Dates[1], r.Dates[2], r.Dates[3], r.TicketID, r.FirstCell}
	}
	if err := l.appendRows("date_sample", vals); err != nil {
		return err
	}
	_, err := l.conn.ExecContext(ctx, SQL("date_sample_totals"))
	return err
}

// DateEvidence counts, for one date column of the sample, the values written
// n/n/y and those that can only be day-first (first field over 12) or only
// month-first, and the values whose year has two digits and four.
type DateEvidence struct {
	Numeric, DayFirst, MonthFirst int64
	ShortYear, LongYear           int64
	Sampled                       int64 // values in the sample
}

// DateEvidence reads the day/month evidence of one date column of the sample.
func (l *Load) DateEvidence(ctx context.Context, column string) (ev DateEvidence, err error) {
	q := Template("date_evidence", map[string]string{"Column": Ident(column)})
	err = l.conn.QueryRowContext(ctx, q).Scan(&ev.Numeric, &ev.DayFirst, &ev.MonthFirst, &ev.ShortYear, &ev.LongYear, &ev.Sampled)
	return ev, err
}

// DateForms counts, among the first n sampled values of a date column, the ISO
// 8601 values, the Excel serials, the yes/no flags, and the values.
type DateForms struct{ ISO, Serial, Flags, Values int64 }

// DateForms reads the forms of one date column's first n sampled values.
func (l *Load) DateForms(ctx context.Context, column string, n int) (f DateForms, err error) {
	q := Template("date_sample_forms", map[string]any{"Column": Ident(column), "N": n})
	err = l.conn.QueryRowContext(ctx, q).Scan(&f.ISO, &f.Serial, &f.Flags, &f.Values)
	return f, err
}

// DateHits counts, over the first n sampled values of one date column, the values
// each strptime layout reads (DuckDB's strptime: the one Pass reads with).
func (l *Load) DateHits(ctx context.Context, column string, layouts []string, n int) ([]int64, error) {
	counts := make([]int64, len(layouts))
	sel := make([]string, len(layouts))
	args, dest := make([]any, len(layouts)), make([]any, len(layouts))
	for i, lay := range layouts {
		sel[i] = fmt.Sprintf("count(try_strptime(x, $%d))", i+1)
		args[i], dest[i] = lay, &counts[i]
	}
	q := fmt.Sprintf("SELECT %s FROM (SELECT %s AS x FROM date_sample WHERE %s IS NOT NULL LIMIT %d)",
		strings.Join(sel, ", "), Ident(column), Ident(column), n)
	err := l.conn.QueryRowContext(ctx, q, args...).Scan(dest...)
	return counts, err
}

// CSV is a delimited UTF-8 file for Pass to read: Width text columns (the most
// values any record holds), after its first Skip records (title and header rows,
// empty lines among them).
type CSV struct {
	Path     string
	Delim    byte
	Width    int
	Skip     int64
	Longest  int  // the bytes of the longest record: the reader needs as long a line
	Parallel bool // DuckDB's parallel reader refuses some files with newlines inside quotes
}

// DateRead is how Pass reads one date column: strptime layouts in the order to
// try them, and whether numbers are Excel date serials.
type DateRead struct {
	Layouts []string
	Serials bool
}

// Rule is a profile rule: a pattern matched against some of a call's fields.
type Rule struct {
	Name    string
	Pattern string
	Fields  []string // summary, category, subcategory; for a supplier rule, unused
}

// maxLine is the longest record the reader takes (a longer one fails the import,
// in words: see Error); the reader is given no more room than the file's longest
// record needs, from its own default of 2 MiB: more costs it parallel work.
const maxLine = 10_000_000

// Plan is what Pass needs to read the rows under the header: where they are, which
// column holds what, and how to read dates and rules.
type Plan struct {
	CSV       *CSV  // the file; nil to read the Grid
	HeaderRow int64 // the Grid's header row (1-based)
	Width     int   // how many columns, from the left, the header spans
	Mapped    map[string]int
	Names     []string            // the export's name of each column (for rejected rows), unique
	Dates     map[string]DateRead // by canonical column
	CellLimit int                 // above 0: a cell longer than this rejects its row
	Rules     []Rule
	Suppliers []Rule
	// Gaps are the rows Pass does not see (empty lines: DuckDB's reader drops
	// them), in order: each later row's number counts them.
	Gaps []Gap
}

// Gap is a run of Count rows from file row Row on that a pass does not see.
type Gap struct{ Row, Count int64 }

// errWider: a row was split into more values than the plan's columns.
var errWider = errors.New("wider")

// Pass reads the rows under the header once, converting each to canonical values
// and deciding its outcome: load, reject (with the reason and the export column at
// fault) or skip (blank and total rows). It reports the columns the rows need,
// which may exceed the plan's when DuckDB splits a row into more values than
// counted: the caller then passes again with that width.
func (l *Load) Pass(ctx context.Context, p Plan, canonical []string) (width int, err error) {
	from, args, width, first := l.source(p)
	staged := stagedColumns(p, width, canonical)
	fields := make([][]string, len(p.Rules))
	ruleNames := make([]string, len(p.Rules))
	for i, r := range p.Rules {
		fields[i], ruleNames[i] = r.Fields, r.Name
		args = append(args, sql.Named(fmt.Sprintf("rule_%d", i+1), r.Pattern))
	}
	supplierNames := make([]string, len(p.Suppliers))
	for i, r := range p.Suppliers {
		supplierNames[i] = r.Name
		args = append(args, sql.Named(fmt.Sprintf("supplier_%d", i+1), r.Pattern))
	}
	args = append(args, sql.Named("rule_names", ruleNames), sql.Named("supplier_names", supplierNames),
		sql.Named("column_names", p.Names))
	for _, col := range []string{"opened_at", "resolved_at", "closed_at", "updated_at"} {
		r, ok := p.Dates[col]
		if !ok {
			r = DateRead{Layouts: []string{"%Y"}} // an empty column: any layout will do
		}
		name := strings.TrimSuffix(col, "_at")
		args = append(args, sql.Named(name+"_layouts", r.Layouts), sql.Named(name+"_serials", r.Serials))
		args = append(args, sql.Named(name+"_header", headerOf(p, col)))
	}
	args = append(args, sql.Named("ticket_id_header", headerOf(p, "ticket_id")),
		sql.Named("opened_time_header", headerOf(p, "opened_time")), sql.Named("resolved_time_header", headerOf(p, "resolved_time")),
		sql.Named("time_serials", p.CSV == nil)) // a workbook's numbers are serials
	_, changelog := p.Mapped["change_field"]
	q := Template("normalise", map[string]any{
		"From": from, "Staged": staged, "Rule": ruleCase(fields), "Supplier": supplierCase(len(p.Suppliers)),
		"Changelog": changelog,
	})
	if _, err := l.conn.ExecContext(ctx, "DROP TABLE IF EXISTS pass"); err != nil {
		return 0, err
	}
	if _, err := l.conn.ExecContext(ctx, q, args...); err != nil {
		return 0, err
	}
	var spare bool
	if err := l.conn.QueryRowContext(ctx, "SELECT coalesce(bool_or(spare), false) FROM pass").Scan(&spare); err != nil {
		return 0, err
	}
	if spare {
		return width * 2, errWider
	}
	if err := l.rowNumbers(ctx, first, p.Gaps); err != nil {
		return 0, err
	}
	return width, nil
}

// IsWider says whether Pass needs more columns than it was given.
func IsWider(err error) bool { return errors.Is(err, errWider) }

// source is the FROM of the pass, its parameters, the columns it holds (for a
// file, one spare beyond the plan's, which must stay empty), and the file row
// number of its first row.
func (l *Load) source(p Plan) (string, []any, int, int64) {
	if p.CSV == nil {
		return "(SELECT * FROM raw WHERE rowid >= $header_row)", []any{sql.Named("header_row", p.HeaderRow)}, l.gridWidth, p.HeaderRow + 1
	}
	c := p.CSV
	cols := make([]string, c.Width+1)
	for i := range cols {
		cols[i] = fmt.Sprintf("'column%d': 'VARCHAR'", i)
	}
	// Nothing is detected: the delimiter is known, quotes are '"', a CR, LF or CR
	// LF ends a line. Missing-value markers become NULL in the reader itself, far
	// faster than a test on every cell afterwards.
	from := fmt.Sprintf(`read_csv($path, auto_detect = false, header = false, columns = {%s},
        null_padding = true, delim = $delim, quote = '"', escape = '"', strict_mode = false,
        nullstr = CAST($missing AS VARCHAR[]), skip = $skip, parallel = $parallel, max_line_size = %d)`,
		strings.Join(cols, ", "), min(max(c.Longest+1, 2<<20), maxLine))
	return from, []any{sql.Named("path", c.Path), sql.Named("delim", string(c.Delim)), sql.Named("skip", c.Skip),
		sql.Named("parallel", c.Parallel), sql.Named("missing", l.markers)}, c.Width + 1, c.Skip + 1
}

// rowNumbers presents the pass's rows with their file row numbers, as the view
// normalised: the pass keeps file order, so a row's number is its place, plus
// the first row's number, plus the rows before it that the pass did not see.
func (l *Load) rowNumbers(ctx context.Context, first int64, gaps []Gap) error {
	var shifts [][]driver.Value // the pass row from which on, and how many rows unseen before it
	var before int64
	for _, g := range gaps {
		from := g.Row - first - before
		before += g.Count
		shifts = append(shifts, []driver.Value{from, before})
	}
	q := Template("row_numbers", map[string]any{"First": first, "Gaps": len(shifts) > 0})
	if len(shifts) > 0 {
		if _, err := l.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE gaps (from_row BIGINT, shift BIGINT)"); err != nil {
			return err
		}
		if err := l.appendRows("gaps", shifts); err != nil {
			return err
		}
	}
	_, err := l.conn.ExecContext(ctx, q)
	return err
}

// stagedColumns is the select list that presents the source's cells r.column0 ...
// under canonical names: blank says a row has no value at all; extra_cells counts
// its values right of the header; first_cell is its first value; where
// p.CellLimit is above 0, long_cell is the 1-based number of the row's first
// column holding more characters than that, and long_length their number; spare
// says the column past the counted ones holds a value.
func stagedColumns(p Plan, width int, canonical []string) string {
	var b strings.Builder
	quoted := make([]string, width)
	for i := range quoted {
		quoted[i] = fmt.Sprintf("r.column%d", i)
	}
	extra := "0"
	if p.Width < width {
		counts := make([]string, 0, width-p.Width)
		for _, c := range quoted[p.Width:] {
			counts = append(counts, fmt.Sprintf("(cell(%s) IS NOT NULL)::INT", c))
		}
		extra = strings.Join(counts, " + ")
	}
	fmt.Fprintf(&b, "(%s) AS extra_cells, ", extra)
	fmt.Fprintf(&b, "coalesce(%s) AS first_cell, ", strings.Join(quoted, ", "))
	// Blank: no value, or (rarely) only spaces and tabs. The readers make an empty
	// cell NULL, so the first value mostly decides: when it starts with a printable
	// ASCII character, at no cost.
	fmt.Fprintf(&b, "CASE WHEN first_cell IS NULL THEN true WHEN ascii(first_cell) BETWEEN 33 AND 126 THEN false ELSE trim(trim(concat(%s)), chr(9) || ' ') = '' END AS blank", strings.Join(quoted, ", "))
	if p.CellLimit > 0 {
		var at, length strings.Builder
		for i, q := range quoted {
			fmt.Fprintf(&at, " WHEN length(%s) > %d THEN %d", q, p.CellLimit, i+1)
			fmt.Fprintf(&length, " WHEN length(%s) > %d THEN length(%s)", q, p.CellLimit, q)
		}
		fmt.Fprintf(&b, ", CASE%s END AS long_cell, CASE%s END AS long_length", at.String(), length.String())
	} else {
		b.WriteString(", NULL::INTEGER AS long_cell, NULL::BIGINT AS long_length")
	}
	if p.CSV != nil {
		fmt.Fprintf(&b, ", %s IS NOT NULL AS spare", quoted[width-1])
	} else {
		b.WriteString(", false AS spare")
	}
	for _, canon := range canonical {
		src := "NULL::VARCHAR"
		if i, ok := p.Mapped[canon]; ok {
			src = quoted[i]
		}
		fmt.Fprintf(&b, ", %s AS %s", src, Ident(canon))
	}
	return b.String()
}

// rowJSON is a grid row's cells r.column0 ... as a JSON object of the export's
// names, one per column, and the row's values.
func rowJSON(names []string) string {
	pairs := make([]string, len(names))
	for i, name := range names {
		pairs[i] = fmt.Sprintf("'%s', r.column%d", strings.ReplaceAll(name, "'", "''"), i)
	}
	return "json_object(" + strings.Join(pairs, ", ") + ")"
}

// ruleCase is the profile's category rules as a CASE expression giving the number of
// the first rule whose pattern matches one of its fields. fields[i] belong to rule
// i+1, whose pattern goes in as the parameter $rule_i.
func ruleCase(fields [][]string) string {
	if len(fields) == 0 {
		return "NULL::INTEGER"
	}
	source := map[string]string{"summary": "summary", "category": "exported_category", "subcategory": "subcategory"}
	var b strings.Builder
	b.WriteString("CASE")
	for i, fs := range fields {
		tests := make([]string, len(fs))
		for j, f := range fs {
			col, ok := source[f]
			if !ok {
				panic(fmt.Sprintf("queries: rule field %q", f))
			}
			tests[j] = fmt.Sprintf("regexp_matches(coalesce(%s, ''), $rule_%d)", col, i+1)
		}
		fmt.Fprintf(&b, " WHEN %s THEN %d", strings.Join(tests, " OR "), i+1)
	}
	b.WriteString(" END")
	return b.String()
}

// supplierCase is the profile's supplier rules as a CASE expression giving the
// number of the first rule whose pattern ($supplier_1 ...) matches the call's
// assignment group.
func supplierCase(n int) string {
	if n == 0 {
		return "NULL::INTEGER"
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, " WHEN regexp_matches(coalesce(assignment_group, ''), $supplier_%d) THEN %d", i, i)
	}
	b.WriteString(" END")
	return b.String()
}

func headerOf(p Plan, canon string) any {
	i, ok := p.Mapped[canon]
	if !ok || i >= len(p.Names) {
		return nil
	}
	return p.Names[i]
}

// Rejected lists the file rows the pass rejected, in order.
func (l *Load) Rejected(ctx context.Context) ([]int64, error) {
	rows, err := l.conn.QueryContext(ctx, SQL("rejected_rows"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// RejectCells keeps the rejected rows of a file as they were: a JSON object of
// the export's names and the row's values, by file row.
func (l *Load) RejectCells(ctx context.Context, raw map[int64]string) error {
	if _, err := l.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE reject_cells (source_row BIGINT, raw VARCHAR)"); err != nil {
		return err
	}
	vals := make([][]driver.Value, 0, len(raw))
	for row, js := range raw {
		vals = append(vals, []driver.Value{row, js})
	}
	return l.appendRows("reject_cells", vals)
}

// GridRejectCells keeps a workbook's rejected rows as they were, from its grid,
// under names (the export's, one per grid column).
func (l *Load) GridRejectCells(ctx context.Context, names []string) error {
	_, err := l.conn.ExecContext(ctx, Template("grid_reject_cells", map[string]string{"Row": rowJSON(names)}))
	return err
}

// RejectRows rejects, for reason, the rows among rows (file rows) the pass read,
// but for blank and total rows: rows that do not line up with the header, whatever
// else the pass found in them.
func (l *Load) RejectRows(ctx context.Context, rows []int64, reason string) error {
	if _, err := l.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE reject_more (source_row BIGINT)"); err != nil {
		return err
	}
	vals := make([][]driver.Value, len(rows))
	for i, r := range rows {
		vals[i] = []driver.Value{r}
	}
	if err := l.appendRows("reject_more", vals); err != nil {
		return err
	}
	_, err := l.conn.ExecContext(ctx, SQL("reject_rows"), sql.Named("reason", reason))
	return err
}

// RowID is a file row and the ticket id written in it.
type RowID struct {
	Row int64
	ID  string
}

// Misnumbered counts the rows among ids whose number the pass gives another
// ticket id: the pass numbers its rows by their place, which holds only while
// nothing in it changes their order (a join did, once, on a file read in
// parallel). ids should be plain (no spaces, markers or control characters),
// as the pass reads them unchanged.
func (l *Load) Misnumbered(ctx context.Context, ids []RowID) (int64, error) {
	if _, err := l.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE witness (source_row BIGINT, ticket_id VARCHAR)"); err != nil {
		return 0, err
	}
	vals := make([][]driver.Value, len(ids))
	for i, r := range ids {
		vals[i] = []driver.Value{r.Row, r.ID}
	}
	if err := l.appendRows("witness", vals); err != nil {
		return 0, err
	}
	var n int64
	err := l.conn.QueryRowContext(ctx, SQL("misnumbered")).Scan(&n)
	return n, err
}

// Counts are a pass's rows by outcome, and the tickets its loadable rows hold
// (fewer than the rows when an event log repeats a ticket once per update).
type Counts struct {
	Read, Loaded, Rejected, Skipped, Tickets int64
}

// Counts counts the pass's rows.
func (l *Load) Counts(ctx context.Context) (c Counts, err error) {
	err = l.conn.QueryRowContext(ctx, SQL("import_counts")).Scan(&c.Read, &c.Loaded, &c.Rejected, &c.Skipped, &c.Tickets)
	return c, err
}

// DateCounts counts, for one date column, the cells with a value and those read
// as dates, among the rows not skipped.
func (l *Load) DateCounts(ctx context.Context, column string) (values, read int64, err error) {
	base := strings.TrimSuffix(column, "_at")
	q := Template("date_counts", map[string]string{"Has": Ident("has_" + base), "Value": Ident(column)})
	err = l.conn.QueryRowContext(ctx, q).Scan(&values, &read)
	return values, read, err
}

// RejectedRow is one row the pass rejected.
type RejectedRow struct {
	Row    int64
	Column string
	Reason string
}

// FirstRejects lists the first n rejected rows in file order.
func (l *Load) FirstRejects(ctx context.Context, n int) ([]RejectedRow, error) {
	rows, err := l.conn.QueryContext(ctx, SQL("first_rejects"), sql.Named("n", n))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RejectedRow
	for rows.Next() {
		var r RejectedRow
		var col sql.NullString
		if err := rows.Scan(&r.Row, &col, &r.Reason); err != nil {
			return nil, err
		}
		r.Column = col.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// Labels lists the distinct severity labels (fallback labels among them) and the
// distinct impact and urgency labels of the rows read.
func (l *Load) Labels(ctx context.Context) (severity, levels []string, err error) {
	if severity, err = Strings(ctx, l.conn, SQL("severity_labels")); err != nil {
		return nil, nil, err
	}
	levels, err = Strings(ctx, l.conn, SQL("level_labels"))
	return severity, levels, err
}

// MapLabels says what the labels mean: a severity per severity label, a level per
// impact or urgency label, and the severity of each impact x urgency pair
// (matrix[i][j] for impact i+1, urgency j+1).
func (l *Load) MapLabels(ctx context.Context, severity, levels map[string]int, matrix [][]int) error {
	var sev, lev, mat [][]driver.Value
	for label, n := range severity {
		sev = append(sev, []driver.Value{label, int8(n)})
	}
	for label, n := range levels {
		lev = append(lev, []driver.Value{label, int8(n)})
	}
	for i, row := range matrix {
		for j, s := range row {
			mat = append(mat, []driver.Value{int8(i + 1), int8(j + 1), int8(s)})
		}
	}
	for _, t := range []struct {
		name string
		rows [][]driver.Value
	}{{"severity_map", sev}, {"level_map", lev}, {"priority_matrix", mat}} {
		if err := l.appendRows(t.name, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// Latest says how a file's tickets are read from its rows (see latest.sql).
type Latest struct {
	Collapse bool   // tickets repeat: an event log, whose history is kept
	Fallback bool   // a fallback severity label is mapped
	Source   string // the source the tickets are kept under
	// The columns the export has, of those the lifecycle would otherwise derive:
	Updated, ResolvedColumn, ClosedColumn, ReopenColumn, ReassignColumn bool
	Status, Group                                                       bool // a status and an assignment group column
	Changelog                                                           bool // a row per change of one field (Field, From, To)
	// SeverityBasis is which severity an event log's ticket is given: its final
	// ("" or final), at opening (opening), or the highest it had (highest).
	SeverityBasis string
}

// KeepLatest keeps each ticket's latest update among the loadable rows, with its
// severity read from the labels, its status's phase, and for an event log, its
// lifecycle from all its events (those the database holds of it included).
func (l *Load) KeepLatest(ctx context.Context, o Latest) error {
	var held bool
	if o.Collapse {
		if err := l.conn.QueryRowContext(ctx, SQL("source_events"), sql.Named("source", o.Source)).Scan(&held); err != nil {
			return err
		}
	}
	q := Template("latest", map[string]any{
		"Collapse": o.Collapse, "Fallback": o.Fallback, "Held": held, "Updated": o.Updated,
		"ResolvedColumn": o.ResolvedColumn, "ClosedColumn": o.ClosedColumn,
		"ReopenColumn": o.ReopenColumn, "ReassignColumn": o.ReassignColumn, "Status": o.Status, "Group": o.Group,
		"Known": o.ResolvedColumn || o.ClosedColumn, "Changelog": o.Changelog, "Basis": o.SeverityBasis,
	})
	if held {
		// The statements below take no parameters: the source goes in a table.
		if _, err := l.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE load_source AS SELECT CAST($source AS VARCHAR) AS source", sql.Named("source", o.Source)); err != nil {
			return err
		}
	}
	_, err := l.conn.ExecContext(ctx, q)
	return err
}

// Statuses lists the distinct status values of the rows read.
func (l *Load) Statuses(ctx context.Context) ([]string, error) {
	return Strings(ctx, l.conn, SQL("status_values"))
}

// MapStatuses says which phase (new, open, paused, resolved, closed) each status value
// belongs to; a value left out belongs to none.
func (l *Load) MapStatuses(ctx context.Context, phases map[string]string) error {
	rows := make([][]driver.Value, 0, len(phases))
	for v, ph := range phases {
		rows = append(rows, []driver.Value{v, ph})
	}
	return l.appendRows("status_map", rows)
}

// StatusFound is one status value of the file's rows, its phase ("" when not
// known) and how many tickets end in it.
type StatusFound struct {
	Status  string
	Phase   string
	Rows    int64
	Tickets int64 // whose latest update holds it
}

// StatusFound lists the status values of the file's rows.
func (l *Load) StatusFound(ctx context.Context) ([]StatusFound, error) {
	rows, err := l.conn.QueryContext(ctx, SQL("status_found"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StatusFound
	for rows.Next() {
		var c StatusFound
		var phase sql.NullString
		if err := rows.Scan(&c.Status, &phase, &c.Rows, &c.Tickets); err != nil {
			return nil, err
		}
		c.Phase = phase.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// SeverityFound is one severity label of the file's tickets, what it was read as
// (0: not recognised) and from what (label, matrix or ""), and how many tickets.
type SeverityFound struct {
	Label    string
	Severity int
	From     string
	Tickets  int64
}

// SeverityFound lists the severity labels of the file's tickets.
func (l *Load) SeverityFound(ctx context.Context) ([]SeverityFound, error) {
	rows, err := l.conn.QueryContext(ctx, SQL("severity_found"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SeverityFound
	for rows.Next() {
		var c SeverityFound
		var sev sql.NullInt64
		var from sql.NullString
		if err := rows.Scan(&c.Label, &sev, &from, &c.Tickets); err != nil {
			return nil, err
		}
		c.Severity, c.From = int(sev.Int64), from.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// Begin starts the transaction the file's tickets are stored in.
func (l *Load) Begin(ctx context.Context) error {
	_, err := l.conn.ExecContext(ctx, "BEGIN TRANSACTION")
	return err
}

// Commit ends the transaction, keeping what it stored.
func (l *Load) Commit(ctx context.Context) error {
	_, err := l.conn.ExecContext(ctx, "COMMIT")
	return err
}

// Rollback ends the transaction, keeping nothing. It runs even when ctx has ended.
func (l *Load) Rollback(ctx context.Context) {
	_, _ = l.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
}

// Import is the record of one import.
type Import struct {
	Source, File, SHA256, Format    string
	Encoding, Delimiter, Sheet      string // "" when they do not apply
	HeaderRow                       int
	Mapping                         string // JSON: canonical column -> export header
	Read, Loaded, Rejected, Skipped int64
	Superseded                      int64
	Profile, ProfileSHA256          string
	SeverityBasis                   string // "" for final
}

// Stored is what storing a file's tickets did to those of its source already held:
// new tickets, updates that replaced the held version, and tickets not loaded
// because the database holds a later update.
type Stored struct {
	ImportID           int64
	New, Updated, Kept int64
}

// Store records the import and moves the file's latest tickets into the
// database, in Begin's transaction.
func (l *Load) Store(ctx context.Context, im Import) (st Stored, err error) {
	var held bool
	if err := l.conn.QueryRowContext(ctx, SQL("source_held"), sql.Named("source", im.Source)).Scan(&held); err != nil {
		return st, fmt.Errorf("compare with the tickets held: %w", err)
	}
	counts := Template("ticket_counts", map[string]bool{"Held": held})
	if err := l.conn.QueryRowContext(ctx, counts, sql.Named("source", im.Source)).Scan(&st.New, &st.Updated, &st.Kept); err != nil {
		return st, fmt.Errorf("compare with the tickets held: %w", err)
	}
	err = l.conn.QueryRowContext(ctx, SQL("insert_import"),
		sql.Named("source", im.Source), sql.Named("source_file", im.File), sql.Named("sha256", im.SHA256),
		sql.Named("format", im.Format), sql.Named("encoding", nullIfEmpty(im.Encoding)),
		sql.Named("delimiter", nullIfEmpty(im.Delimiter)), sql.Named("sheet", nullIfEmpty(im.Sheet)),
		sql.Named("header_row", im.HeaderRow), sql.Named("mapping", im.Mapping),
		sql.Named("rows_read", im.Read), sql.Named("rows_loaded", im.Loaded),
		sql.Named("rows_rejected", im.Rejected), sql.Named("rows_skipped", im.Skipped),
		sql.Named("rows_superseded", im.Superseded), sql.Named("tickets_new", st.New),
		sql.Named("tickets_updated", st.Updated), sql.Named("tickets_kept", st.Kept),
		sql.Named("profile", nullIfEmpty(im.Profile)), sql.Named("profile_sha256", nullIfEmpty(im.ProfileSHA256)),
		sql.Named("severity_basis", nullIfEmpty(im.SeverityBasis)),
	).Scan(&st.ImportID)
	if err != nil {
		return st, fmt.Errorf("record import: %w", err)
	}
	if st.Updated > 0 {
		if _, err := l.conn.ExecContext(ctx, SQL("replace_tickets"), sql.Named("source", im.Source)); err != nil {
			return st, fmt.Errorf("replace updated tickets: %w", err)
		}
	}
	var history bool
	if err := l.conn.QueryRowContext(ctx, "SELECT count(*) > 0 FROM duckdb_tables() WHERE temporary AND table_name = 'history'").Scan(&history); err != nil {
		return st, err
	}
	if history {
		if _, err := l.conn.ExecContext(ctx, SQL("load_events"), sql.Named("source", im.Source),
			sql.Named("import_id", st.ImportID)); err != nil {
			return st, fmt.Errorf("keep events: %w", err)
		}
	}
	load := Template("load_tickets", map[string]bool{"Overlap": st.Updated+st.Kept > 0})
	if _, err := l.conn.ExecContext(ctx, load, sql.Named("source", im.Source),
		sql.Named("import_id", st.ImportID), sql.Named("source_file", im.File)); err != nil {
		return st, fmt.Errorf("load tickets: %w", err)
	}
	return st, nil
}

// KeepRejects keeps the file's rejected rows, with why and the row as it was,
// under the import Store recorded, in Begin's transaction.
func (l *Load) KeepRejects(ctx context.Context, importID int64, file, sheet string) error {
	_, err := l.conn.ExecContext(ctx, SQL("load_rejects"), sql.Named("import_id", importID),
		sql.Named("source_file", file), sql.Named("sheet", nullIfEmpty(sheet)))
	return err
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// GridWidth is how many columns the Grid has, once filled.
func (l *Load) GridWidth() int { return l.gridWidth }
