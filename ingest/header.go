package ingest

import (
	"fmt"
	"strings"
	"unicode"
)

// canonical lists the columns an export can fill, each with the export headers that
// mean it (normalised: lower case, letters and digits only), most telling first.
var canonical = []struct {
	name    string
	aliases []string
}{
	{"ticket_id", []string{"number", "ref", "reference", "ticketid", "ticketnumber", "ticketref", "ticket",
		"incidentnumber", "incidentid", "incidentref", "incident", "callref", "callreference", "callid", "callnumber",
		"issuekey", "key", "requestid", "id", "casenumber", "caseref"}},
	{"opened_at", []string{"openedat", "opened", "datelogged", "loggedat", "logged", "loggeddate", "dateopened",
		"opendate", "openeddate", "created", "createdat", "createddate", "datecreated", "createdon", "reported",
		"reportedat", "datereported", "calldate", "dateraised", "raised", "submitted", "submitdate", "date"}},
	{"resolved_at", []string{"resolvedat", "resolved", "dateresolved", "resolveddate", "resolutiondate",
		"resolvedon", "solvedat", "solved", "datefixed", "fixed"}},
	{"closed_at", []string{"closedat", "closed", "dateclosed", "closeddate", "closedon"}},
	{"severity_label", []string{"severity", "sev", "priority", "prio", "pri", "urgencylevel"}},
	{"category", []string{"category", "calltype", "type", "tickettype", "components", "component"}},
	{"subcategory", []string{"subcategory", "subcat", "subtype", "item"}},
	{"summary", []string{"summary", "shortdescription", "subject", "title", "description", "details",
		"calldescription", "problem", "issue"}},
	{"service", []string{"service", "businessservice", "businessunit", "department", "directorate",
		"businessarea", "customergroup"}},
	{"assignment_group", []string{"assignmentgroup", "assignedteam", "assignedgroup", "resolvergroup",
		"supportgroup", "team", "group", "queue"}},
	{"supplier", []string{"supplier", "vendor", "provider"}},
	{"status", []string{"status", "state", "incidentstate"}},
	{"caller", []string{"caller", "callerid", "loggedby", "raisedby", "reportedby", "openedby", "requester",
		"requestor", "customer", "contact", "user"}},
	{"assigned_to", []string{"assignedto", "assignee", "technician", "agent", "engineer", "resolvedby"}},
}

func isCanonical(name string) bool {
	for _, c := range canonical {
		if c.name == name {
			return true
		}
	}
	return false
}

func canonicalNames() []string {
	names := make([]string, len(canonical))
	for i, c := range canonical {
		names[i] = c.name
	}
	return names
}

// normHeader reduces a header to lower-case letters and digits: "Date Logged" and
// "date_logged" are the same header.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Mapping says which export column (by index) fills each canonical column.
type Mapping struct {
	Columns map[string]int // canonical -> index in the header row
	Headers []string       // the header row as exported
}

// Header returns the export header of a canonical column, or "".
func (m Mapping) Header(canon string) string {
	if i, ok := m.Columns[canon]; ok {
		return m.Headers[i]
	}
	return ""
}

// mapHeaders maps a header row to canonical columns: the profile's columns first,
// then known headers in order of preference. Each export column is used once.
func mapHeaders(headers []string, overrides map[string]string) (Mapping, error) {
	m := Mapping{Columns: map[string]int{}, Headers: headers}
	used := map[int]bool{}
	for canon, want := range overrides {
		found := false
		for i, h := range headers {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(want)) {
				m.Columns[canon], used[i], found = i, true, true
				break
			}
		}
		if !found {
			return m, fmt.Errorf("column %q for %s is not in the header (%s)", want, canon, quoteList(headers))
		}
	}
	norm := make([]string, len(headers))
	for i, h := range headers {
		norm[i] = normHeader(h)
	}
	for _, c := range canonical {
		if _, done := m.Columns[c.name]; done {
			continue
		}
	alias:
		for _, a := range c.aliases {
			for i, n := range norm {
				if n == a && !used[i] {
					m.Columns[c.name], used[i] = i, true
					break alias
				}
			}
		}
	}
	return m, nil
}

// knownHeaders is every alias of every canonical column.
var knownHeaders = func() map[string]bool {
	known := map[string]bool{}
	for _, c := range canonical {
		for _, a := range c.aliases {
			known[a] = true
		}
	}
	return known
}()

// headerScore counts the cells of a row that are known headers or the profile's.
func headerScore(row []string, overrides map[string]string) int {
	known := func(h string) bool {
		if knownHeaders[h] {
			return true
		}
		for _, o := range overrides {
			if normHeader(o) == h {
				return true
			}
		}
		return false
	}
	score := 0
	for _, cell := range row {
		if known(normHeader(cell)) {
			score++
		}
	}
	return score
}

// findHeader picks the header row among the first rows of a file: the first row with
// the most known headers, which skips title rows and blank rows above the header.
func findHeader(rows [][]string, overrides map[string]string) (int, bool) {
	best, bestScore := -1, 1 // at least two known headers
	for i, row := range rows {
		if s := headerScore(row, overrides); s > bestScore {
			best, bestScore = i, s
		}
	}
	return best, best >= 0
}

func quoteList(items []string) string {
	q := make([]string, 0, len(items))
	for _, s := range items {
		if s != "" {
			q = append(q, fmt.Sprintf("%q", s))
		}
	}
	return strings.Join(q, ", ")
}
