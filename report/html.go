package report

import (
	_ "embed"
	"strings"
)

// echartsJS is inlined into every page so that reports work offline and by e-mail.
//
//go:embed assets/echarts/echarts.min.js
var echartsJS string

// jsonForScript makes JSON safe inside a <script> element: "</script>" or "<!--"
// in a category name cannot end the script. The escapes are valid JSON and JS.
func jsonForScript(s string) string {
	return strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "\u2028", `\u2028`, "\u2029", `\u2029`).Replace(s)
}
