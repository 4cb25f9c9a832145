package report

import (
	"strings"
)

// mdEscape keeps a value from breaking the table or turning into markup.
var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "\n", " ")

func mdEscape(s string) string { return mdReplacer.Replace(s) }
