package report

import (
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		from, to         string
		wantFrom, wantTo string
		months           bool
		words            string
		err              bool
	}{
		{"2013-06", "2014-09", "2013-06-01", "2014-09-30", true, "June 2013 and September 2014", false},
		{"2014-02", "2014-02", "2014-02-01", "2014-02-28", true, "February 2014 and February 2014", false},
		{"2016-02", "2016-02", "2016-02-01", "2016-02-29", true, "February 2016 and February 2016", false}, // leap year
		{"2013-06-03", "2014-09-30", "2013-06-03", "2014-09-30", false, "3 June 2013 and 30 September 2014", false},
		{"2013-06", "2014-09-15", "2013-06-01", "2014-09-15", false, "1 June 2013 and 15 September 2014", false},
		{"", "2014-09", "", "2014-09-30", true, "(any date) and September 2014", false},
		{"2014-13", "", "", "", false, "", true},
		{"30/09/2014", "", "", "", false, "", true},
		{"2014-10", "2014-09", "", "", false, "", true}, // to before from
	}
	for _, tt := range tests {
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			p, err := ParsePeriod(tt.from, tt.to)
			if tt.err {
				if err == nil {
					t.Fatalf("ParsePeriod(%q, %q) = %+v, want an error", tt.from, tt.to, p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantFrom != "" && !p.From.Equal(day(tt.wantFrom)) || tt.wantFrom == "" && !p.From.IsZero() {
				t.Errorf("from %v, want %s", p.From, tt.wantFrom)
			}
			if !p.To.Equal(day(tt.wantTo)) {
				t.Errorf("to %v, want %s", p.To, tt.wantTo)
			}
			if !p.End().Equal(day(tt.wantTo).AddDate(0, 0, 1)) {
				t.Errorf("end %v, want the day after %s", p.End(), tt.wantTo)
			}
			if p.Months != tt.months || p.Describe() != tt.words {
				t.Errorf("months %v %q, want %v %q", p.Months, p.Describe(), tt.months, tt.words)
			}
		})
	}
}

func TestSeverityWords(t *testing.T) {
	for sevs, want := range map[string]string{"": "all severities", "1": "Sev 1", "12": "Sev 1 & 2", "123": "Sev 1, 2 & 3"} {
		var list []int
		for _, c := range sevs {
			list = append(list, int(c-'0'))
		}
		if got := SeverityWords(list); got != want {
			t.Errorf("SeverityWords(%v) = %q, want %q", list, got, want)
		}
	}
}

func TestFormatSet(t *testing.T) {
	var f Format
	for _, name := range []string{"table", "TEXT", "csv", "json", "markdown", "html"} {
		if err := f.Set(name); err != nil {
			t.Errorf("Set(%q): %v", name, err)
		}
	}
	if err := f.Set("pdf"); err == nil {
		t.Error("Set(pdf) accepted an unknown format")
	}
	if FormatForPath("out.html") != HTML || FormatForPath("a.csv") != CSV || FormatForPath("x") != "" {
		t.Error("FormatForPath does not follow the extension")
	}
}

// TestPeriodName: a heading's name for the period asked for.
func TestPeriodName(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"2014-09", "2014-09", "September 2014"},
		{"2014-07", "2014-09", "July to September 2014"},
		{"2013-06", "2014-09", "June 2013 to September 2014"},
		{"2014-09-01", "2014-09-15", "1 to 15 September 2014"},
		{"2014-08-01", "2014-09-29", "1 August to 29 September 2014"},
		{"2013-12-31", "2014-01-02", "31 December 2013 to 2 January 2014"},
		{"2014-09-03", "2014-09-03", "3 September 2014"},
		{"2014-09-01", "2014-09-30", "September 2014"}, // days that make whole months
		{"2014-07-01", "2014-09-30", "July to September 2014"},
	} {
		p, err := ParsePeriod(c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Name(); got != c.want {
			t.Errorf("%s to %s: %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// TestSheetNames: a workbook's sheet names cut long titles at a word, not within
// one, drop a phrase of time that does not fit rather than cut it, and stay unique.
func TestSheetNames(t *testing.T) {
	used := map[string]bool{}
	for _, c := range []struct{ title, want string }{
		{"Calls opened by severity per month", "Calls opened by severity"},
		{"Change in September 2014 against the 12 months before, by severity", "Change in September 2014"},
		{"Time to resolve by severity", "Time to resolve by severity"},
		{"Calls opened by severity per month", "Calls opened by severity (2)"},
		{"a:b/c", "a-b-c"},
		{"Open calls by age at 1 October 2014 00:00", "Open calls by age"},
		{"Run charts: calls a month", "Run charts - calls a month"},
		{"Calls resolved in Sept 2014, by team", "Calls resolved in Sept 2014"},
		{"Calls resolved by the service desk in September 2014", "Calls resolved by the service"},
		{"Supercalifragilisticexpialidocious and more words", "Supercalifragilisticexpialidoci"},
	} {
		if got := sheetName(c.title, used); got != c.want {
			t.Errorf("%q: sheet %q, want %q", c.title, got, c.want)
		}
	}
}
