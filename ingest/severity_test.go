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
		// The word wins over a number that disagrees.
		{"3 - High", 2}, {"1 - Low", 4}, {"P3 (Critical)", 1}, {"Sev 2 - High", 2},
		// Not recognised: never guessed.
		{"", 0}, {"   ", 0}, {"TBC", 0}, {"?", 0}, {"6", 0}, {"0", 0}, {"P0", 0},
		{"12", 0}, {"1 2", 0}, {"High/Low", 0}, {"Sev X", 0}, {"very bad", 0},
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
