package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/ingest"
)

// TestClassification loads testdata/rules.csv with a profile whose ordered rules
// overlap, that names the export's unusual columns, and that adds a severity label.
func TestClassification(t *testing.T) {
	p, err := ingest.LoadProfile("", "testdata/rules_profile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	s := mustIngest(t, db, "testdata/rules.csv", ingest.Options{Profile: p})
	if s.Loaded != 6 || s.Rejected != 0 {
		t.Fatalf("loaded %d, rejected %d; want all 6 calls loaded (%v)", s.Loaded, s.Rejected, s.Rejects)
	}
	got := map[string]string{}
	for _, l := range lines(t, db, `SELECT ticket_id, category, category_rule, exported_category, severity, severity_label FROM tickets`) {
		id, rest, _ := strings.Cut(l, " | ")
		got[id] = rest
	}
	tests := []struct {
		name, id, want string // category | category_rule | exported_category | severity | severity_label
	}{
		{"two rules match: the first wins", "J-1", "User error | 1 | Software | 1 | Code Red"},
		{"the second rule on the summary", "J-2", "Email | 2 | Software | 1 | code red"},
		{"patterns ignore case", "J-6", "Email | 2 | Software | 4 | Low"},
		{"a rule on the exported category", "J-3", "Hardware faults | 3 | Hardware | 2 | Sev 2"},
		{"a category rule ignores the summary; no match keeps the exported category", "J-4", "Software | NULL | Software | NULL | Amber"},
		{"nothing to go on: Unclassified", "J-5", "Unclassified | NULL | NULL | NULL | NULL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got[tt.id] != tt.want {
				t.Errorf("%s: got %q, want %q", tt.id, got[tt.id], tt.want)
			}
		})
	}
	var profile string
	if err := db.QueryRow(`SELECT profile FROM imports`).Scan(&profile); err != nil || profile != "testdata/rules_profile.yaml" {
		t.Errorf("imports.profile = %q (%v), want the profile's path", profile, err)
	}
}

func TestLoadProfileErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"unknown key", "categorys:\n  - name: Email\n    patterns: [outlook]\n",
			[]string{"line 1", "categorys"}},
		{"bad regex", "categories:\n  - name: Email\n    patterns: ['outlook(']\n",
			[]string{"categories: rule 1 (Email)", `pattern "outlook("`, "missing closing )"}},
		{"unknown field", "categories:\n  - name: Email\n    fields: [summary, descripton]\n    patterns: [outlook]\n",
			[]string{"categories: rule 1 (Email)", `unknown field "descripton"`, "summary, category, subcategory"}},
		{"rule without patterns", "categories:\n  - name: Email\n  - name: Other\n    patterns: [x]\n",
			[]string{"categories: rule 1 (Email): no patterns"}},
		{"rule without a name", "categories:\n  - name: Email\n    patterns: [outlook]\n  - patterns: [x]\n",
			[]string{"categories: rule 2: no name"}},
		{"severity out of range", "severity_labels:\n  \"Code Red\": 7\n",
			[]string{"severity_labels", `"Code Red"`, "severity 7 is not between 1 and 5"}},
		{"severity not a number", "severity_labels:\n  \"Code Red\": high\n",
			[]string{"line 2", "high"}},
		{"unknown canonical column", "columns:\n  ticket: Job No\n",
			[]string{`columns: unknown column "ticket"`, "ticket_id", "opened_at"}},
		{"empty export header", "columns:\n  ticket_id: \"  \"\n",
			[]string{"columns: ticket_id: empty export header"}},
		{"a list written as text", "pause_states: Awaiting User Info\n",
			[]string{`line 1: want a list, as [A, B], not "Awaitin..."`}},
		{"not a yes or no", "sla_pauses: maybe\n",
			[]string{`line 1: want true or false, not "maybe"`}},
		{"unknown date order", "date_order: dd/mm/yyyy\n",
			[]string{`date_order: "dd/mm/yyyy" is not one of day-first, month-first`}},
		{"a status in two phases", "pause_states: [Pending]\nopen_states: [pending]\n",
			[]string{`pause_states: "Pending" is in open_states too: a status belongs to one phase`}},
		{"targets by an unknown column", "sla_targets_by:\n  caller: {Jo: {1: 2h}}\n",
			[]string{"sla_targets_by: caller: want one of supplier, assignment_group, service, category"}},
		{"a group's bad target", "sla_targets_by:\n  supplier: {SW1: {1: soon}}\n",
			[]string{"sla_targets_by: supplier: SW1: 1:", "soon"}},
		{"working time without hours", "sla_time: working\n",
			[]string{"sla_time: working needs working_hours"}},
		{"unknown clock time", "sla_time: wall\n",
			[]string{`sla_time: "wall": want calendar or working`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ingest.LoadProfile("", path)
			if err == nil {
				t.Fatalf("LoadProfile: no error, want one mentioning %q", tt.want)
			}
			for _, w := range append([]string{"profile " + path}, tt.want...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			said := strings.TrimPrefix(err.Error(), "profile "+path+": ")
			for _, leak := range []string{"unmarshal", "!!", "ingest.", "yaml:"} {
				if strings.Contains(said, leak) {
					t.Errorf("error %q is in the YAML library's words (%q)", err, leak)
				}
			}
		})
	}
	t.Run("no such file", func(t *testing.T) {
		_, err := ingest.LoadProfile("", "testdata/missing.yaml")
		if err == nil || !strings.Contains(err.Error(), "testdata/missing.yaml") {
			t.Errorf("error %v, want one naming testdata/missing.yaml", err)
		}
	})
}

func TestLoadProfile(t *testing.T) {
	p, err := ingest.LoadProfile("", "testdata/rules_profile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Rules test desk" || len(p.Categories) != 3 || p.Severities["Code Red"] != 1 || p.Columns["ticket_id"] != "Job No" {
		t.Errorf("profile = %+v", p)
	}
	// A rule without fields looks at the summary.
	if got := p.Categories[0].Fields; len(got) != 1 || got[0] != "summary" {
		t.Errorf("rule 1 fields = %q, want [summary]", got)
	}
	if p.Path != "testdata/rules_profile.yaml" || len(p.SHA256) != 64 {
		t.Errorf("path %q sha256 %q, want the file's path and hash", p.Path, p.SHA256)
	}
}
