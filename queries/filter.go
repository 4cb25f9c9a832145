package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/deskstat/deskstat/report"
)

// textMatch compares text case-insensitively, ignoring surrounding space and the
// curly apostrophes that Word and Outlook put into names like "Children's";
// textContains finds text anywhere in a value, so.
const (
	textMatch    = `lower(trim(replace(CAST(%s AS VARCHAR), '’', ''''))) = lower(trim(replace(%s, '’', '''')))`
	textContains = `contains(lower(replace(CAST(%s AS VARCHAR), '’', '''')), lower(trim(replace(%s, '’', ''''))))`
)

// where turns a filter into a SQL condition over tickets and its named parameters.
// Column names are checked against the schema; values go in as parameters.
func where(f report.Filter, withSeverity bool) (string, []any, error) {
	conds := []string{"TRUE"}
	var args []any
	if withSeverity && len(f.Severities) > 0 {
		conds = append(conds, "list_contains(CAST($severities AS INTEGER[]), severity)")
		sevs := make([]int32, len(f.Severities))
		for i, s := range f.Severities {
			sevs[i] = int32(s)
		}
		args = append(args, sql.Named("severities", sevs))
	}
	if !f.Period.From.IsZero() {
		// A day starts at midnight in the report's zone: the bound goes in as
		// wall-clock time and DuckDB places it in the session's zone.
		conds = append(conds, "opened_at >= CAST($from AS TIMESTAMP)")
		args = append(args, sql.Named("from", f.Period.From.Format(time.DateTime)))
	}
	if !f.Period.To.IsZero() {
		conds = append(conds, "opened_at < CAST($to AS TIMESTAMP)")
		args = append(args, sql.Named("to", f.Period.End().Format(time.DateTime)))
	}
	// One column's conditions hold as one: any of its = and ~, none of its !=.
	n := 0
	for _, col := range report.ByColumn(f.Where) {
		var anyOf []string
		for _, c := range col {
			if err := CheckCondition(c, f.Personal); err != nil {
				return "", nil, err
			}
			param := fmt.Sprintf("$where_%d", n)
			n++
			value, blank := asStored(c)
			match := fmt.Sprintf(textMatch, Ident(c.Column), param)
			if blank {
				// no value: what a report prints as (blank) or "not recognised"
				match = fmt.Sprintf("(%s IS NULL OR trim(CAST(%s AS VARCHAR)) = '' OR $%s IS NULL)", Ident(c.Column), Ident(c.Column), param[1:])
				value = ""
			}
			args = append(args, sql.Named(param[1:], value))
			switch c.Op {
			case report.OpMentions:
				anyOf = append(anyOf, fmt.Sprintf(textContains, Ident(c.Column), param))
			case report.OpIsNot:
				// a call with no value is not the one excluded
				conds = append(conds, "NOT coalesce("+match+", false)")
			default:
				anyOf = append(anyOf, match)
			}
		}
		if len(anyOf) > 0 {
			conds = append(conds, "("+strings.Join(anyOf, " OR ")+")")
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

// asStored is a condition's value as the column holds it: a severity as the
// number a report prints "Sev 1" for; blank says the condition is on no value,
// as a report prints "(blank)" (or an empty value) and, for a severity, "not
// recognised".
func asStored(c report.Condition) (value string, blank bool) {
	v := strings.TrimSpace(c.Value)
	if c.Op == report.OpMentions {
		return c.Value, false
	}
	if v == "" || strings.EqualFold(v, "(blank)") {
		return "", true
	}
	if c.Column == "severity" || c.Column == "severity_opened" || c.Column == "severity_highest" {
		if strings.EqualFold(v, "not recognised") {
			return "", true
		}
		if n, ok := strings.CutPrefix(strings.ToLower(v), "sev "); ok {
			return strings.TrimSpace(n), false
		}
	}
	return c.Value, false
}

// CheckCondition checks a --where: its column is one a user may name, and one of
// people or free text only with personal (--allow-personal), but for ~ on free
// text, which counts calls and never prints a value.
func CheckCondition(c report.Condition, personal bool) error {
	col, err := LookupColumn(c.Column, true)
	if err == nil && !personal && (col.Personal || col.FreeText && c.Op != report.OpMentions) {
		_, err = LookupColumn(c.Column, false)
		if col.FreeText {
			err = fmt.Errorf("%w; %s~TEXT counts the calls that mention TEXT without showing any", err, c.Column)
		}
	}
	if err != nil {
		return fmt.Errorf("--where %s: %w", c.Column, err)
	}
	switch c.Op {
	case "", report.OpIs, report.OpIsNot, report.OpMentions: // "": = (recorded before there were others)
	default:
		return fmt.Errorf("--where %s: unknown comparison %q", c.Column, c.Op)
	}
	return nil
}

// spelledAsData gives each = and != condition on a text column the value as the
// data spells it, where the data holds it in another case or with other
// apostrophes ("children's social care" is "Children's Social Care"): the words of
// every output say what was counted as it is written. Its most frequent
// spelling; a value the data does not hold stays as given.
func spelledAsData(ctx context.Context, db *sql.DB, conds []report.Condition) ([]report.Condition, error) {
	out := append([]report.Condition(nil), conds...)
	for i, c := range out {
		if c.Op == report.OpMentions {
			continue
		}
		col, err := LookupColumn(c.Column, true)
		if err != nil || col.Numeric || col.Personal || col.FreeText || strings.HasPrefix(c.Column, "severity") {
			continue
		}
		value, blank := asStored(c)
		if blank {
			continue
		}
		spelled, err := spelling(ctx, db, c.Column, value)
		if err != nil {
			return nil, err
		}
		if spelled != "" {
			out[i].Value = spelled
		}
	}
	return out, nil
}
