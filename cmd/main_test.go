package cmd

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"deskstat": func() { os.Exit(Run()) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real command on
// the bundled samples, as a user would type it.
func TestScripts(t *testing.T) {
	samples, err := filepath.Abs("../samples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLES", samples)
			return nil
		},
	})
}

// seedArgs is the FOI question of ../shared/DOMAIN.md, on the sample log.
var seedArgs = []string{"breakdown", "../samples/council_calls_2013_2014.csv",
	"--profile", "../samples/council_profile.yaml", "--severity", "1,2",
	"--from", "2013-06", "--to", "2014-09", "--where", "service=Children's Social Care"}

// TestGolden compares each human- and machine-readable format of the seed answer with
// its golden file. Run with -update after an intended change, and read the diff.
func TestGolden(t *testing.T) {
	monthlyArgs := []string{"monthly", "2014-09", "../samples/council_calls_2013_2014.xlsx", "--profile", "../samples/council_profile.yaml"}
	tests := []struct {
		name string
		args []string
	}{
		{"seed.text", append(seedArgs, "--format", "text")},
		{"seed.markdown", append(seedArgs, "--format", "markdown")},
		{"seed.json", append(seedArgs, "--format", "json")},
		{"seed.csv", append(seedArgs, "--format", "csv")},
		{"seed.table", append(seedArgs, "--format", "table")},
		// The monthly pack on the sample log: its figures, period, notes and definitions.
		{"monthly.table", append(monthlyArgs, "--format", "table")},
		{"monthly.json", append(monthlyArgs, "--format", "json")},
		// An event log's history, as the README's tour shows it.
		{"history_ticket.table", []string{"sla", "../samples/process_mining_log.csv", "--ticket", "1-102", "--format", "table"}},
		{"history_states.table", []string{"states", "../samples/process_mining_log.csv", "--format", "table"}},
		{"history_sla.table", []string{"sla", "../samples/process_mining_log.csv", "--format", "table"}},
		// The analyst's tables, as the README shows them.
		{"crosstab.table", []string{"breakdown", "../samples/council_calls_2013_2014.csv", "--profile", "../samples/council_profile.yaml",
			"--by", "service", "--across", "severity", "--format", "table"}},
		{"changes.table", []string{"changes", "2014-09", "../samples/council_calls_2013_2014.csv", "--profile", "../samples/council_profile.yaml",
			"--by", "supplier", "--format", "table"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(context.Background(), tt.args, nil, &out, &errOut)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			golden := filepath.Join("testdata/golden", tt.name)
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s (run go test ./cmd -update and read the diff):\n%s", golden, out.String())
			}
		})
	}
}

// TestHTMLSelfContained: the page carries its chart library and loads nothing from
// the network, and values from the data cannot become markup.
func TestHTMLSelfContained(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "calls.csv")
	evil := `<img src=x onerror=alert(1)></script>`
	data := "Ref,Date Logged,Priority,Summary,Category\n" +
		"A1,03/06/2013 09:00,P1,cannot log in,\"" + evil + "\"\n" +
		"A2,04/06/2013 09:00,P2,printer jam,Printing\n"
	if err := os.WriteFile(csv, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "out.html")
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"breakdown", csv, "-o", page}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	lib, err := os.ReadFile("../report/assets/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, string(lib)) {
		t.Fatal("the page does not inline echarts.min.js")
	}
	rest := strings.Replace(html, string(lib), "", 1)
	for _, bad := range []string{"http://", "https://", "<link", "@import", "//cdn"} {
		if strings.Contains(rest, bad) {
			t.Errorf("the page (outside the inlined library) contains %q", bad)
		}
	}
	if tag := regexp.MustCompile(`<[a-zA-Z]+[^>]*\s(src|href)\s*=`).FindString(rest); tag != "" {
		t.Errorf("the page loads something: %s", tag)
	}
	if strings.Contains(html, evil) || strings.Contains(rest, "<img") {
		t.Error("a category from the data was written into the page unescaped")
	}
	if !strings.Contains(rest, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the category is missing from the table (escaped)")
	}
	if !strings.Contains(rest, `\u003cimg src=x onerror=alert(1)\u003e\u003c/script\u003e`) {
		t.Error("the category is missing from the chart data (JSON-escaped)")
	}
	if !strings.Contains(rest, `<div class="chart" id="chart-1-1"`) || !strings.Contains(rest, `"type":"bar"`) {
		t.Error("the page has no bar chart")
	}

	// The monthly pack from the same data: a chart element and options for each of
	// its charts, the category escaped in both, nothing loaded.
	pack := filepath.Join(dir, "pack.html")
	if code := Main(context.Background(), []string{"monthly", "2013-06", csv, "-o", pack}, nil, &out, &errOut); code != 0 {
		t.Fatalf("monthly: exit %d: %s", code, errOut.String())
	}
	b, err = os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	rest = strings.Replace(string(b), string(lib), "", 1)
	if strings.Count(rest, `<div class="chart" id="chart-`) != 7 || strings.Count(rest, `"chart-`) < 14 {
		t.Errorf("the pack has %d chart elements, want 7 with their options", strings.Count(rest, `<div class="chart" id="chart-`))
	}
	if strings.Contains(rest, evil) || strings.Contains(rest, "<img") || regexp.MustCompile(`<[a-zA-Z]+[^>]*\s(src|href)\s*=`).MatchString(rest) {
		t.Error("the pack writes data unescaped or loads something")
	}
	for _, want := range []string{"Calls opened by severity per month", "Open calls by age at", "Time to resolve: the resolved time"} {
		if !strings.Contains(rest, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
}
