package ingest

import (
	"fmt"
	"strings"
	"unicode"
)

// canonical lists the columns an export can fill, each with the export headers that
// mean it (normalised: lower case, letters and digits only), most telling first.
// No alias belongs to two columns, so the order of the columns never matters; the
// order of a column's aliases decides between several export columns. Headers that
// look close but hold something else stay out on purpose: Jira's "Resolution" (a
// name such as Done), "Resolution time" (a duration), "Due date", "Last Viewed".
var canonical = []struct {
	name    string
	aliases []string
}{
	{"ticket_id", []string{"number", "ref", "reference", "ticketid", "ticketnumber", "ticketref", "ticket",
		"incidentnumber", "incidentid", "incidentref", "incident", "callref", "callreference", "callid", "callnumber",
		"issuekey", "key", "issueid", "requestid", "id", "casenumber", "caseref", "srnumber", "srno", "caseid",
		"caseconceptname"}},
	{"opened_at", []string{"openedat", "opened", "datelogged", "loggedat", "logged", "loggeddate", "dateopened",
		"opendate", "openeddate", "created", "createdat", "createdtime", "createddate", "datecreated", "createdon",
		"reported", "reportedat", "datereported", "calldate", "dateraised", "raised", "submitted", "submitdate", "date"}},
	// A time of day in a column of its own beside a date (a hand-kept log's Date
	// and Time): read with the date, where the date has no time of its own.
	{"opened_time", []string{"time", "timelogged", "loggedtime", "timeopened", "opentime", "openedtime",
		"timereported", "reportedtime", "calltime", "timeraised", "raisedtime", "timecreated"}},
	{"resolved_time", []string{"timeresolved", "timefixed", "fixedtime", "timesolved"}},
	// A bare "Resolved" or "Closed" comes after the dated forms: in hand-kept logs it
	// can be a yes/no column beside "Date Resolved".
	{"resolved_at", []string{"resolvedat", "dateresolved", "resolveddate", "resolvedon", "resolvedtime",
		"resolutiondate", "solvedat", "resolved", "solved", "datefixed", "fixed"}},
	{"closed_at", []string{"closedat", "dateclosed", "closeddate", "closedon", "closedtime", "closed"}},
	// An event log's event time is its update time: "Change Date+Time", XES's
	// time:timestamp, a process-mining tool's "Complete Timestamp".
	{"updated_at", []string{"sysupdatedat", "sysupdatedon", "updatedat", "updated", "updatedon", "lastupdated",
		"lastupdatedtime", "lastupdatetime", "lastupdateddate", "dateupdated", "lastmodified", "modified", "modifiedat",
		"changedatetime", "changedate", "changedat", "eventtime", "eventtimestamp", "eventdate", "timetimestamp",
		"timestamp", "completetimestamp", "endtimestamp", "changed", "changecreated"}},
	// The severity label, and the label read where it is blank: Jira's severity custom
	// field, where kept, is meant to be read before its Priority. (A ServiceNow
	// incident's own "severity" field is not its priority: see mapHeaders.)
	{"severity_label", []string{"severity", "customfieldseverity", "sev", "urgencylevel"}},
	{"severity_fallback", []string{"priority", "prio", "pri"}},
	{"impact", []string{"impact", "customfieldimpact"}},
	{"urgency", []string{"urgency", "customfieldurgency"}},
	// Ticket types (Incident, Question, Service request) say least: last.
	{"category", []string{"category", "issuecategory", "calltype", "components", "component", "customfieldcategory",
		"customfieldrequesttype", "type", "tickettype", "issuetype"}},
	{"subcategory", []string{"subcategory", "subcat", "subtype", "item"}},
	{"summary", []string{"summary", "shortdescription", "subject", "title", "description", "details",
		"calldescription", "problem", "issue"}},
	{"service", []string{"service", "businessservice", "businessunit", "department", "directorate",
		"businessarea", "customergroup", "organization", "organisation", "customfieldorganizations"}},
	{"assignment_group", []string{"assignmentgroup", "assignedteam", "teamassigned", "assignedgroup", "resolvergroup",
		"supportgroup", "ownergroup", "supportteam", "team", "group", "queue"}},
	{"supplier", []string{"supplier", "customfieldsupplier", "vendor", "provider"}},
	{"status", []string{"status", "state", "incidentstate", "currentstatus", "ticketstatus", "issuestatus"}},
	// A sub-status (a process-mining log's "Sub Status": Wait - User), read with the
	// status as "Status - Sub status".
	{"substatus", []string{"substatus", "substate", "statusreason", "onholdreason", "holdreason", "pendingreason"}},
	{"update_count", []string{"sysmodcount", "updatecount", "updates"}},
	// A changelog's row is one change of one field (Jira's changelog flattened: Field,
	// From, To, Changed): read only where the file has all of field and to.
	{"change_field", []string{"field", "fieldname", "changedfield", "changefield"}},
	{"change_from", []string{"fromstring", "from", "fromvalue", "oldvalue"}},
	{"change_to", []string{"tostring", "to", "tovalue", "newvalue"}},
	// The export's own verdict on the SLA, to hold a recomputation against.
	{"made_sla", []string{"madesla", "slamet", "metsla", "slamade", "withinsla", "slaachieved", "slacompliant"}},
	{"reopen_count", []string{"reopencount", "reopens", "timesreopened", "reopened"}},
	{"reassignment_count", []string{"reassignmentcount", "reassignments", "timesreassigned"}},
	// People: never reported. Other people columns (Creator, Submitter, sys_created_by,
	// sys_updated_by) stay unmapped rather than land in a reportable column.
	{"caller", []string{"caller", "callerid", "loggedby", "raisedby", "reportedby", "openedby", "requester",
		"requestername", "requestor", "reporter", "customer", "contact", "user", "requesteremail"}},
	{"assigned_to", []string{"assignedto", "assignee", "technician", "agent", "agentassigned", "engineer", "resolvedby",
		"owner", "ownername", "ownerfirstname"}},
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
	Shape   string         // the tool that exported it, from detectShape; "" if not known
}

// Header returns the export header of a canonical column, or "".
func (m Mapping) Header(canon string) string {
	if i, ok := m.Columns[canon]; ok {
		return m.Headers[i]
	}
	return ""
}

// Unused returns the export's named columns that fill no canonical column, in file
// order.
func (m Mapping) Unused() []string {
	used := map[int]bool{}
	for _, i := range m.Columns {
		used[i] = true
	}
	var unused []string
	for i, h := range m.Headers {
		if !used[i] && strings.TrimSpace(h) != "" {
			unused = append(unused, h)
		}
	}
	return unused
}

// detectShape names the tool an export came from by headers only that tool writes:
// "servicenow", "jira", "zendesk", "freshservice" (Freshdesk writes the same), or ""
// for anything else, hand-kept logs included.
func detectShape(headers []string) string {
	has := map[string]bool{}
	sysField, customField := false, false
	for _, h := range headers {
		has[normHeader(h)] = true
		l := strings.ToLower(strings.TrimSpace(h))
		sysField = sysField || strings.HasPrefix(l, "sys_")
		customField = customField || strings.HasPrefix(l, "custom field (")
	}
	switch {
	case has["sysmodcount"],
		has["number"] && (sysField || has["shortdescription"] || has["incidentstate"] || has["callerid"] || has["assignmentgroup"]):
		return "servicenow"
	case has["issuekey"], customField && has["issuetype"]:
		return "jira"
	case has["id"] && has["requester"] && (has["solvedat"] || has["via"]):
		return "zendesk"
	case has["ticketid"] && has["createdtime"]:
		return "freshservice"
	}
	return ""
}

// mapHeaders maps a header row to canonical columns: the profile's columns first,
// then known headers in order of preference. Each export column is used once.
func mapHeaders(headers []string, overrides map[string]string) (Mapping, error) {
	m := Mapping{Columns: map[string]int{}, Headers: headers, Shape: detectShape(headers)}
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
	for _, a := range dateColumns {
		for _, b := range dateColumns {
			if ia, ok := m.Columns[a]; ok && a < b {
				if ib, ok := m.Columns[b]; ok && ia == ib {
					return m, fmt.Errorf("column %q is named for both %s and %s: one column cannot hold two times (a resolution time equal to the opened time would give every call 0 hours)", headers[ia], a, b)
				}
			}
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
	// A priority is the severity label where there is no severity column, and the
	// fallback where there is. ServiceNow's priority (1 - Critical ... 5 - Planning)
	// is what a severity means here; its incident "severity" field is a separate,
	// three-level rating: read the priority first, that field only where it is blank.
	// An impact with no urgency beside it (a process-mining log's one rating) is
	// the severity label where there is no severity or priority.
	_, hasSev0 := m.Columns["severity_label"]
	_, hasPri0 := m.Columns["severity_fallback"]
	_, hasUrg := m.Columns["urgency"]
	if imp, ok := m.Columns["impact"]; ok && !hasSev0 && !hasPri0 && !hasUrg {
		m.Columns["severity_label"] = imp
		delete(m.Columns, "impact")
	}
	// From and To are a changelog's only beside its Field (osTicket's From is who
	// raised the call).
	_, field := m.Columns["change_field"]
	_, to := m.Columns["change_to"]
	if !field || !to {
		for _, c := range []string{"change_field", "change_from", "change_to"} {
			if _, given := overrides[c]; !given {
				delete(m.Columns, c)
			}
		}
	}
	sev, hasSev := m.Columns["severity_label"]
	pri, hasPri := m.Columns["severity_fallback"]
	_, given := overrides["severity_label"]
	switch {
	case hasPri && !hasSev:
		m.Columns["severity_label"] = pri
		delete(m.Columns, "severity_fallback")
	case hasPri && hasSev && !given && m.Shape == "servicenow" && normHeader(headers[sev]) == "severity":
		m.Columns["severity_label"], m.Columns["severity_fallback"] = pri, sev
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

// Named returns the mapping as canonical column -> export header.
func (m Mapping) Named() map[string]string {
	out := make(map[string]string, len(m.Columns))
	for canon, i := range m.Columns {
		out[canon] = m.Headers[i]
	}
	return out
}

// CanonicalColumns lists the columns an export can fill, for --map.
func CanonicalColumns() []string { return canonicalNames() }
