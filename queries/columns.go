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
	{Name: "summary", Doc: "the call's free text"},
	{Name: "source_file", Doc: "the file the call was loaded from"},
	{Name: "caller", Doc: "who raised the call (personal data)", Personal: true},
	{Name: "assigned_to", Doc: "who handled the call (personal data)", Personal: true},
}

// LookupColumn returns the canonical column with the given name, or an error
// that lists the names a user may give. A column of personal data is refused unless
// personal is true (--allow-personal).
func LookupColumn(name string, personal bool) (Column, error) {
	for _, c := range Columns {
		if c.Name == name {
			if c.Personal && !personal {
				return c, fmt.Errorf("column %q holds personal data, which deskstat does not report (--allow-personal overrides)", name)
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
		if !c.Personal {
			names = append(names, c.Name)
		}
	}
	sort.Strings(names)
	return names
}
