package report

import (
	"encoding/csv"
	"io"
	"strconv"
)

// writeCSV writes the rows only, with a header; what was counted goes to the
// command's stderr, so that the file stays a clean table for spreadsheets.
func writeCSV(w io.Writer, r *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{r.By, "count"}); err != nil {
		return err
	}
	for _, row := range r.Rows {
		if err := cw.Write([]string{row.Value, strconv.FormatInt(row.Calls, 10)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
