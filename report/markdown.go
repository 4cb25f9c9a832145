package report

import (
	"fmt"
	"io"
	"strings"
)

// writeMarkdown writes a GitHub-flavoured table and the notes as a list.
func writeMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", mdEscape(r.Title))
	fmt.Fprintf(&b, "| %s | count |\n|---|---:|\n", mdEscape(r.By))
	for _, row := range r.Rows {
		fmt.Fprintf(&b, "| %s | %s |\n", mdEscape(r.displayValue(row.Value)), r.count(row))
	}
	fmt.Fprintf(&b, "| **Total** | **%s** |\n\n", r.total())
	for _, n := range r.Notes() {
		fmt.Fprintf(&b, "- %s\n", mdEscape(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape keeps a value from breaking the table or turning into markup.
var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "\n", " ")

func mdEscape(s string) string { return mdReplacer.Replace(s) }
