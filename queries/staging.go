package queries

import (
	"fmt"
	"strings"
)

// The statements here are built from the shape of a file (how many columns, which
// holds what), never from its values: those stay in parameters or in the tables.

// RawTable creates the grid an XLSX sheet is appended to: width text columns named
// like read_csv's, so that both file kinds share what follows.
func RawTable(width int) string {
	cols := make([]string, width)
	for i := range cols {
		cols[i] = fmt.Sprintf("column%d VARCHAR", i)
	}
	return "CREATE TEMP TABLE raw (" + strings.Join(cols, ", ") + ")"
}

// RowJSON is a raw row as a JSON object of the export's names (parameters
// $name_0 ...) and the row's values.
func RowJSON(columns []string) string {
	pairs := make([]string, len(columns))
	for i, c := range columns {
		pairs[i] = fmt.Sprintf("$name_%d, r.%s", i, Ident(c))
	}
	return "json_object(" + strings.Join(pairs, ", ") + ")"
}

// StageView presents the raw rows under the header row with canonical names.
// columns are raw's columns in order, of which the first width have a header;
// mapped gives the raw column of each canonical column (unmapped ones are NULL);
// canonical lists every canonical input column. extra_cells counts a row's values
// beyond the header; blank says it has none at all. Where cellLimit is above 0,
// long_cell is the 1-based number of the row's first column holding more
// characters than that, and long_length their number (else both NULL).
func StageView(headerRow int, columns []string, width int, mapped map[string]string, canonical []string, cellLimit int) string {
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE TEMP VIEW staged AS SELECT r.rowid + 1 AS source_row, ")
	cells := make([]string, len(columns))
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = "r." + Ident(c)
		cells[i] = fmt.Sprintf("cell(%s)", quoted[i])
	}
	// One string per row is far cheaper than a test per cell.
	fmt.Fprintf(&b, "trim(concat(%s)) = '' AS blank, ", strings.Join(quoted, ", "))
	extra := "0"
	if width < len(columns) {
		counts := make([]string, 0, len(columns)-width)
		for _, c := range cells[width:] {
			counts = append(counts, fmt.Sprintf("(%s IS NOT NULL)::INT", c))
		}
		extra = strings.Join(counts, " + ")
	}
	fmt.Fprintf(&b, "(%s) AS extra_cells, ", extra)
	fmt.Fprintf(&b, "coalesce(%s) AS first_cell", strings.Join(quoted, ", "))
	if cellLimit > 0 {
		var at, length strings.Builder
		for i, q := range quoted {
			fmt.Fprintf(&at, " WHEN length(%s) > %d THEN %d", q, cellLimit, i+1)
			fmt.Fprintf(&length, " WHEN length(%s) > %d THEN length(%s)", q, cellLimit, q)
		}
		fmt.Fprintf(&b, ", CASE%s END AS long_cell, CASE%s END AS long_length", at.String(), length.String())
	} else {
		b.WriteString(", NULL::INTEGER AS long_cell, NULL::BIGINT AS long_length")
	}
	for _, canon := range canonical {
		src := "NULL::VARCHAR"
		if c, ok := mapped[canon]; ok {
			src = "r." + Ident(c)
		}
		fmt.Fprintf(&b, ", %s AS %s", src, Ident(canon))
	}
	fmt.Fprintf(&b, " FROM raw r WHERE r.rowid + 1 > %d", headerRow)
	return b.String()
}

// RuleCase is the profile's category rules as a CASE expression giving the number of
// the first rule whose pattern matches one of its fields. patterns[i] and fields[i]
// belong to rule i+1; the patterns go in as parameters $rule_1 ...
func RuleCase(fields [][]string) string {
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

// DateHits counts, over the first n sampled values of one date column, the values
// each of k strptime layouts reads; the layouts go in as parameters $1 ... $k.
func DateHits(column string, n, k int) string {
	counts := make([]string, k)
	for i := range counts {
		counts[i] = fmt.Sprintf("count(try_strptime(x, $%d))", i+1)
	}
	return fmt.Sprintf("SELECT %s FROM (SELECT %s AS x FROM date_sample WHERE %s IS NOT NULL LIMIT %d)",
		strings.Join(counts, ", "), Ident(column), Ident(column), n)
}

// SupplierCase is the profile's supplier rules as a CASE expression giving the
// number of the first rule whose pattern ($supplier_1 ...) matches the call's
// assignment group.
func SupplierCase(n int) string {
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

// Macros is the per-connection loading helpers (macros.sql), with markers as the
// values a cell holds for "no value".
func Macros(markers []string) string {
	quoted := make([]string, len(markers))
	for i, m := range markers {
		quoted[i] = "'" + strings.ReplaceAll(m, "'", "''") + "'"
	}
	return Template("macros", map[string]string{"Markers": strings.Join(quoted, ", ")})
}
