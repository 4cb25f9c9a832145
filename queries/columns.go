package queries

import (
	"fmt"
	"sort"
	"strings"
)

// Column is a canonical ticket column that users may name in --by and --where.
type Column struct {
	Name     string
	Doc      string
	Personal bool // who raised or handled a call: never reported
	FreeText bool // what people wrote, which can name them: never reported either
	Numeric  bool
}

// Columns lists the canonical columns in schema order.
var Columns = []Column{
	{Name: "ticket_id", Doc: "the call's reference"},
	{Name: "severity", Doc: "1 (critical) to 5 (planning); blank when the label was not recognised", Numeric: true},
	{Name: "severity_label", Doc: "the severity or priority as exported"},
	{Name: "category", Doc: "from the profile's rules, else as exported"},
	{Name: "exported_category", Doc: "the category as exported"},
	{Name: "subcategory", Doc: "as exported"},
	{Name: "service", Doc: "the business unit that logged the call"},
	{Name: "assignment_group", Doc: "the team that worked the call"},
	{Name: "supplier", Doc: "who provides the assignment group"},
	{Name: "status", Doc: "as exported"},
	{Name: "status_phase", Doc: "what the status means: new, open, paused, resolved, closed (blank: not known)"},
	{Name: "severity_opened", Doc: "the severity at the first event (an event log), else the severity", Numeric: true},
	{Name: "severity_highest", Doc: "the highest severity the call had", Numeric: true},
	{Name: "made_sla", Doc: "the export's own SLA verdict (true or false), if it gives one"},
	{Name: "summary", Doc: "the call's free text (can name people)", FreeText: true},
	{Name: "source_file", Doc: "the file the call was loaded from"},
	{Name: "caller", Doc: "who raised the call (personal data)", Personal: true},
	{Name: "assigned_to", Doc: "who handled the call (personal data)", Personal: true},
}

// LookupColumn returns the canonical column with the given name, or an error
// that lists the names a user may give. A column of personal data or free text is
// refused unless personal is true (--allow-personal): "printer jam for Mary
// O'Neill" is as personal as the caller column.
func LookupColumn(name string, personal bool) (Column, error) {
	for _, c := range Columns {
		if c.Name == name {
			switch {
			case personal:
			case c.Personal:
				return c, fmt.Errorf("column %q holds personal data, which deskstat does not report (--allow-personal overrides)", name)
			case c.FreeText:
				return c, fmt.Errorf("column %q is free text, which can name people: deskstat does not report it (--allow-personal overrides)", name)
			}
			return c, nil
		}
	}
	return Column{}, fmt.Errorf("unknown column %q (known: %s)", name, strings.Join(ColumnNames(), ", "))
}

// ColumnNames lists the names of the reportable columns, sorted, for help and completion.
func ColumnNames() []string {
	var names []string
	for _, c := range Columns {
		if !c.Personal && !c.FreeText {
			names = append(names, c.Name)
		}
	}
	sort.Strings(names)
	return names
}

// ValueSample lists, for each of the staged input columns, up to n distinct values
// in the order they first appear among about rows rows taken evenly over the file:
// rows of (column, value), in one scan of the file. Enough to tell a column of
// people's names from one of teams without reading it all.
func ValueSample(columns []string, rows, n int) string {
	cells := make([]string, len(columns))
	names := make([]string, len(columns))
	for i, c := range columns {
		cells[i] = fmt.Sprintf("cell(%s) AS %s", Ident(c), Ident(c))
		names[i] = Ident(c)
	}
	return fmt.Sprintf(`WITH sample AS (
    SELECT source_row, %s FROM staged
    WHERE source_row %% greatest(1, (SELECT count(*) FROM raw) // %d) = 0),
firsts AS (
    SELECT col, x, min(source_row) AS first
    FROM sample UNPIVOT (x FOR col IN (%s))
    GROUP BY col, x)
SELECT col, x FROM firsts
QUALIFY row_number() OVER (PARTITION BY col ORDER BY first) <= %d
ORDER BY col, first`, strings.Join(cells, ", "), rows, strings.Join(names, ", "), n)
}
