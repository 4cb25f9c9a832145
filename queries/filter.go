package queries

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/deskstat/deskstat/report"
)

// textMatch compares text case-insensitively, ignoring surrounding space and the
// curly apostrophes that Word and Outlook put into names like "Children's".
const textMatch = `lower(trim(replace(CAST(%s AS VARCHAR), '’', ''''))) = lower(trim(replace(%s, '’', '''')))`

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
	for i, c := range f.Where {
		if _, err := LookupColumn(c.Column, f.Personal); err != nil {
			return "", nil, fmt.Errorf("--where %s: %w", c.Column, err)
		}
		param := fmt.Sprintf("$where_%d", i)
		conds = append(conds, fmt.Sprintf(textMatch, Ident(c.Column), param))
		args = append(args, sql.Named(param[1:], c.Value))
	}
	return strings.Join(conds, " AND "), args, nil
}
