package ingest

import (
	"bytes"
	"strings"

	"github.com/deskstat/deskstat/queries"
)

// rowSample keeps, from the one read of a file, what the decisions made before
// its rows are loaded look at: its first rows (where the header is looked for)
// and rows spread evenly over the whole file (dates, values), so that a file
// sorted by date shows all its days. Rows are numbered as a spreadsheet shows
// them, from 1, empty lines included.
type rowSample struct {
	head   [][]string // the first headRows rows
	spread []sampledRow
	step   int64 // every step-th row is kept
}

type sampledRow struct {
	row   int64
	cells []string
	raw   []byte // a delimited record not split yet: see split
}

const (
	headRows   = headerSearchRows * 2
	spreadRows = 10000 // the spread holds between this many rows and twice as many
)

func newRowSample() *rowSample { return &rowSample{step: 1} }

// wants says whether row is to be kept.
func (s *rowSample) wants(row int64) bool {
	return row <= headRows || row%s.step == 0
}

// add keeps a row that wants asked for, as its cells or, for a delimited
// record, its bytes (split into cells by split, once the sample is final). When
// the spread is full, every other row goes and the step doubles: the rows kept
// stay evenly spread.
func (s *rowSample) add(r sampledRow) {
	row := r.row
	if row <= headRows {
		s.head = append(s.head, r.cells)
	}
	if row%s.step != 0 {
		return
	}
	s.spread = append(s.spread, r)
	if len(s.spread) < 2*spreadRows {
		return
	}
	s.step *= 2
	kept := s.spread[:0]
	for _, r := range s.spread {
		if r.row%s.step == 0 {
			kept = append(kept, r)
		}
	}
	s.spread = kept
}

// under returns the spread rows below the header row.
func (s *rowSample) under(header int64) []sampledRow {
	for i, r := range s.spread {
		if r.row > header {
			return s.spread[i:]
		}
	}
	return nil
}

// top is the head with its cells trimmed, where the header is looked for.
func (s *rowSample) top() [][]string {
	out := make([][]string, min(len(s.head), headerSearchRows))
	for i := range out {
		row := make([]string, len(s.head[i]))
		for j, c := range s.head[i] {
			row[j] = strings.TrimSpace(c)
		}
		out[i] = row
	}
	return out
}

// recordSampler feeds a rowSample with the records of a delimited text as the
// field scan splits them: it keeps the bytes of the records the sample wants and
// splits them into values as DuckDB's reader does. It also notes the empty lines,
// which the reader drops.
type recordSampler struct {
	scan    *fieldScan
	sample  *rowSample
	empties []queries.Gap // the runs of empty lines
	widths  []uint16      // each record's delimiters (emptyLine for an empty line)
	cur     []byte        // the bytes of the current record so far, if wanted
	want    bool
	wants   func(row int64) bool        // which records to keep
	keep    func(row int64, rec []byte) // given each kept record's bytes, which it must copy to hold
	from    int                         // where in the current Write the current record starts
	afterCR bool                        // the last record ended with a CR: an LF that follows is no byte of the next
	p       []byte
}

func newRecordSampler(delim byte, sample *rowSample) *recordSampler {
	r := &recordSampler{sample: sample, wants: sample.wants}
	r.keep = func(row int64, b []byte) {
		if row <= headRows {
			sample.add(sampledRow{row: row, cells: splitRecord(b, delim)})
			return
		}
		sample.add(sampledRow{row: row, raw: bytes.Clone(b)})
	}
	r.want = r.wants(1)
	r.scan = &fieldScan{delim: delim, ended: r.ended}
	return r
}

func (r *recordSampler) Write(p []byte) (int, error) {
	r.p, r.from = p, 0
	r.scan.Write(p)
	if r.want {
		r.cur = append(r.cur, p[r.from:]...)
	}
	return len(p), nil
}

// emptyLine marks an empty line among a text's record widths.
const emptyLine = 0xFFFF

// ended is the field scan's callback at each record's end.
func (r *recordSampler) ended(at, delims int, empty bool) {
	row := r.scan.records + 1 // the scan counts the record after this call
	if r.sample != nil {
		w := uint16(min(delims, emptyLine-1))
		if empty {
			w = emptyLine
		}
		r.widths = append(r.widths, w)
	}
	if empty {
		if n := len(r.empties); n > 0 && r.empties[n-1].Row+r.empties[n-1].Count == row {
			r.empties[n-1].Count++
		} else {
			r.empties = append(r.empties, queries.Gap{Row: row, Count: 1})
		}
	}
	if r.want {
		r.finish(row, append(r.cur, r.p[r.from:at]...))
	}
	r.afterCR = r.p[at] == '\r'
	r.from, r.cur = at+1, r.cur[:0]
	r.want = r.wants(row + 1)
}

// close ends the text: a last record without a line end is a record too.
func (r *recordSampler) close() {
	if r.scan.recordLen > 0 && r.sample != nil {
		r.widths = append(r.widths, uint16(min(r.scan.delims, emptyLine-1)))
	}
	if r.scan.recordLen > 0 && r.scan.state != inQuotes {
		row := r.scan.records + 1
		if r.want {
			r.finish(row, r.cur)
		}
	}
	r.split()
}

func (r *recordSampler) finish(row int64, b []byte) {
	if r.afterCR && len(b) > 0 && b[0] == '\n' {
		b = b[1:]
	}
	if row == 1 { // a byte-order mark is no part of the first value, as the reader reads it
		b = bytes.TrimPrefix(b, utf8BOM)
	}
	r.keep(row, b)
}

// split splits the kept records into cells.
func (r *recordSampler) split() {
	if r.sample == nil {
		return
	}
	for i := range r.sample.spread {
		if row := &r.sample.spread[i]; row.cells == nil {
			row.cells, row.raw = splitRecord(row.raw, r.scan.delim), nil
		}
	}
}

// records is how many records the text holds, empty lines included: the count
// the rows read are checked against.
func (r *recordSampler) records() int64 {
	n := r.scan.records
	if r.scan.recordLen > 0 {
		n++
	}
	return n
}

// splitRecord splits one record's bytes into values by the field scan's rules (a
// quote opens a quoted value at a value's start or after one space; "" in quotes
// is a quote; elsewhere a quote is a character).
func splitRecord(b []byte, delim byte) []string {
	text := string(b)
	var out []string
	for {
		// The common case: a value without quotes, a slice of the text.
		end := strings.IndexByte(text, delim)
		value := text
		if end >= 0 {
			value = text[:end]
		}
		if !strings.HasPrefix(value, `"`) && !strings.HasPrefix(value, ` "`) {
			out = append(out, value)
			if end < 0 {
				return out
			}
			text = text[end+1:]
			continue
		}
		v, rest := quotedValue(text, delim)
		out = append(out, v)
		if rest < 0 {
			return out
		}
		text = text[rest:]
	}
}

// quotedValue reads a value that opens with a quote (after one space at most) at
// the start of text: the value, and where the next begins (-1: none).
func quotedValue(text string, delim byte) (string, int) {
	var v strings.Builder
	state := atValue
	for i := 0; i < len(text); i++ {
		c := text[i]
		if state == inQuotes {
			if c == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					v.WriteByte('"')
					i++
					continue
				}
				state = afterQuote
				continue
			}
			v.WriteByte(c)
			continue
		}
		switch {
		case c == delim:
			return v.String(), i + 1
		case c == '"' && (state == atValue || state == afterSpace):
			if state == afterSpace {
				v.Reset()
			}
			state = inQuotes
		case c == '"' && state == afterQuote:
			state = inQuotes
		case c == ' ' && state == atValue:
			v.WriteByte(c)
			state = afterSpace
		default:
			v.WriteByte(c)
			if state != afterQuote {
				state = inPlain
			}
		}
	}
	return v.String(), -1
}
