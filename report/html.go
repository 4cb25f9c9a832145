package report

import (
	_ "embed"
	"io"
	"strings"
)

// echartsJS is inlined into every page so that reports work offline and by e-mail.
//
//go:embed assets/echarts/echarts.min.js
var echartsJS string

// writeHTML writes a breakdown as one self-contained page: the pack's page with one
// section, a bar chart (largest on top) over the table, then the notes.
func writeHTML(w io.Writer, r *Result) error {
	m := r.measures()
	m.Charts = []Chart{{Kind: "hbar", Columns: []int{1}}}
	return writePackHTML(w, &Pack{Title: r.Title, Sections: []*Measures{m}, Meta: r.Meta})
}

// jsonForScript makes JSON safe inside a <script> element: "</script>" or "<!--"
// in a category name cannot end the script. The escapes are valid JSON and JS.
func jsonForScript(s string) string {
	return strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "\u2028", `\u2028`, "\u2029", `\u2029`).Replace(s)
}
