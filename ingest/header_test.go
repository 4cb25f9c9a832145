package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestFindHeader(t *testing.T) {
	header := []string{"Ref", "Date Logged", "Logged By", "Severity", "Call Type", "Summary", "Status", "Date Resolved"}
	data := []string{"CSD/13/0429", "03/06/2013 08:12", "Mark Venn", "Sev 1", "Software", "cannot log in to LCS", "Resolved", "03/06/2013 12:39"}
	blank := make([]string, len(header))
	title := []string{"ICT Service Desk - call log June 2013 to December 2014", "", "", "", "", "", "", ""}
	tests := []struct {
		name      string
		rows      [][]string
		overrides map[string]string
		want      int // 0-based; -1: none
	}{
		{"header first", [][]string{header, data}, nil, 0},
		{"title and blank rows above", [][]string{title, blank, header, data, data}, nil, 2},
		{"several title rows", [][]string{title, {"Printed 01/01/2015", "Page 1"}, {"Service: all"}, blank, header, data}, nil, 4},
		{"headers in other spellings", [][]string{title, {"number", "opened_at", "priority", "short_description", "assignment_group"}, {"INC001", "2013-06-03", "1 - Critical", "x", "y"}}, nil, 1},
		{"profile names unusual headers", [][]string{title, {"Job No", "Raised On", "Urgency"}, {"J1", "03/06/2013", "High"}}, map[string]string{"ticket_id": "Job No", "opened_at": "Raised On"}, 1},
		{"unusual headers without a profile", [][]string{title, {"Job No", "Raised On", "Urgency"}, {"J1", "03/06/2013", "High"}}, nil, -1},
		{"no header at all", [][]string{data, data}, nil, -1},
		{"one known header is not enough", [][]string{{"Ref", "Notes"}, {"1", "x"}}, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := findHeader(tt.rows, tt.overrides)
			if tt.want < 0 {
				if ok {
					t.Fatalf("findHeader found row %d (%q), want no header", got+1, tt.rows[got])
				}
				return
			}
			if !ok || got != tt.want {
				t.Fatalf("findHeader = row %d, %v; want row %d", got+1, ok, tt.want+1)
			}
		})
	}
}

func TestMapHeaders(t *testing.T) {
	tests := []struct {
		name      string
		headers   []string
		overrides map[string]string
		want      map[string]string // canonical -> export header
		wantErr   []string          // each must appear in the error
	}{
		{
			name:    "hand-kept log",
			headers: []string{"Ref", "Date Logged", "Logged By", "Service", "Severity", "Call Type", "Summary", "Assigned Team", "Status", "Date Resolved"},
			want: map[string]string{"ticket_id": "Ref", "opened_at": "Date Logged", "caller": "Logged By", "service": "Service",
				"severity_label": "Severity", "category": "Call Type", "summary": "Summary", "assignment_group": "Assigned Team",
				"status": "Status", "resolved_at": "Date Resolved"},
		},
		{
			name:    "ServiceNow export",
			headers: []string{"number", "opened_at", "priority", "short_description", "category", "subcategory", "assignment_group", "state", "resolved_at", "closed_at", "caller_id"},
			want: map[string]string{"ticket_id": "number", "opened_at": "opened_at", "severity_label": "priority", "summary": "short_description",
				"category": "category", "subcategory": "subcategory", "assignment_group": "assignment_group", "status": "state",
				"resolved_at": "resolved_at", "closed_at": "closed_at", "caller": "caller_id"},
		},
		{
			name:    "Jira export",
			headers: []string{"Issue key", "Created", "Priority", "Summary", "Component/s", "Status", "Resolved", "Assignee"},
			want: map[string]string{"ticket_id": "Issue key", "opened_at": "Created", "severity_label": "Priority", "summary": "Summary",
				"status": "Status", "resolved_at": "Resolved", "assigned_to": "Assignee", "category": "Component/s"},
		},
		{
			name:    "the most telling header wins and each column is used once",
			headers: []string{"Date", "ID", "Date Logged", "Ref", "Description", "Summary"},
			want:    map[string]string{"ticket_id": "Ref", "opened_at": "Date Logged", "summary": "Summary"},
		},
		{
			name:    "Updated is when the call last changed, not when it was opened",
			headers: []string{"Ref", "Updated", "Created"},
			want:    map[string]string{"ticket_id": "Ref", "updated_at": "Updated", "opened_at": "Created"},
		},
		{
			name:    "Jira without a key column falls back on the issue id",
			headers: []string{"Issue id", "Created", "Issue Type", "Priority"},
			want:    map[string]string{"ticket_id": "Issue id", "opened_at": "Created", "category": "Issue Type", "severity_label": "Priority"},
		},
		{
			name:    "a ticket type is the category only when nothing better is there",
			headers: []string{"Ticket type", "Id", "Created at", "Category"},
			want:    map[string]string{"ticket_id": "Id", "opened_at": "Created at", "category": "Category"},
		},
		{
			name:    "a date column beats a bare Resolved or Closed",
			headers: []string{"Ref", "Date Logged", "Resolved", "Closed", "Date Closed", "Date Resolved"},
			want:    map[string]string{"ticket_id": "Ref", "opened_at": "Date Logged", "resolved_at": "Date Resolved", "closed_at": "Date Closed"},
		},
		{
			name:    "people columns go to caller or assigned_to, or nowhere",
			headers: []string{"Ref", "Date", "Creator", "Submitter", "sys_created_by", "sys_updated_by", "Updated by", "Resolved by", "Requester email"},
			want:    map[string]string{"ticket_id": "Ref", "opened_at": "Date", "assigned_to": "Resolved by", "caller": "Requester email"},
		},
		{
			name:    "durations, due dates and resolution names stay unmapped",
			headers: []string{"Ref", "Date", "Resolution", "Resolution time", "Resolution Time (in Hrs)", "Due date", "Due by Time", "Last Viewed"},
			want:    map[string]string{"ticket_id": "Ref", "opened_at": "Date"},
		},
		{
			name:      "the profile's columns override",
			headers:   []string{"Ref", "Call ID", "Date Logged", "Raised On", "Urgency"},
			overrides: map[string]string{"ticket_id": "call id", "opened_at": " Raised On ", "severity_label": "Urgency"},
			want:      map[string]string{"ticket_id": "Call ID", "opened_at": "Raised On", "severity_label": "Urgency"},
		},
		{
			name:      "a profile column not in the header",
			headers:   []string{"Ref", "Date Logged", "Severity"},
			overrides: map[string]string{"opened_at": "Raised On"},
			wantErr:   []string{`column "Raised On" for opened_at is not in the header`, `"Ref", "Date Logged", "Severity"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := mapHeaders(tt.headers, tt.overrides)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("mapHeaders: no error, want one mentioning %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for canon := range m.Columns {
				got[canon] = m.Header(canon)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mapping:\n got  %v\n want %v", got, tt.want)
			}
		})
	}
}

func TestExportNames(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		n       int
		want    []string
	}{
		{"unique headers kept", []string{"Ref", "Date Logged", "Status"}, 3, []string{"Ref", "Date Logged", "Status"}},
		{"duplicates numbered", []string{"Ref", "Notes", "Notes", "Notes"}, 4, []string{"Ref", "Notes", "Notes (2)", "Notes (3)"}},
		{"duplicates differing in case", []string{"Status", "STATUS", "status"}, 3, []string{"Status", "STATUS (2)", "status (3)"}},
		{"blank headers keep positional names", []string{"Ref", "", "Status", ""}, 4, []string{"Ref", "column1", "Status", "column3"}},
		{"more columns than headers", []string{"Ref", "Status"}, 4, []string{"Ref", "Status", "column2", "column3"}},
		{"a header that clashes with a numbered duplicate", []string{"Notes", "Notes (2)", "Notes"}, 3, []string{"Notes", "Notes (2)", "Notes (3)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exportNames(tt.headers, tt.n)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("exportNames(%q) = %q, want %q", tt.headers, got, tt.want)
			}
			seen := map[string]bool{}
			for _, n := range got {
				if seen[strings.ToLower(n)] {
					t.Fatalf("exportNames(%q) = %q: %q twice (DuckDB names ignore case)", tt.headers, got, n)
				}
				seen[strings.ToLower(n)] = true
			}
		})
	}
}

// readHeaders reads a header row kept one header a line in testdata/headers_NAME.txt.
func readHeaders(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "headers_"+name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// TestKnownShapes maps the full header rows of real exports with no profile. want is
// the whole mapping: a column not in it must stay unmapped. unmapped names headers
// that look close to a canonical column but hold something else.
func TestKnownShapes(t *testing.T) {
	tests := []struct {
		file     string
		shape    string
		want     map[string]string
		unmapped []string
	}{
		{
			file:  "servicenow_event_log",
			shape: "servicenow",
			want: map[string]string{"ticket_id": "number", "opened_at": "opened_at", "resolved_at": "resolved_at",
				"closed_at": "closed_at", "updated_at": "sys_updated_at", "severity_label": "priority", "impact": "impact",
				"urgency": "urgency", "category": "category", "subcategory": "subcategory", "assignment_group": "assignment_group",
				"supplier": "vendor", "status": "incident_state", "update_count": "sys_mod_count", "caller": "caller_id",
				"assigned_to": "assigned_to", "reopen_count": "reopen_count", "reassignment_count": "reassignment_count",
				"made_sla": "made_sla"},
			unmapped: []string{"sys_created_at", "sys_created_by", "sys_updated_by", "opened_by", "resolved_by",
				"u_priority_confirmation", "u_symptom", "cmdb_ci", "location", "contact_type", "problem_id", "caused_by",
				"closed_code"},
		},
		{
			file:  "servicenow_list",
			shape: "servicenow",
			want: map[string]string{"ticket_id": "Number", "opened_at": "Opened", "summary": "Short description",
				"caller": "Caller", "severity_label": "Priority", "status": "State", "category": "Category",
				"subcategory": "Subcategory", "assignment_group": "Assignment group", "assigned_to": "Assigned to",
				"updated_at": "Updated", "resolved_at": "Resolved", "closed_at": "Closed", "impact": "Impact",
				"urgency": "Urgency", "update_count": "Updates"},
			unmapped: []string{"Created", "Updated by", "Resolved by", "Opened by", "Configuration item"},
		},
		{
			file:  "servicenow_fields",
			shape: "servicenow",
			want: map[string]string{"ticket_id": "number", "opened_at": "opened_at", "summary": "short_description",
				"caller": "caller_id", "severity_label": "priority", "status": "state", "category": "category",
				"subcategory": "subcategory", "assignment_group": "assignment_group", "assigned_to": "assigned_to",
				"updated_at": "sys_updated_on", "resolved_at": "resolved_at", "closed_at": "closed_at", "impact": "impact",
				"urgency": "urgency", "update_count": "sys_mod_count", "service": "business_service"},
			unmapped: []string{"sys_created_on", "sys_created_by", "sys_updated_by", "description", "close_code"},
		},
		{
			file:  "jira",
			shape: "jira",
			want: map[string]string{"ticket_id": "Issue key", "opened_at": "Created", "updated_at": "Updated",
				"resolved_at": "Resolved", "severity_label": "Custom field (Severity)", "severity_fallback": "Priority",
				"impact":  "Custom field (Impact)",
				"urgency": "Custom field (Urgency)", "category": "Component/s", "summary": "Summary",
				"service": "Custom field (Organizations)", "status": "Status", "caller": "Reporter", "assigned_to": "Assignee"},
			unmapped: []string{"Issue id", "Issue Type", "Resolution", "Creator", "Last Viewed", "Due date",
				"Description", "Custom field (Time to resolution)", "Custom field (Created Date)", "Custom field (Business Impact)",
				"Custom field (Request Type)", "Parent summary", "Status Category", "Status Category Changed"},
		},
		{
			file:  "zendesk",
			shape: "zendesk",
			want: map[string]string{"ticket_id": "Id", "caller": "Requester", "assigned_to": "Assignee",
				"assignment_group": "Group", "summary": "Subject", "status": "Status", "severity_label": "Priority",
				"category": "Ticket type", "opened_at": "Created at", "updated_at": "Updated at", "service": "Organization",
				"resolved_at": "Solved at", "reopen_count": "Reopens"},
			unmapped: []string{"Requester id", "Requester email", "Submitter", "Assigned at", "Initially assigned at",
				"Due date", "Resolution time", "Full resolution time in minutes", "Group stations", "Via"},
		},
		{
			file:  "freshservice",
			shape: "freshservice",
			want: map[string]string{"ticket_id": "Ticket Id", "summary": "Subject", "status": "Status",
				"severity_label": "Priority", "category": "Category", "subcategory": "Sub-Category", "assigned_to": "Agent",
				"assignment_group": "Group", "opened_at": "Created Time", "resolved_at": "Resolved Time",
				"closed_at": "Closed Time", "updated_at": "Last Updated Time", "urgency": "Urgency", "impact": "Impact",
				"service": "Department", "caller": "Requester Name"},
			unmapped: []string{"Description", "Type", "Item", "Source", "Due by Time", "Initial Response Time",
				"First Response Time (in Hrs)", "Resolution Time (in Hrs)", "Resolution Status", "Requester Email"},
		},
		{
			file:  "hand_kept",
			shape: "",
			want: map[string]string{"ticket_id": "Ref", "opened_at": "Date Logged", "severity_label": "Severity",
				"category": "Call Type", "summary": "Description", "assignment_group": "Team", "resolved_at": "Date Resolved",
				"caller": "Logged By", "service": "Service", "status": "Status", "severity_fallback": "Priority"},
			unmapped: []string{"Resolved"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			headers := readHeaders(t, tt.file)
			m, err := mapHeaders(headers, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for canon := range m.Columns {
				got[canon] = m.Header(canon)
			}
			for canon := range got {
				if _, ok := tt.want[canon]; !ok {
					t.Errorf("%s mapped to %q, want unmapped", canon, got[canon])
				}
			}
			for canon, w := range tt.want {
				if got[canon] != w {
					t.Errorf("%s mapped to %q, want %q", canon, got[canon], w)
				}
			}
			unused := m.Unused()
			for _, h := range tt.unmapped {
				if !slices.Contains(headers, h) {
					t.Errorf("fixture has no header %q", h)
				}
				if !slices.Contains(unused, h) {
					t.Errorf("%q is mapped, want it unused", h)
				}
			}
			if m.Shape != tt.shape {
				t.Errorf("Shape = %q, want %q", m.Shape, tt.shape)
			}

			title := []string{"Incident export", "", ""}
			data := make([]string, len(headers))
			for i := range data {
				data[i] = "x"
			}
			row, ok := findHeader([][]string{title, make([]string, len(headers)), headers, data}, nil)
			if !ok || row != 2 {
				t.Errorf("findHeader = row %d, %v; want row 3", row+1, ok)
			}
		})
	}
}

// TestHeaderAliases guards determinism: aliases are normalised, and none belongs to two
// canonical columns, so the order of the columns never decides a mapping.
func TestHeaderAliases(t *testing.T) {
	owner := map[string]string{}
	for _, c := range canonical {
		for _, a := range c.aliases {
			if normHeader(a) != a {
				t.Errorf("%s: alias %q is not normalised", c.name, a)
			}
			if o, dup := owner[a]; dup {
				t.Errorf("alias %q belongs to %s and %s", a, o, c.name)
			}
			owner[a] = c.name
		}
	}
}

func TestDetectShape(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    string
	}{
		{"ServiceNow event log", []string{"number", "incident_state", "sys_mod_count", "opened_at"}, "servicenow"},
		{"ServiceNow field names", []string{"number", "opened_at", "priority", "sys_updated_on"}, "servicenow"},
		{"ServiceNow display labels", []string{"Number", "Opened", "Short description", "Priority"}, "servicenow"},
		{"Jira", []string{"Summary", "Issue key", "Priority", "Created"}, "jira"},
		{"Jira without the key", []string{"Issue id", "Issue Type", "Custom field (Severity)", "Created"}, "jira"},
		{"Zendesk", []string{"Id", "Requester", "Subject", "Via", "Created at"}, "zendesk"},
		{"Zendesk without Via", []string{"Id", "Requester", "Created at", "Solved at"}, "zendesk"},
		{"Freshservice", []string{"Ticket Id", "Subject", "Created Time", "Priority"}, "freshservice"},
		{"Freshdesk", []string{"Ticket ID", "Subject", "Created time", "Priority"}, "freshservice"},
		{"hand-kept log", []string{"Ref", "Date Logged", "Severity", "Call Type", "Date Resolved"}, ""},
		{"a number and a date say nothing", []string{"Number", "Opened", "Priority"}, ""},
		{"an id and a requester say nothing", []string{"Id", "Requester", "Created at"}, ""},
		{"a ticket id alone says nothing", []string{"Ticket Id", "Created", "Priority"}, ""},
		{"no headers", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectShape(tt.headers); got != tt.want {
				t.Fatalf("detectShape(%q) = %q, want %q", tt.headers, got, tt.want)
			}
		})
	}
}

func TestHeaderUnused(t *testing.T) {
	tests := []struct {
		name      string
		headers   []string
		overrides map[string]string
		want      []string
	}{
		{"unknown headers in file order", []string{"Notes", "Ref", "Date Logged", "Site"}, nil, []string{"Notes", "Site"}},
		{"blank headers left out", []string{"Ref", "", "Date Logged", "  ", "Notes"}, nil, []string{"Notes"}},
		{"a repeated header used once", []string{"Ref", "Component/s", "Date", "Component/s"}, nil, []string{"Component/s"}},
		{"the profile's columns are used", []string{"Ref", "Job No", "Raised On"}, map[string]string{"ticket_id": "Job No", "opened_at": "Raised On"}, []string{"Ref"}},
		{"everything used", []string{"Ref", "Date Logged"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := mapHeaders(tt.headers, tt.overrides)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Unused(); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Unused() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPersonalHeader: the headers that name people are known, whatever the spelling,
// and headers of reportable columns are not.
func TestPersonalHeader(t *testing.T) {
	for _, h := range []string{"Logged By", "logged_by", "Caller", "caller_id", "Assigned To", "Assignee", "Requester",
		"Resolved By", "opened_by", "sys_created_by", "Creator"} {
		if !PersonalHeader(h) {
			t.Errorf("PersonalHeader(%q) = false, want true", h)
		}
	}
	for _, h := range []string{"Service", "Assigned Team", "assignment_group", "Category", "Summary", "Ref", "", "Customer Group"} {
		if PersonalHeader(h) {
			t.Errorf("PersonalHeader(%q) = true, want false", h)
		}
	}
	if !PersonalColumn("caller") || !PersonalColumn("assigned_to") || PersonalColumn("service") {
		t.Error("PersonalColumn: want caller and assigned_to only")
	}
}
