package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

var packPage = template.Must(template.New("pack").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 64rem; color: #222; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th { vertical-align: bottom; }
/* A table of many measures fits the page: smaller, its headings wrapped. */
table.wide { font-size: .78rem; }
table.wide th, table.wide td { padding: .2rem .35rem; }
table.wide th { max-width: 5.5rem; }
.notes { color: #555; font-size: .85rem; }
.chart { width: 100%; }
h2 { margin-top: 2.5rem; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{- range .Lead}}
<p>{{.}}</p>
{{- end}}
{{- range .Sections}}
{{- if .Title}}
<h2>{{.Title}}</h2>
{{- end}}
{{- range .Charts}}
<div class="chart" id="{{.ID}}" role="img" aria-label="{{.Title}}" style="height: {{.Height}}px"></div>
{{- end}}
{{- if .Withheld}}
<p class="notes">{{.Withheld}}</p>
{{- else}}
<table{{if gt (len .Headers) 8}} class="wide"{{end}}>
<thead><tr>{{range $i, $h := .Headers}}<th{{if $i}} class="n"{{end}}>{{$h}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range $i, $c := .}}<td{{if $i}} class="n"{{end}}>{{$c}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- end}}
<h2>{{.NotesTitle}}</h2>
<ul class="notes">
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
<script>{{.Echarts}}</script>
<script>
(function () {
  var options = {{.Options}};
  var charts = [];
  Object.keys(options).forEach(function (id) {
    var chart = echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    chart.setOption(options[id]);
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
</script>
</body>
</html>
`))

type htmlChart struct {
	ID, Title string
	Height    int
}

type htmlSection struct {
	Title    string
	Withheld string // in the table's place
	Headers  []string
	Rows     [][]string
	Charts   []htmlChart
}

// writePackHTML writes the pack as one self-contained page: each section's charts,
// then its table, then what was counted and the definitions. Chart ids are the
// section and chart numbers, so that pages compare byte for byte.
func writePackHTML(w io.Writer, p *Pack) error {
	return writePage(w, p, []string{"Counted: " + p.Meta.Scope() + "."}, "What was counted, and how", p.Notes()[1:])
}

// writePage writes the page: a title, the lead paragraphs, each section's charts
// and table, and the notes under their heading.
func writePage(w io.Writer, p *Pack, lead []string, notesTitle string, notes []string) error {
	var sections []htmlSection
	options := "{"
	for i, s := range p.Sections {
		view := s.known() // the table; the charts draw from s
		sec := htmlSection{Title: s.Title, Headers: view.headers()}
		if len(s.Rows) == 0 {
			sec.Withheld = s.Withheld
		}
		if s.Title == p.Title {
			sec.Title = "" // a page of one table: the heading says it
		}
		for _, row := range view.Rows {
			cells := make([]string, len(row))
			for j, v := range row {
				cells[j] = view.cell(j, v)
			}
			sec.Rows = append(sec.Rows, cells)
		}
		for j, c := range s.Charts {
			id := fmt.Sprintf("chart-%d-%d", i+1, j+1)
			height := 320
			if c.Run != nil {
				height = 260
			}
			if c.Kind == "hbar" { // a bar a row, readable however many rows
				height = max(height, 80+28*len(s.Rows))
			}
			sec.Charts = append(sec.Charts, htmlChart{ID: id, Title: c.Title, Height: height})
			if len(options) > 1 {
				options += ","
			}
			options += fmt.Sprintf("%q:%s", id, chartOption(id, s, c))
		}
		sections = append(sections, sec)
	}
	options += "}"
	return packPage.Execute(w, map[string]any{
		"Title":      p.Title,
		"Lead":       lead,
		"NotesTitle": notesTitle,
		"Sections":   sections,
		"Notes":      notes,
		"Echarts":    template.JS(echartsJS),
		"Options":    template.JS(jsonForScript(options)),
	})
}

// chartOption builds one chart's echarts option with go-echarts.
func chartOption(id string, m *Measures, c Chart) string {
	if c.Run != nil {
		return runChartOption(id, c)
	}
	var labels []string
	var rows [][]any
	for i, row := range m.Rows {
		if (c.Rows == nil && label(row[0]) != m.Structure.Total) || slices.Contains(c.Rows, i) {
			labels = append(labels, m.cell(0, row[0]))
			rows = append(rows, row)
		}
	}
	names := make([]string, len(c.Columns))
	for i, col := range c.Columns {
		names[i] = m.Columns[col].Name
	}
	if c.Transpose {
		// One series a row, one category a column: the suppliers side by side.
		t := make([][]any, len(c.Columns))
		for i, col := range c.Columns {
			t[i] = make([]any, len(rows)+1)
			t[i][0] = names[i]
			for j, row := range rows {
				t[i][j+1] = row[col]
			}
		}
		cols := make([]int, len(rows))
		for j := range cols {
			cols[j] = j + 1
		}
		labels, names, rows, c.Columns = names, labels, t, cols
	}
	// The value axis says what it counts, in whole calls where it counts calls.
	unit, counts := "", true
	for _, col := range c.Columns {
		if !c.Transpose {
			u := m.Columns[col].Unit
			if unit == "" || unit == u {
				unit = u
			} else {
				unit = "mixed"
			}
			counts = counts && u == "calls"
		}
	}
	if c.Transpose { // a series a row: its unit is in its label, "median (h)"
		unit, counts = "", false
		for k, i := range c.Rows {
			u := map[bool]string{true: "hours", false: "mixed"}[strings.HasSuffix(label(m.Rows[i][0]), "(h)")]
			if k == 0 || u == unit {
				unit = u
			} else {
				unit = "mixed"
			}
		}
	}
	axisName := map[string]string{"calls": "calls", "hours": "hours", "percent": "%"}[unit]
	minInterval := 0.0
	if counts {
		minInterval = 1
	}
	top := "16%"
	if c.Title == "" {
		top = "10%" // no title: no gap for one
	}
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithTitleOpts(opts.Title{Title: c.Title}),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "2%", Right: "4%", Top: top, Bottom: "4%"}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(c.Columns) > 1), Top: "6%"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
	}
	value := func(row []any, col int) any {
		switch v := row[col].(type) {
		case int64:
			return v
		case float64:
			return shownTo(v, 1) // as the table shows it
		}
		return nil
	}
	valueAxis := opts.YAxis{Type: "value", Name: axisName, MinInterval: minInterval}
	if c.Kind != "hbar" {
		global = append(global, charts.WithYAxisOpts(valueAxis))
	}
	if c.Kind == "line" {
		line := charts.NewLine()
		line.SetGlobalOptions(global...)
		line.SetXAxis(labels)
		for k, col := range c.Columns {
			data := make([]opts.LineData, len(rows))
			for i, row := range rows {
				data[i] = opts.LineData{Value: value(row, col)}
			}
			line.AddSeries(names[k], data)
		}
		return line.RenderSnippet().Option
	}
	bar := charts.NewBar()
	if c.Kind == "hbar" {
		// Largest on top: echarts draws a category axis from the bottom up.
		for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
			labels[i], labels[j] = labels[j], labels[i]
			rows[i], rows[j] = rows[j], rows[i]
		}
		global = append(global, charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: axisName, MinInterval: minInterval}), charts.WithYAxisOpts(opts.YAxis{Type: "category"}))
	}
	bar.SetGlobalOptions(global...)
	bar.SetXAxis(labels)
	for k, col := range c.Columns {
		data := make([]opts.BarData, len(rows))
		for i, row := range rows {
			data[i] = opts.BarData{Value: value(row, col)}
		}
		var so []charts.SeriesOpts
		switch {
		case c.Kind == "stacked":
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "all"}))
		case len(rows) <= 24:
			// Each bar says its figure: a bar of 0 draws nothing, and would read as
			// a figure missing.
			pos := "top"
			if c.Kind == "hbar" {
				pos = "right"
			}
			so = append(so, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: pos}))
		}
		bar.AddSeries(names[k], data, so...)
	}
	if c.Kind == "hbar" {
		bar.XYReversal()
	}
	return bar.RenderSnippet().Option
}

// The colours of NHS "Making Data Count": common cause grey, special cause of
// concern orange, of improvement blue (for calls, more is worse).
const (
	runGrey   = "#7f7f7f"
	runHigher = "#ed8b00"
	runLower  = "#41b6e6"
)

// runChartOption draws a run chart: the counts, the centre line and the limits
// (stepped: each month's own), and the months that signal, coloured.
func runChartOption(id string, c Chart) string {
	r := c.Run
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithTitleOpts(opts.Title{Title: c.Title}),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "2%", Right: "4%", Top: "18%", Bottom: "4%"}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "7%"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Name: "calls", MinInterval: 1}),
	)
	line.SetXAxis(r.Labels)
	rounded := func(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }
	series := func(values func(i int) any) []opts.LineData {
		data := make([]opts.LineData, len(r.Labels))
		for i := range data {
			data[i] = opts.LineData{Value: values(i)}
		}
		return data
	}
	limit := func(name string, v []float64, dash string) {
		line.AddSeries(name, series(func(i int) any { return rounded(v[i]) }),
			charts.WithLineChartOpts(opts.LineChart{Step: "middle", ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: runGrey, Type: dash, Width: 1}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: runGrey}))
	}
	line.AddSeries("calls", series(func(i int) any { return r.Counts[i] }),
		charts.WithLineStyleOpts(opts.LineStyle{Color: runGrey, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: runGrey}))
	limit("centre line", r.Centre, "dashed")
	limit("upper limit", r.High, "dotted")
	limit("lower limit", r.Low, "dotted")
	for _, s := range []struct {
		name  string
		sign  int
		color string
	}{{"higher than chance explains", 1, runHigher}, {"lower than chance explains", -1, runLower}} {
		marked := false
		data := series(func(i int) any {
			if r.Signal[i] != s.sign {
				return "-" // echarts: no point
			}
			marked = true
			return r.Counts[i]
		})
		if !marked {
			continue
		}
		line.AddSeries(s.name, data,
			charts.WithLineChartOpts(opts.LineChart{SymbolSize: 9, ConnectNulls: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}))
	}
	return line.RenderSnippet().Option
}
