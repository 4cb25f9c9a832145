package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/deskstat/deskstat/ingest"
)

// staff are the people in the files below: no error or warning may name them.
var staff = []string{"Mark Venn", "Rachel Hembrow", "Mary O'Neill", "Jane Secret", "Carl Private", "Priya Shah",
	"mark.venn@council.gov.uk", "r.hembrow@council.gov.uk", "mary.oneill@council.gov.uk"}

func staffFile(header string, cell func(i int) string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := range 6 {
		fmt.Fprintf(&b, "R%d,13/06/2013 09:%02d,Sev 2,%s\n", i+1, i, cell(i))
	}
	return b.String()
}

func names(i int) string  { return staff[i] }
func emails(i int) string { return staff[6+i%3] }

// TestFilePeopleColumns: a reported column whose header or values show people is
// refused, saying which rule caught it and never what the values are; with
// AllowPersonal it is read, with a warning.
func TestFilePeopleColumns(t *testing.T) {
	tests := []struct {
		name    string
		content string
		columns map[string]string
		want    string // in the error
	}{
		{"names in the service column", staffFile("Ref,Date Logged,Severity,Department", names),
			nil, `column "Department" names people (its values look like people's names: 6 of 6 sampled begin with a common given name): deskstat does not report it as service (--allow-personal overrides)`},
		{"e-mail addresses in the team column", staffFile("Ref,Date Logged,Severity,Assigned Team", emails),
			nil, `column "Assigned Team" names people (its values look like e-mail addresses: 3 of 3 sampled): deskstat does not report it as assignment_group`},
		{"names under --map", staffFile("Ref,Date Logged,Severity,Contractor", names),
			map[string]string{"supplier": "Contractor"}, `column "Contractor" names people (its values look like people's names`},
		{"a people header under --map", staffFile("Ref,Date Logged,Severity,Agent Assigned", func(int) string { return "x" }),
			map[string]string{"service": "Agent Assigned"}, `column "Agent Assigned" names people (header word "agent"): deskstat does not report it as service`},
		{"free text under --map", staffFile("Ref,Date Logged,Severity,Description", func(int) string { return "printer jam" }),
			map[string]string{"category": "Description"}, `column "Description" is free text, which can name people (header word "description"): deskstat does not report it as category`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			path := writeTemp(t, "calls.csv", tt.content)
			_, err := ingest.File(context.Background(), db, path, ingest.Options{Columns: tt.columns})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("err = %v: want the file named first", err)
			}
			for _, p := range staff {
				if strings.Contains(err.Error(), p) {
					t.Errorf("the error shows %q: %v", p, err)
				}
			}
			if got := lines(t, db, "SELECT count(*) FROM tickets"); got[0] != "0" {
				t.Errorf("tickets held after a refusal: %s", got[0])
			}
			s, err := ingest.File(context.Background(), db, path, ingest.Options{Columns: tt.columns, AllowPersonal: true})
			if err != nil {
				t.Fatalf("with AllowPersonal: %v", err)
			}
			checkAccounted(t, db, path, s, false)
			if s.Loaded != 6 || len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "--allow-personal; do not publish") {
				t.Fatalf("with AllowPersonal: loaded %d, warnings %q; want 6 and one warning", s.Loaded, s.Warnings)
			}
			for _, p := range staff {
				if strings.Contains(s.Warnings[0], p) {
					t.Errorf("the warning shows %q: %s", p, s.Warnings[0])
				}
			}
		})
	}
}

// TestFilePeopleSampledOverTheFile: names that start half-way down a long file are
// still found, and a column of teams of the same length is not refused.
func TestFilePeopleSampledOverTheFile(t *testing.T) {
	teams := []string{"Service Desk", "Council ICT", "Southwest One", "SW1 Desktop", "Children's Social Care", "Adult Social Care"}
	build := func(second []string) string {
		var b strings.Builder
		b.WriteString("Ref,Date Logged,Severity,Service\n")
		for i := range 20000 {
			v := "Service Desk"
			if i >= 10000 {
				v = second[i%len(second)]
			}
			fmt.Fprintf(&b, "R%d,13/06/2013 09:15,Sev 3,%s\n", i, v)
		}
		return b.String()
	}
	db := openDB(t)
	_, err := ingest.File(context.Background(), db, writeTemp(t, "long.csv", build(staff[:6])), ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), `column "Service" names people (its values look like people's names: `) {
		t.Fatalf("names from row 10,000: err = %v", err)
	}
	s := mustIngest(t, db, writeTemp(t, "teams.csv", build(teams)), ingest.Options{})
	if s.Loaded != 20000 || len(s.Warnings) != 0 {
		t.Fatalf("teams: loaded %d, warnings %q", s.Loaded, s.Warnings)
	}
}
