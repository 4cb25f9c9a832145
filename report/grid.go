package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Grid is a plain listing (rows of text under headers), for commands that list
// records rather than count them, such as rejects.
type Grid struct {
	Columns []string
	Rows    [][]string
	// Numbers are the columns whose values are numbers: JSON gives them as numbers,
	// the rest as text; an empty value of any column as null (nothing there).
	Numbers []string
	// Objects are the columns whose values are JSON objects (a rejected row as it
	// was read): JSON gives them as objects, the other formats as text.
	Objects []string
}

// gridKey is a column's JSON key: lower case, words joined by "_" ("rows read" is
// rows_read), as the keys of every other JSON output.
func gridKey(column string) string {
	return strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(column)), ",", ""), " ", "_")
}

// WriteGrid writes g as a table, CSV, JSON (an array of objects) or Markdown.
func WriteGrid(w io.Writer, f Format, g *Grid) error {
	switch f {
	case Table:
		t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAutoWrap(tw.WrapNone))
		t.Header(toAny(g.Columns)...)
		rows := make([][]string, len(g.Rows))
		for i, row := range g.Rows {
			rows[i] = make([]string, len(row))
			for j, v := range row {
				rows[i][j] = OneLine(v)
			}
		}
		if err := t.Bulk(rows); err != nil {
			return err
		}
		return t.Render()
	case CSV:
		cw := newCSVWriter(w)
		_ = cw.Write(g.Columns)
		_ = cw.WriteAll(g.Rows)
		return cw.Error()
	case JSON:
		out := make([]jsonObject, len(g.Rows))
		for i, row := range g.Rows {
			for j, c := range g.Columns {
				var v any = row[j]
				if _, err := strconv.ParseFloat(row[j], 64); err == nil && slices.Contains(g.Numbers, c) {
					v = json.Number(row[j])
				} else if row[j] == "" {
					v = nil
				}
				if slices.Contains(g.Objects, c) && json.Valid([]byte(row[j])) {
					v = json.RawMessage(row[j])
				}
				out[i].keys, out[i].values = append(out[i].keys, gridKey(c)), append(out[i].values, v)
			}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case Markdown:
		fmt.Fprint(w, "|")
		for _, c := range g.Columns {
			fmt.Fprintf(w, " %s |", mdEscape(c))
		}
		fmt.Fprint(w, "\n|")
		for range g.Columns {
			fmt.Fprint(w, "---|")
		}
		fmt.Fprintln(w)
		for _, row := range g.Rows {
			fmt.Fprint(w, "|")
			for _, v := range row {
				fmt.Fprintf(w, " %s |", mdEscape(v))
			}
			fmt.Fprintln(w)
		}
		return nil
	}
	return fmt.Errorf("format %s is not available for this listing (use table, csv, json or markdown)", f)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
