package report

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// runPack is a pack of a count table and a run chart table over it.
func runPack() *Pack {
	counts := &Measures{Title: "Calls by month",
		Columns:   []Measure{{Name: "month"}, {Name: "calls", Unit: "calls"}},
		Rows:      [][]any{{"2014-01", int64(9)}, {"2014-02", int64(2)}, {"2014-03", int64(12)}},
		Structure: Structure{Size: "calls", Floor: 0}}
	runs := &Measures{Title: "Run charts",
		Columns: []Measure{{Name: "severity"}, {Name: "mean a month", Unit: "calls a month"}},
		Rows:    [][]any{{"All", 4321.5}},
		Charts: []Chart{{Title: "All: calls a month", Kind: "run", Run: &RunChart{
			Labels: []string{"2014-01", "2014-02", "2014-03"}, Counts: []int64{9, 2, 12},
			Centre: []float64{7.8, 7.0, 7.8}, Low: []float64{0, 0, 0}, High: []float64{16.2, 15.0, 16.2},
			Signal: []int{0, -1, 1}}}},
		Definitions: []string{"Run charts: the mean a month is 4321.5."},
		Structure:   Structure{NotUnderPolicy: "The run charts are left out under a disclosure policy."}}
	return &Pack{Title: "Pack", Sections: []*Measures{counts, runs}}
}

// TestRunChartHTML: the run chart draws the counts, the centre line, the limits
// and the months that signal, each in its own colour, with the chart library
// inlined.
func TestRunChartHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WritePack(&b, HTML, runPack()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	m := regexp.MustCompile(`(?s)var options = (\{.*?\});\s*var charts`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no chart options in the page")
	}
	var options map[string]struct {
		Series []struct {
			Name      string                 `json:"name"`
			Data      []json.RawMessage      `json:"data"`
			ItemStyle struct{ Color string } `json:"itemStyle"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(m[1]), &options); err != nil {
		t.Fatalf("chart options: %v", err)
	}
	chart, ok := options["chart-2-1"]
	if !ok {
		t.Fatalf("no run chart: %v", options)
	}
	got := map[string]string{}
	for _, s := range chart.Series {
		var values []string
		for _, d := range s.Data {
			var v struct{ Value any }
			if err := json.Unmarshal(d, &v); err != nil {
				t.Fatal(err)
			}
			values = append(values, strings.TrimSpace(strings.Trim(string(mustJSON(t, v.Value)), `"`)))
		}
		got[s.Name] = strings.Join(values, " ") + " " + s.ItemStyle.Color
	}
	want := map[string]string{
		"calls":                       "9 2 12 " + runGrey,
		"centre line":                 "7.8 7 7.8 " + runGrey,
		"upper limit":                 "16.2 15 16.2 " + runGrey,
		"lower limit":                 "0 0 0 " + runGrey,
		"higher than chance explains": "- - 12 " + runHigher,
		"lower than chance explains":  "- 2 - " + runLower,
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("series %q: %q, want %q", name, got[name], w)
		}
	}
	if !strings.Contains(page, "echarts") || strings.Contains(page, "<script src=") {
		t.Error("the chart library is not inlined")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunChartsNotUnderPolicy: under any policy a table marked NotUnderPolicy
// loses its rows, charts and definitions, and every format says why in its place.
func TestRunChartsNotUnderPolicy(t *testing.T) {
	for _, policy := range []string{"lt5", "ons", "dfe"} {
		p := runPack()
		if _, err := (Suppression{Policy: policy}).ApplyPack(context.Background(), p, nil); err != nil {
			t.Fatal(err)
		}
		runs := p.Sections[1]
		if len(runs.Rows) != 0 || len(runs.Charts) != 0 || len(runs.Definitions) != 0 {
			t.Errorf("%s: run charts kept: %v %v %v", policy, runs.Rows, runs.Charts, runs.Definitions)
		}
		for _, f := range []Format{Table, Markdown, HTML, JSON, XLSX} {
			var b bytes.Buffer
			if err := WritePack(&b, f, p); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if f == XLSX {
				out = xlsxText(t, b.Bytes())
			}
			if i := strings.Index(out, "<script>"); i >= 0 {
				out = out[:i] // the page before the inlined chart library
			}
			if strings.Contains(b.String(), "chart-2-") || strings.Contains(out, "4321") {
				t.Errorf("%s %s: the run chart or its mean is printed", policy, f)
			}
			if !strings.Contains(out, "left out under a disclosure policy") {
				t.Errorf("%s %s: does not say the run charts are left out", policy, f)
			}
		}
	}
}

// xlsxText is every cell of a workbook, a line a row.
func xlsxText(t *testing.T, b []byte) string {
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return out.String()
}

// TestPackMarkdownNotes: a Markdown pack gives its notes once, at the end, each a
// paragraph; no section claims to have counted nothing.
func TestPackMarkdownNotes(t *testing.T) {
	p := runPack()
	p.Meta = Meta{Filter: Filter{Severities: []int{1, 2}}}
	var b bytes.Buffer
	if err := WritePack(&b, Markdown, p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "Counted: ") != 1 || strings.Count(out, "Data: ") != 1 {
		t.Errorf("the sections carry notes of their own:\n%s", out)
	}
	if !strings.Contains(out, "\n\nRun charts: the mean a month is 4321.5.\n\n") {
		t.Errorf("a definition is not a paragraph of its own:\n%s", out)
	}
}
