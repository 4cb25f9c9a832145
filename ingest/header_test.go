package ingest

import (
	"reflect"
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
