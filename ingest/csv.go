package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/deskstat/deskstat/queries"
)

// stageCSV reads a delimited file (plain or gzipped) into the raw grid with
// DuckDB's own reader, after sniffing the delimiter from its first lines. It returns
// the number of fields of each of the first records, as the grid no longer shows
// where a row ended.
func stageCSV(ctx context.Context, conn *sql.Conn, path string) ([]int, error) {
	head, err := readHead(path, 64<<10)
	if err != nil {
		return nil, err
	}
	delim := sniffDelimiter(head)
	if _, err := conn.ExecContext(ctx, queries.SQL("stage_csv"), sql.Named("path", path), sql.Named("delim", string(delim))); err != nil {
		return nil, fmt.Errorf("read as CSV (delimiter %q): %w", delim, err)
	}
	return fieldCounts(head, delim), nil
}

// fieldCounts returns the number of fields of each complete non-empty record in
// head (read_csv skips empty lines too, so indexes match the grid's rows).
func fieldCounts(head []byte, delim byte) []int {
	r := csv.NewReader(bytes.NewReader(head))
	r.Comma = rune(delim)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var counts []int
	for {
		rec, err := r.Read()
		if err != nil {
			break // the end, or a record cut short by the head's limit
		}
		counts = append(counts, len(rec))
	}
	return counts
}

// readHead returns up to n bytes from the start of a file, gunzipped if need be.
func readHead(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("not a gzip file: %w", err)
		}
		defer gz.Close()
		r = gz
	}
	b, err := io.ReadAll(io.LimitReader(r, n))
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return b, nil
}

// sniffDelimiter picks the delimiter that splits the most lines into the same
// number (above one) of fields, counting only outside quotes. Title rows above
// the header and a last line cut short do not sway it.
func sniffDelimiter(head []byte) byte {
	candidates := []byte{',', ';', '\t', '|'}
	lines := splitRecords(head, 50)
	best, bestScore := byte(','), 0
	for _, d := range candidates {
		freq := map[int]int{}
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				freq[n]++
			}
		}
		score := 0
		for _, c := range freq {
			score = max(score, c)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// splitRecords splits text into at most n records, not splitting inside quotes.
func splitRecords(b []byte, n int) []string {
	var out []string
	inQuote := false
	start := 0
	for i, c := range b {
		switch c {
		case '"':
			inQuote = !inQuote
		case '\n':
			if !inQuote {
				out = append(out, string(b[start:i]))
				start = i + 1
				if len(out) == n {
					return out
				}
			}
		}
	}
	return out // a last line without its newline may be cut short: leave it out
}

func countOutsideQuotes(line string, d byte) int {
	n := 0
	inQuote := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			inQuote = !inQuote
		case d:
			if !inQuote {
				n++
			}
		}
	}
	return n
}
