package ingest

import "testing"

func TestParseSeverity(t *testing.T) {
	tests := []struct {
		label string
		want  int // 0: not recognised
	}{
		// Plain numbers.
		{"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"5", 5}, {" 2 ", 2},
		// Prefixed numbers, as hand-kept logs write them.
		{"Sev 1", 1}, {"sev1", 1}, {"SEV-2", 2}, {"Severity 1", 1}, {"severity 3", 3},
		{"Severity One", 1}, {"severity two", 2}, {"Sev Three", 3},
		{"S1", 1}, {"s2", 2}, {"P1", 1}, {"p4", 4}, {"P 2", 2},
		{"Priority 1", 1}, {"priority 5", 5}, {"Prio 2", 2}, {"Level 3", 3},
		// ServiceNow.
		{"1 - Critical", 1}, {"2 - High", 2}, {"3 - Moderate", 3}, {"4 - Low", 4}, {"5 - Planning", 5},
		// Words alone: ITIL, Jira, Zendesk, Freshservice.
		{"Critical", 1}, {"High", 2}, {"Moderate", 3}, {"Medium", 3}, {"Normal", 3},
		{"Low", 4}, {"Planning", 5},
		{"Highest", 1}, {"Lowest", 5}, {"Urgent", 1}, {"HIGH", 2}, {"high priority", 2},
		{"Blocker", 1}, {"Major", 2}, {"Minor", 4}, {"Trivial", 5},
		// Vendor labels as exported. ServiceNow, including the UCI event log's.
		{"1 - Critical", 1}, {"1 – Critical", 1}, {"1-Critical", 1}, {"5 - planning", 5},
		// Jira, with the P-number styles of Jira Service Management schemes.
		{"Highest", 1}, {"High", 2}, {"Medium", 3}, {"Low", 4}, {"Lowest", 5},
		{"P1 - Critical", 1}, {"P2 - High", 2}, {"P3 - Medium", 3}, {"P4 - Low", 4}, {"P5 - Lowest", 5},
		{"P1: Highest", 1}, {"Priority 1 - Critical", 1}, {"S1 - Critical", 1}, {"Severity 2", 2}, {"Critical (P1)", 1},
		// Zendesk (lower case in the API, capitalised in CSV) and Freshservice.
		{"urgent", 1}, {"high", 2}, {"normal", 3}, {"low", 4},
		{"Urgent", 1}, {"Medium", 3},
		// The word wins over a number that disagrees.
		{"3 - High", 2}, {"1 - Low", 4}, {"P3 (Critical)", 1}, {"Sev 2 - High", 2},
		// Not recognised: never guessed.
		{"", 0}, {"   ", 0}, {"TBC", 0}, {"?", 0}, {"6", 0}, {"0", 0}, {"P0", 0},
		{"12", 0}, {"1 2", 0}, {"High/Low", 0}, {"Sev X", 0}, {"very bad", 0},
		{"None", 0}, {"-", 0}, {"Not prioritised", 0},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			got, ok := ParseSeverity(tt.label)
			if tt.want == 0 {
				if ok {
					t.Fatalf("ParseSeverity(%q) = %d, want not recognised", tt.label, got)
				}
				return
			}
			if !ok || got != tt.want {
				t.Fatalf("ParseSeverity(%q) = %d, %v; want %d", tt.label, got, ok, tt.want)
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		label string
		want  int // 0: not recognised
	}{
		// ITIL as ServiceNow exports it, and plain numbers.
		{"1 - High", 1}, {"2 - Medium", 2}, {"3 - Low", 3}, {"1", 1}, {"2", 2}, {" 3 ", 3},
		// Words: Freshservice Low/Medium/High, Jira Service Management urgency.
		{"High", 1}, {"Medium", 2}, {"Low", 3}, {"HIGH", 1}, {"medium", 2},
		{"Critical", 1}, {"Urgent", 1}, {"Moderate", 2}, {"Minor", 3},
		// Jira Service Management impact: four levels, the middle two fold into 2.
		{"Extensive / Widespread", 1}, {"Significant / Large", 2}, {"Moderate / Limited", 2}, {"Minor / Localized", 3},
		// Scope-worded ServiceNow impacts, three or four levels.
		{"1 - Enterprise", 1}, {"2 - Department", 2}, {"3 - Individual", 3},
		{"3 - Multiple Users", 2}, {"4 - Single User", 3},
		// Prefixes.
		{"Level 2", 2}, {"Impact: High", 1}, {"Urgency 3", 3},
		// The word wins over a number that disagrees.
		{"3 - High", 1},
		// Not recognised: never guessed.
		{"", 0}, {"  ", 0}, {"?", 0}, {"0", 0}, {"4", 0}, {"5", 0}, {"12", 0}, {"1 2", 0},
		{"High/Low", 0}, {"No impact", 0}, {"None", 0}, {"Users", 0}, {"Planning", 0}, {"TBC", 0},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			got, ok := ParseLevel(tt.label)
			if tt.want == 0 {
				if ok {
					t.Fatalf("ParseLevel(%q) = %d, want not recognised", tt.label, got)
				}
				return
			}
			if !ok || got != tt.want {
				t.Fatalf("ParseLevel(%q) = %d, %v; want %d", tt.label, got, ok, tt.want)
			}
		})
	}
}
