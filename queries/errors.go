package queries

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Error puts an error from DuckDB into deskstat's words; doing says what DuckDB
// was asked to do ("read the file"). DuckDB's own messages may echo a whole line
// of the file (names, e-mail addresses) and give advice about its SQL options that
// a user cannot act on: neither is passed on. What wraps the DuckDB error (the
// step, the file) is kept. Errors that are not DuckDB's, or already translated,
// come back unchanged.
func Error(err error, doing string) error {
	var done *translated
	var de *duckdb.Error
	if err == nil || errors.As(err, &done) || !errors.As(err, &de) {
		return err
	}
	prefix := strings.TrimSuffix(err.Error(), de.Msg)
	if prefix == err.Error() {
		prefix = "" // a wrapper that does not end with the message: drop it, it holds the message
	}
	return &translated{msg: prefix + inWords(de, doing), err: err}
}

// translated is a DuckDB error in deskstat's words; it unwraps to the original
// so that errors.Is and errors.As still see the cause.
type translated struct {
	msg string
	err error
}

func (e *translated) Error() string { return e.msg }
func (e *translated) Unwrap() error { return e.err }

var (
	csvLine     = regexp.MustCompile(`CSV Error on Line: ([0-9]+)`)
	columnCount = regexp.MustCompile(`Expected Number of Columns: ([0-9]+) Found: ([0-9]+)`)
	lineSize    = regexp.MustCompile(`Maximum line size of ([0-9]+) bytes exceeded\. Actual Size: ?([0-9]+) bytes`)
	converting  = regexp.MustCompile(`Error when converting column "((?:[^"]|"")*)"\. Could not convert string .* to '([A-Za-z_ ]+)'`)
	outOfMemory = regexp.MustCompile(`\(([0-9.]+ [KMGT]?i?B)/([0-9.]+ [KMGT]?i?B) used\)`)
	// Greedy: a value may hold the quote mark itself (O'Neill).
	quoted       = regexp.MustCompile(`"[^\n]*"|'[^\n]*'`)
	typePrefix   = regexp.MustCompile(`^[A-Za-z ]*Error: `)
	gridColumnNo = regexp.MustCompile(`^column([0-9]+)$`)
)

// inWords is one DuckDB error as a sentence of deskstat's.
func inWords(de *duckdb.Error, doing string) string {
	msg := de.Msg
	if de.Type == duckdb.ErrorTypeOutOfMemory {
		limit := ""
		if m := outOfMemory.FindStringSubmatch(msg); m != nil {
			limit = " (" + m[2] + " allowed)"
		}
		return fmt.Sprintf("DuckDB ran out of memory%s while asked to %s: allow it more with --memory-limit (e.g. --memory-limit 2GB), or close other programs", limit, doing)
	}
	if m := csvLine.FindStringSubmatch(msg); m != nil {
		return "row " + m[1] + csvReason(msg)
	}
	return fmt.Sprintf("DuckDB could not %s: %s", doing, firstSentence(msg))
}

// csvReason says what is wrong with a row DuckDB's CSV reader stopped at. DuckDB's
// "Line: N" counts records (a quoted value across lines is one), header included,
// which is the row a spreadsheet shows.
func csvReason(msg string) string {
	if m := lineSize.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf(": the row is %s bytes long, more than the %s a row may have: is this a table of calls (a quote never closed, or the wrong file)?", m[2], m[1])
	}
	if m := columnCount.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf(": %s values where the header has %s", m[2], m[1])
	}
	if strings.Contains(msg, "Invalid unicode") {
		return ": bytes that are not UTF-8: say the file's encoding with --encoding (e.g. --encoding windows-1252)"
	}
	if m := converting.FindStringSubmatch(msg); m != nil {
		col := strings.ReplaceAll(m[1], `""`, `"`)
		if n := gridColumnNo.FindStringSubmatch(col); n != nil {
			i, _ := strconv.Atoi(n[1])
			col = strconv.Itoa(i + 1)
		} else {
			col = strconv.Quote(col)
		}
		return fmt.Sprintf(", column %s: a value cannot be read as %s", col, article(strings.ToLower(m[2])))
	}
	// Whatever else: the rest of the message echoes the row, so none of it is shown.
	return ": DuckDB's CSV reader could not read it"
}

func article(typ string) string {
	switch typ {
	case "timestamp", "timestamp with time zone", "date", "time":
		return "a date"
	case "integer", "bigint", "double", "decimal", "smallint", "tinyint", "hugeint", "float":
		return "a number"
	}
	return typ
}

// firstSentence is the first sentence of a DuckDB message without its type prefix,
// its echo of the statement or the file's line, and any quoted text (a value).
func firstSentence(msg string) string {
	msg = typePrefix.ReplaceAllString(msg, "")
	msg, _, _ = strings.Cut(msg, "\n")
	msg = strings.TrimSpace(quoted.ReplaceAllString(msg, `"…"`))
	if i := strings.Index(msg, ". "); i > 0 {
		msg = msg[:i]
	}
	msg = strings.TrimRight(msg, ".!")
	if msg == "" {
		return "no reason given"
	}
	return strings.ToLower(msg[:1]) + msg[1:]
}
