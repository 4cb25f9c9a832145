package ingest

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// peopleHeaders name people: each must be caught by its words, whatever the spelling.
var peopleHeaders = []string{
	// Tried on real exports by the auditor (issue 9): all printed names.
	"requestor_lname", "Owner First Name", "Agent Assigned", "From", "From Email", "Handled By", "Full Name",
	"Employee", "Analyst", "Assignee Name", "Requested For", "Affected User", "Informador",
	// The samples and the shared ServiceNow log.
	"Logged By", "Assignee", "Reporter", "caller_id", "opened_by", "sys_created_by", "sys_updated_by",
	"assigned_to", "resolved_by",
	// testdata/headers_*.txt: Jira, Zendesk, Freshservice, ServiceNow.
	"Agent", "Assigned to", "Assignee Id", "Caller", "Creator", "Creator Id", "Custom field (Request participants)",
	"Opened by", "Project lead", "Reporter Id", "Requester", "Requester Email", "Requester Name", "Requester Phone",
	"Requester email", "Requester external id", "Requester id", "Resolved by", "Submitter", "Updated by",
	"Watchers", "Watchers Id",
	// Spellings: run together, camelCase, e-mail, other languages.
	"loggedby", "assignedto", "AssignedTo", "assignedToName", "requesterEmailAddress", "callerid", "syscreatedby",
	"lastupdatedby", "Last Updated By", "Modified By", "Created By", "Closed By", "Raised By", "Submitted By",
	"Owner", "owner", "Name", "Surname", "First Name", "Last Name", "Username", "User ID", "UserIDNumber",
	"Login", "E-mail", "e_mail", "Email Address", "From Address", "Phone", "Telephone", "Mobile", "Contact",
	"Contact Email", "Customer", "Customer Name", "Technician", "Engineer", "Staff", "Staff Member", "Team Lead",
	"Team Member", "Person", "Who", "u_requested_for", "On Behalf Of", "Assigned", "Caller Name",
	"Solicitante", "Responsable", "Usuario", "Técnico", "Nombre del solicitante", "Creado por", "Asignado a",
	"Correo electrónico", "Informador del incidente",
}

// notPeopleHeaders hold teams, dates, kinds, counts and references: none is people,
// though many carry a people word.
var notPeopleHeaders = []string{
	// Named by the issue.
	"Assignment Group", "Owner Group", "owner_group", "Team Assigned", "Category", "Service", "Created", "Opened",
	"Resolved", "sys_updated_on",
	// The samples.
	"Ref", "Date Logged", "Severity", "Call Type", "Summary", "Assigned Team", "Status", "Date Resolved",
	"Issue key", "Issue id", "Issue Type", "Project key", "Priority", "Resolution", "Updated", "Component/s",
	"Labels", "Description", "Custom field (Impact)", "Custom field (Urgency)", "Custom field (Request Type)",
	"Team", "Call Ref", "Department", "Status ", "Notes", "Code", "Meaning",
	// The shared ServiceNow log.
	"number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count", "made_sla",
	"opened_at", "sys_created_at", "sys_updated_at", "contact_type", "location", "category", "subcategory",
	"u_symptom", "cmdb_ci", "impact", "urgency", "priority", "assignment_group", "knowledge",
	"u_priority_confirmation", "notify", "problem_id", "rfc", "vendor", "caused_by", "closed_code",
	"resolved_at", "closed_at",
	// testdata/headers_*.txt.
	"Agent interactions", "Agent wait time in minutes", "Agent wait time in minutes within business hours",
	"Assigned at", "Assignee stations", "Initially assigned at", "Requester wait time in minutes",
	"Requester wait time in minutes within business hours", "Requester interactions", "Requester domain",
	"Requester Location", "Organization", "Custom field (Organizations)", "Group", "Group stations",
	"Satisfaction Score", "Survey Results", "Via", "Source", "Tags", "Replies", "Reopens", "Votes",
	"First Response Time (in Hrs)", "Resolution Time (in Hrs)", "Due by Time", "Due date", "Last Viewed",
	"Status Category Changed", "Project name", "Project type", "Project description", "Closed Time",
	"Created Time", "Created at", "Updated at", "Solved at", "Time Spent", "Σ Time Spent", "Work Ratio",
	// The rest of the real exports' headers: times, estimates, kinds, free text.
	"Assignment group", "Attachment", "Closed", "Comment", "Configuration item", "Custom field (Approvals)",
	"Custom field (Business Impact)", "Custom field (Category)", "Custom field (Created Date)",
	"Custom field (Satisfaction date)", "Custom field (Satisfaction)", "Custom field (Severity)",
	"Custom field (Time to first response)", "Custom field (Time to resolution)", "Environment",
	"First Response Status", "First reply time in minutes within business hours", "First reply time in minutes",
	"First resolution time in minutes within business hours", "First resolution time in minutes",
	"Full resolution time in minutes within business hours", "Full resolution time in minutes", "Id", "Impact",
	"Initial Response Time", "Last Updated Time", "Number", "On hold time in minutes within business hours",
	"On hold time in minutes", "Original estimate", "Parent key", "Parent summary", "Parent",
	"Remaining Estimate", "Resolution Status", "Resolution time", "Resolved Time", "Security Level",
	"Short description", "Sprint", "State", "Status Category", "Sub-Category", "Subject", "Ticket Id",
	"Ticket type", "Time Tracked", "Type", "Updates", "Urgency", "business_service", "close_code",
	"description", "short_description", "state", "Σ Original Estimate", "Σ Remaining Estimate",
	// Teams, dates and kinds named after people words.
	"Customer Group", "Contact Type", "Contact Method", "Caller Location", "User Group", "Agent Group",
	"Technician Group", "Owner Team", "Assigned Group", "Assigned To Group", "Resolver Group", "sys_created_on",
	"Date Assigned", "Assigned Date", "Lead Time", "Customer Satisfaction", "Users Affected", "Affected Users",
	"User Count", "Grupo Responsable", "Fecha de creación", "Reported", "Reported At", "Requested",
	"Date From", "Valid From", "Subcategory", "Item", "Supplier", "Business Service", "Today",
}

func TestPeopleHeaderLists(t *testing.T) {
	for _, h := range peopleHeaders {
		why := peopleEvidence(h)
		if why == "" {
			t.Errorf("%q: not caught as people", h)
			continue
		}
		if !strings.HasPrefix(why, "header word") {
			t.Errorf("%q: caught as %q, want by its words", h, why)
		}
		if !PersonalHeader(h) || !strings.HasPrefix(PersonalReason(h), "names people (header word") {
			t.Errorf("%q: PersonalHeader false or PersonalReason %q", h, PersonalReason(h))
		}
	}
	for _, h := range notPeopleHeaders {
		if why := peopleEvidence(h); why != "" {
			t.Errorf("%q: caught as people (%s)", h, why)
		}
	}
}

// TestPeopleHeaderReasons: the reason names the words that caught the header.
func TestPeopleHeaderReasons(t *testing.T) {
	for h, want := range map[string]string{
		"Agent Assigned":    `names people (header word "agent")`,
		"requestor_lname":   `names people (header word "requestor")`,
		"Owner First Name":  `names people (header word "owner")`,
		"From":              `names people (header word "from")`,
		"From Email":        `names people (header word "email")`,
		"Handled By":        `names people (header words "handled by")`,
		"Full Name":         `names people (header words "full name")`,
		"Requested For":     `names people (header words "requested for")`,
		"Informador":        `names people (header word "informador")`,
		"sys_created_by":    `names people (header words "created by")`,
		"Short Description": `is free text, which can name people (header word "description")`,
		"Parent summary":    `is free text, which can name people (header word "summary")`,
		"Problem":           `is free text, which can name people (header word "problem")`,
		"Team Assigned":     "",
		"Issue key":         "",
		"problem_id":        "",
	} {
		if got := PersonalReason(h); got != want {
			t.Errorf("PersonalReason(%q) = %q, want %q", h, got, want)
		}
	}
}

// TestHeaderListsCoverRealExports: every header of the samples, the shared dataset
// and the exports kept in testdata is in one of the two lists above, so a new
// export's headers get a decision, not a default.
func TestHeaderListsCoverRealExports(t *testing.T) {
	var headers []string
	for _, name := range []string{"freshservice", "hand_kept", "jira", "servicenow_event_log", "servicenow_fields", "servicenow_list", "zendesk"} {
		headers = append(headers, readHeaders(t, name)...)
	}
	for _, f := range []struct {
		path  string
		comma rune
	}{{"../samples/council_calls_2013_2014.csv", ','}, {"../samples/jira_service_desk.csv", ','}, {"../samples/legacy_log_cp1252.csv", ';'}} {
		headers = append(headers, firstRecord(t, f.path, f.comma)...)
	}
	// messy_workbook.xlsx: its calls sheet and its lookups sheet.
	headers = append(headers, "Call Ref", "Date Logged", "Logged By", "Department", "Severity", "Category", "Summary",
		"Assigned Team", "Status ", "Date Resolved", "Notes", "Code", "Meaning")
	if _, err := os.Stat(datasetPath); err == nil {
		headers = append(headers, firstRecord(t, datasetPath, ',')...)
	}
	for _, h := range headers {
		if !slices.Contains(peopleHeaders, h) && !slices.Contains(notPeopleHeaders, h) {
			t.Errorf("header %q of a real export is in neither list (caught as people: %v)", h, PersonalHeader(h))
		}
	}
}

const datasetPath = "../../shared/datasets/servicenow_incident_event_log.csv.gz"

func firstRecord(t *testing.T, path string, comma rune) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r *bufio.Reader
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = bufio.NewReader(gz)
	} else {
		r = bufio.NewReader(f)
	}
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(line, "\ufeff")))
	cr.Comma = comma
	rec, err := cr.Read()
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return rec
}

// TestAliasesAgreeWithPeopleHeader: the headers deskstat maps to caller or
// assigned_to are caught by their words; no alias of a reported column is.
func TestAliasesAgreeWithPeopleHeader(t *testing.T) {
	for _, c := range canonical {
		for _, a := range c.aliases {
			why := peopleEvidence(a)
			switch {
			case PersonalColumn(c.name) && !strings.HasPrefix(why, "header word"):
				t.Errorf("alias %q of %s: caught as %q, want by its words", a, c.name, why)
			case slices.Contains(changeColumns, c.name):
				// A changelog's From and To: never reported (see changeColumns).
			case !PersonalColumn(c.name) && why != "":
				t.Errorf("alias %q of %s: caught as people (%s)", a, c.name, why)
			}
		}
	}
}

func TestFreeTextHeader(t *testing.T) {
	for _, h := range []string{"Summary", "Description", "short_description", "shortdescription", "Details", "Notes",
		"Work Notes", "close_notes", "Comments", "Subject", "Title", "Call Description", "Problem", "Issue",
		"Project description", "Descripción", "Resumen"} {
		if freeTextEvidence(h) == "" {
			t.Errorf("%q: not caught as free text", h)
		}
	}
	for _, h := range []string{"Issue key", "Issue Type", "problem_id", "Category", "Service", "Resolution", "Labels",
		"u_symptom", "Subcategory", "Status", "Ref", "Description Category"} {
		if why := freeTextEvidence(h); why != "" {
			t.Errorf("%q: caught as free text (%s)", h, why)
		}
	}
}

// TestPeopleValues: columns of people are caught by their values, columns of teams,
// services, categories and labels are not, and the reason never shows a value.
func TestPeopleValues(t *testing.T) {
	people := map[string][]string{
		"staff names":         {"Mark Venn", "Rachel Hembrow", "Jane Secret", "Carl Private", "Alice Private", "Mary O'Neill"},
		"one caller":          {"Mark Venn"},
		"surname first":       {"Venn, Mark", "Hembrow, Rachel", "SMITH, John", "O'Neill, Mary"},
		"upper case":          {"MARK VENN", "RACHEL HEMBROW", "JOHN SMITH"},
		"middle initial":      {"Mark J. Venn", "Rachel A Hembrow", "Tom Jones"},
		"logins":              {"mark.venn", "rachel_hembrow", "John.Smith", "sarah.jones"},
		"first names":         {"Mark", "Rachel", "John", "Sarah", "Priya"},
		"e-mail addresses":    {"mark.venn@council.gov.uk", "r.hembrow@council.gov.uk", "jsmith@example.org"},
		"named e-mail":        {"Mark Venn <mark.venn@council.gov.uk>", "Rachel Hembrow <rh@council.gov.uk>"},
		"names and e-mail":    {"Mark Venn", "x7@council.gov.uk", "Desktop", "Service Desk"},
		"names among teams":   {"Mark Venn", "Rachel Hembrow", "Service Desk", "Network Team"},
		"names of all places": {"Ngozi Okafor", "Wei Zhang", "Aarav Sharma", "Kofi Mensah", "Olga Petrova", "Jane Doe", "Siobhan Murphy", "Mehmet Yilmaz"},
		"hyphenated":          {"Sarah Smith-Jones", "Kate Brown", "Liam O'Brien"},
	}
	for name, values := range people {
		why := PeopleValues(values)
		if why == "" {
			t.Errorf("%s %q: not caught", name, values)
			continue
		}
		for _, v := range values {
			for _, w := range strings.Fields(v) {
				if len(w) > 3 && strings.Contains(why, w) {
					t.Errorf("%s: the reason %q shows the value %q", name, why, v)
				}
			}
		}
	}
	if got, want := PeopleValues(people["e-mail addresses"]), "its values look like e-mail addresses: 3 of 3 sampled"; got != want {
		t.Errorf("e-mail reason %q, want %q", got, want)
	}
	if got, want := PeopleValues(people["staff names"]), "its values look like people's names: 6 of 6 sampled begin with a common given name"; got != want {
		t.Errorf("names reason %q, want %q", got, want)
	}

	teams := map[string][]string{
		"the issue's own":  {"Council ICT", "Children's Social Care", "Southwest One", "Service Desk", "Adult Social Care"},
		"one service":      {"Children's Social Care"},
		"one supplier":     {"Southwest One"},
		"one site":         {"Alexandra Park"},
		"sample teams":     {"SCC Liquidlogic Team", "SW1 Service Desk", "SW1 Network", "SW1 Desktop", "Council ICT (in-house)", "Apps Support", "Desktop", "-"},
		"sample services":  {"Children's Social Care", "Adult Social Care", "Education", "Libraries", "Revenues & Benefits", "Highways", "Corporate Finance", "Customer Services", "HR & Payroll"},
		"categories":       {"Software", "Account", "Hardware", "Network", "Printer Issues", "Access to Liquidlogic Children's System (LCS)", "User error", "Intranet access"},
		"components":       {"Liquidlogic LCS", "Mosaic", "Capita One", "Careworks", "Trapeze", "Openscape", "Outlook"},
		"statuses":         {"Open", "Resolved", "Closed", "Pending", "Work in progress", "Waiting for support", "Awaiting User Info", "Wait - User", "On Hold"},
		"severities":       {"Sev 1", "P2", "1 - Critical", "2 - High", "Highest", "Low", "Normal", "Urgent", "Severity One"},
		"anonymised":       {"Group 56", "Category 55", "Subcategory 170", "code 5", "Caller 2403", "Resolved by 149"},
		"places":           {"Victoria Library", "Alexandra House", "Taunton Library", "Bridgwater Office", "Yeovil Depot", "Elizabeth Court Day Centre"},
		"given-name words": {"Mark Complete", "Victoria", "Awaiting Parts", "Grace Period", "Will Call", "Closed"},
		"desk mailboxes":   {"servicedesk@council.gov.uk", "it.support@council.gov.uk", "noreply@example.org", "Service Desk"},
		"references":       {"CSD/13/0429", "INC0000045", "ITSD-1191", "4128", "J-1"},
		"two-word kinds":   {"Thin Client", "Wyse Terminal", "Mobile Phone", "Shared Drive", "Home Drive", "Password Reset", "New Starter", "Voice Mail"},
		"sites and teams":  {"Taunton", "Bridgwater", "Yeovil", "Minehead", "Frome", "Chard", "Wellington", "Victoria"},
	}
	for name, values := range teams {
		if why := PeopleValues(values); why != "" {
			t.Errorf("%s %q: caught: %s", name, values, why)
		}
	}
	if PeopleValues(nil) != "" {
		t.Error("no values: caught")
	}
}
