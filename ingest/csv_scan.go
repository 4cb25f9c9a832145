package ingest

import (
	"bytes"
	"cmp"
	"slices"
)

// fieldScan is the one reader of a delimited text's quotes: sniffing the delimiter,
// counting the values of the records, filling empty lines, checking for a quote
// never closed and naming the rows of bad bytes all split the text with it, so that
// none of them sees records the loader does not.
//
// It splits a text as DuckDB's reader does with strict_mode off (found by
// experiment, DuckDB 1.4): a CR or LF outside quotes ends a record; a quote opens a
// quoted value at a value's start, also after one space; once a value has been
// quoted, any quote in it opens quotes again (so "" stands for a quote); elsewhere
// a quote is a character like any other (5" floppy).
//
// It finds the most delimiters any record holds, and notes where the file's lines
// and records are, so that a quote never closed (which would swallow the rest of
// the file into one value) can be named.
type fieldScan struct {
	delim  byte
	state  uint8
	delims int // in the current record so far
	most   int // in any record

	// The record with the most values, and the bytes of the longest record: a
	// record no longer than a cell may be holds no cell that is too long.
	mostRow, mostLine  int64
	recordLen, longest int

	lines, records int64 // line ends (LF, lone CR) and record ends seen so far
	afterCR        bool  // the last byte ended a line with CR: an LF now ends no other
	last           byte  // the last byte written
	// The 1-based line and record where the quoted value last opened.
	quoteLine, quoteRecord int64

	// A quote left open swallows the rows after it into one value, until another
	// quote closes it: the lines it took then hold as many delimiters as rows do,
	// inside the quotes and, on the line where they close, after them. inLine says
	// the current line began inside quotes; inner counts its delimiters inside
	// quotes, outer those outside; innerMost is the most such a line of the current
	// record holds, counting only lines with two delimiters or more inside quotes (a
	// value over lines leaves the rest of its row's delimiters after its last line,
	// and that line of text may hold a comma);
	// the record began after recordStart lines. swallowing lists the records where
	// that is 2 or more (the first maxSwallowing).
	inner, outer, innerMost int
	inLine                  bool
	recordStart             int64
	swallowing              []swallowing

	// textAfterQuote are records where text follows a quoted value's closing quote
	// ("Sev "1), which DuckDB's reader misreads (it drops a character of it).
	textAfterQuote []rowLine

	// shifts notes where a record's first line stops being its number (a quoted
	// value over several lines before it): from each record on, line = record +
	// offset (the first maxShifts changes).
	shifts []lineShift

	// ended, if set, is called at each record's end with the index, in the bytes
	// of that Write, of the CR or LF that ends it; the delimiters it holds; and
	// whether it holds no byte at all (an empty line). The LF of a CR LF ends no
	// record of its own.
	ended func(at, delims int, empty bool)
}

// swallowing is a record with a quoted value over lines that hold delims
// delimiters: rows of their own, if as many as the header's.
type swallowing struct {
	record, first, last int64 // the record, its first and last lines
	delims              int
}

const maxSwallowing = 1000

type lineShift struct{ record, offset int64 }

const maxShifts = 100_000

// line is the physical line a record begins on, if known.
func (f *fieldScan) line(record int64) (int64, bool) {
	i, _ := slices.BinarySearchFunc(f.shifts, record, func(s lineShift, r int64) int { return cmp.Compare(s.record, r) })
	if i < len(f.shifts) && f.shifts[i].record == record {
		return record + f.shifts[i].offset, true
	}
	if i == 0 {
		return record, true
	}
	if i == len(f.shifts) && len(f.shifts) == maxShifts {
		return 0, false // past the changes noted
	}
	return record + f.shifts[i-1].offset, true
}

// shifted notes the offset of the record starting now, if it changed.
func (f *fieldScan) shifted() {
	off := f.lines - f.records
	last := int64(0)
	if n := len(f.shifts); n > 0 {
		last = f.shifts[n-1].offset
	}
	if off != last && len(f.shifts) < maxShifts {
		f.shifts = append(f.shifts, lineShift{f.records + 1, off})
	}
}

// endRecord ends a record whose line end is at index at of the current write,
// holding delims delimiters (empty: no byte at all): the callback is told, the
// record's quoted lines are judged, and the counts move on.
func (f *fieldScan) endRecord(at, delims int, empty bool) {
	if f.ended != nil {
		f.ended(at, delims, empty)
	}
	f.lineInQuotesEnded()
	if f.innerMost >= 2 && len(f.swallowing) < maxSwallowing {
		f.swallowing = append(f.swallowing, swallowing{f.records + 1, f.recordStart + 1, f.lines + 1, f.innerMost})
	}
	f.innerMost, f.inner, f.outer, f.inLine = 0, 0, 0, false
	f.lines++
	f.records++
	f.recordStart = f.lines
	f.shifted()
}

// lineInQuotesEnded notes the delimiters of a line that began inside quotes.
func (f *fieldScan) lineInQuotesEnded() {
	if f.inLine && f.inner >= 2 {
		f.innerMost = max(f.innerMost, f.inner+f.outer)
	}
}

// unclosed says where a quoted value opens that the file never closes, if it does.
func (f *fieldScan) unclosed() (line, record int64, ok bool) {
	return f.quoteLine, f.quoteRecord, f.state == inQuotes
}

// lastLine is the number of the file's last line.
func (f *fieldScan) lastLine() int64 {
	if f.last == '\n' || f.last == '\r' {
		return f.lines
	}
	return f.lines + 1
}

const (
	atValue    = iota // at a value's start
	afterSpace        // after one space at a value's start
	inPlain           // in an unquoted value
	inQuotes          // in quotes
	afterQuote        // in a quoted value, after its quotes closed
)

func (f *fieldScan) Write(p []byte) (int, error) {
	n := len(p)
	if n > 0 {
		f.last = p[n-1]
	}
	d := []byte{f.delim}
	for len(p) > 0 {
		if f.state != inQuotes {
			// The common case, fast: the rest of a line without quotes or a lone CR.
			if end := bytes.IndexByte(p, '\n'); end >= 0 {
				line := bytes.TrimSuffix(p[:end], []byte{'\r'})
				if bytes.IndexByte(line, '"') < 0 && bytes.IndexByte(line, '\r') < 0 {
					k := f.delims + bytes.Count(line, d)
					if f.inLine {
						f.outer += k - f.delims
					}
					if k > f.most {
						f.most, f.mostRow, f.mostLine = k, f.records+1, f.lines+1
					}
					if end > 0 || !f.afterCR { // not the LF of a CR LF
						f.endRecord(n-len(p)+len(line), k, f.recordLen+len(line) == 0)
					}
					f.longest = max(f.longest, f.recordLen+end)
					f.delims, f.state, f.recordLen = 0, atValue, 0
					f.afterCR = false
					p = p[end+1:]
					continue
				}
			}
		}
		i := 0
	bytewise:
		for ; i < len(p); i++ {
			c := p[i]
			cr := f.afterCR
			f.afterCR = false
			if f.state == inQuotes {
				switch c {
				case '"':
					f.state = afterQuote
				case f.delim:
					f.inner++
				case '\r':
					f.lines++
					f.afterCR = true
					f.quotedLineEnd()
				case '\n':
					if !cr {
						f.lines++
						f.quotedLineEnd()
					}
				}
				continue
			}
			switch c {
			case f.delim:
				f.delims++
				if f.inLine {
					f.outer++
				}
				if f.delims > f.most {
					f.most, f.mostRow, f.mostLine = f.delims, f.records+1, f.lines+1
				}
				f.state = atValue
			case '\n', '\r':
				if c == '\r' || !cr {
					f.endRecord(n-len(p)+i, f.delims, f.recordLen+i == 0)
				}
				f.longest = max(f.longest, f.recordLen+i)
				f.recordLen = -i - 1 // the bytes from here on are the next record's
				f.afterCR = c == '\r'
				f.delims, f.state = 0, atValue
				i++
				break bytewise
			case '"':
				switch f.state {
				case atValue, afterSpace:
					f.quoteLine, f.quoteRecord = f.lines+1, f.records+1
					f.state = inQuotes
				case afterQuote:
					f.state = inQuotes
				}
			case ' ':
				switch f.state {
				case atValue:
					f.state = afterSpace
				case afterSpace:
					f.state = inPlain
				}
			default:
				if f.state != afterQuote {
					f.state = inPlain
				} else if n := len(f.textAfterQuote); n == 0 || f.textAfterQuote[n-1].row != f.records+1 {
					// "Sev "1: DuckDB's reader drops a character of what follows.
					f.textAfterQuote = append(f.textAfterQuote, rowLine{f.records + 1, f.lines + 1})
				}
			}
		}
		f.recordLen += i
		p = p[i:]
	}
	return n, nil
}

// quotedLineEnd notes a line end inside quotes: the next line begins inside them.
func (f *fieldScan) quotedLineEnd() {
	f.lineInQuotesEnded()
	f.inner, f.outer, f.inLine = 0, 0, true
}

// wholeLines is the head of a file with its last line ended if the head is the
// whole file: a last line without a line end is a record, but one cut short by
// the head's limit is not.
func wholeLines(head []byte) []byte {
	if len(head) < headSize && len(head) > 0 && head[len(head)-1] != '\n' && head[len(head)-1] != '\r' {
		return append(bytes.Clone(head), '\n')
	}
	return head
}

// fieldCounts returns the number of fields of each complete non-empty record in
// head (read_csv skips empty lines too, so indexes match the grid's rows).
func fieldCounts(head []byte, delim byte) []int {
	var counts []int
	scan := &fieldScan{delim: delim, ended: func(_, delims int, empty bool) {
		if !empty {
			counts = append(counts, delims+1)
		}
	}}
	scan.Write(head)
	return counts
}

// sniffDelimiter picks the delimiter that splits the most of the first records
// into the same number (above one) of fields, each candidate splitting the records
// by its own quotes; on a tie, the one that splits them into more fields. Title
// rows above the header and a last record cut short do not sway it.
func sniffDelimiter(head []byte) byte {
	const sample = 50 // records
	best, bestScore, bestFields := byte(','), 0, 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		freq := map[int]int{}
		records := 0
		scan := &fieldScan{delim: d, ended: func(_, delims int, _ bool) {
			if records < sample && delims > 0 {
				freq[delims]++
			}
			records++
		}}
		scan.Write(head)
		score, fields := 0, 0
		for k, c := range freq {
			if c > score || c == score && k > fields {
				score, fields = c, k
			}
		}
		if score > bestScore || score == bestScore && score > 0 && fields > bestFields {
			best, bestScore, bestFields = d, score, fields
		}
	}
	return best
}
