package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// echartsJS is inlined into every page so that reports work offline and by e-mail.
//
//go:embed assets/echarts/echarts.min.js
var echartsJS string

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; border-top: 2px solid #222; }
.notes { color: #555; font-size: .9rem; }
.chart { width: 100%; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Scope}}</p>
<div class="chart" id="{{.ChartID}}" style="height: {{.Height}}px"></div>
<table>
<thead><tr><th>{{.By}}</th><th class="n">count</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td>{{.Label}}</td><td class="n">{{.Calls}}</td></tr>
{{- end}}
</tbody>
<tfoot><tr><td>Total</td><td class="n">{{.Total}}</td></tr></tfoot>
</table>
<ul class="notes">
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
<script>{{.Echarts}}</script>
<script>
(function () {
  var chart = echarts.init(document.getElementById({{.ChartID}}), null, { renderer: "canvas" });
  chart.setOption({{.Option}});
  window.addEventListener("resize", function () { chart.resize(); });
})();
</script>
</body>
</html>
`))

type htmlRow struct {
	Label string
	Calls string
}

// writeHTML writes one self-contained page: the chart, the table and the notes.
// Values from the data are escaped by html/template, and inside the chart's
// options by JSON escaping of <, > and &.
func writeHTML(w io.Writer, r *Result) error {
	labels := make([]string, len(r.Rows))
	data := make([]opts.BarData, len(r.Rows))
	rows := make([]htmlRow, len(r.Rows))
	// Largest bar on top: echarts draws a category axis from the bottom up.
	for i, row := range r.Rows {
		j := len(r.Rows) - 1 - i
		labels[j] = r.displayValue(row.Value)
		data[j] = opts.BarData{Value: row.Calls}
		if row.Shown != "" { // hidden or rounded: the chart must not give it away
			data[j] = opts.BarData{Value: "-"}
			if n, err := strconv.ParseInt(row.Shown, 10, 64); err == nil {
				data[j] = opts.BarData{Value: n}
			}
		}
		rows[i] = htmlRow{Label: r.displayValue(row.Value), Calls: r.count(row)}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "breakdown"}),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "2%", Right: "4%", Top: "4%", Bottom: "4%"}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category"}),
	)
	bar.SetXAxis(labels).AddSeries("count", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	option := bar.RenderSnippet().Option
	return page.Execute(w, map[string]any{
		"Title":   r.Title,
		"Scope":   "Counted: " + r.Scope() + ".",
		"By":      r.By,
		"ChartID": "breakdown",
		"Height":  fmt.Sprint(80 + 28*len(r.Rows)),
		"Rows":    rows,
		"Total":   r.total(),
		"Notes":   r.Notes()[1:],
		"Echarts": template.JS(echartsJS),
		"Option":  template.JS(jsonForScript(option)),
	})
}

// jsonForScript makes JSON safe inside a <script> element: "</script>" or "<!--"
// in a category name cannot end the script. The escapes are valid JSON and JS.
func jsonForScript(s string) string {
	return strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "\u2028", `\u2028`, "\u2029", `\u2029`).Replace(s)
}
