package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// Encodings are the text encodings a delimited file may be read as.
var Encodings = []string{"utf-8", "utf-16le", "utf-16be", "windows-1252"}

// stageCSV reads a delimited file (plain or gzipped) into the raw grid with
// DuckDB's own reader, after sniffing the encoding and the delimiter from its first
// lines. A file not in UTF-8 is first decoded to a temporary UTF-8 copy. It notes
// the number of fields of each of the first records, as the grid no longer shows
// where a row ended.
func stageCSV(ctx context.Context, conn *sql.Conn, s *Summary, encoding string) error {
	head, err := readHead(s.path, headSize)
	if err != nil {
		return err
	}
	enc, warning := encoding, ""
	if enc == "" {
		enc, warning = detectEncoding(head)
	}
	err = stageDecoded(ctx, conn, s, enc, head, false)
	if err != nil && enc == "utf-8" && strings.Contains(err.Error(), "nvalid unicode") {
		// Not all UTF-8. A few bad bytes in a UTF-8 file (a cell pasted from
		// elsewhere) are replaced, not taken for a sign that the file is another
		// encoding, which would misread all its other characters; a file mostly not
		// UTF-8 is a Windows export with accents past the first lines.
		mostly := true
		if encoding == "" {
			if mostly, err = mostlyUTF8(ctx, s.path); err != nil {
				return err
			}
		}
		if mostly {
			err = stageDecoded(ctx, conn, s, enc, head, true)
		} else {
			enc, warning = "windows-1252", "not UTF-8 beyond its first lines: read as Windows-1252 (use --encoding to say otherwise)"
			err = stageDecoded(ctx, conn, s, enc, head, false)
		}
	}
	if err != nil {
		return err
	}
	s.Encoding = enc
	if warning != "" {
		s.Warnings = append(s.Warnings, warning)
	}
	return nil
}

// stageDecoded stages a file in encoding enc; with repair, a UTF-8 file whose bytes
// that are not UTF-8 are replaced by U+FFFD, with a warning naming their lines.
func stageDecoded(ctx context.Context, conn *sql.Conn, s *Summary, enc string, head []byte, repair bool) error {
	path := s.path
	if enc != "utf-8" || repair {
		var tmp string
		var err error
		if repair {
			var bad badBytes
			if tmp, bad, err = repairUTF8(ctx, s.path, sniffDelimiter(head)); err == nil {
				s.Warnings = append(s.Warnings, bad.String())
			}
		} else {
			tmp, err = decodeToTemp(ctx, s.path, enc)
		}
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		path = tmp
		if head, err = readHead(tmp, headSize); err != nil {
			return err
		}
	}
	delim := sniffDelimiter(wholeLines(head))
	s.Delimiter = string(delim)
	// One pass over the text finds the most values any row holds, so that the reader
	// has a column for each of them: DuckDB's own guess samples only the first rows,
	// and it drops the values of a later row beyond it, loading that row misaligned.
	// DuckDB's reader drops empty lines, which would number every later row one
	// short of the row a spreadsheet shows: the same pass looks for them, unless the
	// checksum's pass already saw the very bytes read here.
	empty := s.twoLineEnds
	checkEmpty := path != s.path || strings.HasSuffix(strings.ToLower(path), ".gz")
	fields, ends, err := scanText(ctx, path, delim, checkEmpty)
	if err != nil {
		return err
	}
	if fields.most+1 > maxColumns {
		return fmt.Errorf("%s has %d values, more than the %d columns a spreadsheet can have: not a table deskstat can read (is the delimiter %q right?)",
			rowLine{fields.mostRow, fields.mostLine}, fields.most+1, maxColumns, delim)
	}
	s.longCells = max(fields.longest, fields.recordLen) > maxCellChars // the last record may have no line end
	if checkEmpty {
		empty = ends.found
	}
	if empty {
		// Such lines are made blank rows first.
		tmp, err := fillEmptyLines(ctx, path, delim)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		path = tmp
		if head, err = readHead(tmp, headSize); err != nil {
			return err
		}
	}
	if err := readGrid(ctx, conn, path, delim, fields.most+1); err != nil {
		return fmt.Errorf("read as %s CSV (delimiter %q): %w", enc, delim, err)
	}
	if line, record, ok := fields.unclosed(); ok {
		// The reader takes the rest of the file for the value, and keeps no row
		// after it; where it does (a quirk of its own let it read the quote as a
		// character), the rows are there, and any misread is rejected as usual.
		var rows int64
		if err := conn.QueryRowContext(ctx, queries.SQL("raw_rows")).Scan(&rows); err != nil {
			return err
		}
		if rows <= record {
			return unclosedQuoteError(line, record, fields.lastLine())
		}
	}
	s.fieldCounts = fieldCounts(wholeLines(head), delim)
	return nil
}

// unclosedQuoteError says where a quote opens that the file never closes: the
// reader would take the rest of the file as that one value, and lose its rows.
func unclosedQuoteError(line, record, last int64) error {
	where := fmt.Sprintf("row %d", record)
	if line != record {
		where += fmt.Sprintf(" (line %d)", line)
	}
	return fmt.Errorf("%s: a quoted value opens and is never closed, so the rest of the file (lines %d to %d) would be read as one value and its rows lost; close the quote, or write a quote inside a quoted value as two (\"\"), and import again",
		where, line, last)
}

// The limits of a spreadsheet (Excel's): a cell beyond them rejects its row, a
// file wider than them is refused.
const (
	maxCellChars = 32767
	maxColumns   = 16384
)

// headSize is how much of a file's start is read to sniff its encoding and delimiter.
const headSize = 64 << 10

// readGrid reads a UTF-8 delimited file into the temporary table raw with width
// text columns. The reader gets one column more than the scan counted, which must
// stay empty: should DuckDB split a row into more values than the scan did (the
// scan follows its rules, but a quirk may differ), the file is read again with
// twice the columns, so that no value is dropped. The spare column then goes.
func readGrid(ctx context.Context, conn *sql.Conn, path string, delim byte, width int) error {
	for {
		read := func(parallel bool) error {
			q := queries.Template("stage_csv", map[string]string{"Columns": gridColumns(width + 1)})
			_, err := conn.ExecContext(ctx, q, sql.Named("path", path), sql.Named("delim", string(delim)),
				sql.Named("missing", missingMarkers), sql.Named("parallel", parallel))
			return err
		}
		err := read(true)
		if err != nil && strings.Contains(err.Error(), "parallel=false") {
			// DuckDB's parallel reader refuses some files with newlines inside quotes.
			err = read(false)
		}
		if err != nil {
			return err
		}
		spare := queries.Ident(fmt.Sprintf("column%d", width))
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT count("+spare+") FROM raw").Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			_, err := conn.ExecContext(ctx, "ALTER TABLE raw DROP COLUMN "+spare)
			return err
		}
		if _, err := conn.ExecContext(ctx, "DROP TABLE raw"); err != nil {
			return err
		}
		width *= 2
	}
}

// gridColumns is read_csv's columns option for n text columns named as its own
// (and as XLSX's raw table): column0, column1 ...
func gridColumns(n int) string {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = fmt.Sprintf("'column%d': 'VARCHAR'", i)
	}
	return "{" + strings.Join(cols, ", ") + "}"
}

// scanText reads a UTF-8 delimited file once, counting the values of its rows and,
// if asked, looking for empty lines.
func scanText(ctx context.Context, path string, delim byte, checkEmpty bool) (*fieldScan, *lineEndScan, error) {
	r, closeFile, err := openText(path)
	if err != nil {
		return nil, nil, err
	}
	defer closeFile()
	fields, ends := &fieldScan{delim: delim}, &lineEndScan{}
	var w io.Writer = fields
	if checkEmpty {
		w = io.MultiWriter(fields, ends)
	}
	buf := make([]byte, 1<<16)
	if _, err := io.CopyBuffer(w, contextReader{ctx, r}, buf); err != nil {
		return nil, nil, err
	}
	return fields, ends, nil
}

// detectEncoding tells the encoding of a file from its first bytes: a byte-order
// mark, the zero bytes of UTF-16 text without one, or whether the bytes are mostly
// UTF-8 (a few bad bytes are replaced later, see stageCSV). Anything else is taken
// for Windows-1252, which every byte sequence is, with a warning.
func detectEncoding(head []byte) (enc, warning string) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "utf-16le", ""
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "utf-16be", ""
	}
	body, bom := bytes.CutPrefix(head, utf8BOM)
	if validUTF8Head(body) {
		return "utf-8", ""
	}
	if valid, invalid := countUTF8(body); invalid <= valid {
		return "utf-8", ""
	}
	if bom {
		return "windows-1252", "starts with a UTF-8 byte-order mark but is not UTF-8: read as Windows-1252 (use --encoding to say otherwise)"
	}
	var even, odd int
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	switch {
	case odd > len(head)/4 && even == 0:
		return "utf-16le", ""
	case even > len(head)/4 && odd == 0:
		return "utf-16be", ""
	}
	return "windows-1252", "not UTF-8: read as Windows-1252 (use --encoding to say otherwise)"
}

// countUTF8 counts the bytes of b in characters of more than one byte, and the
// bytes that are not UTF-8.
func countUTF8(b []byte) (valid, invalid int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid += size
		}
		i += size
	}
	return valid, invalid
}

// mostlyUTF8 says whether at most half of a file's bytes beyond ASCII are not UTF-8.
func mostlyUTF8(ctx context.Context, path string) (bool, error) {
	var valid, invalid int
	err := utf8Chunks(ctx, path, func(p []byte) error {
		v, i := countUTF8(p)
		valid, invalid = valid+v, invalid+i
		return nil
	})
	return invalid <= valid, err
}

// utf8Chunks calls fn with a file's bytes, in chunks that never cut a UTF-8
// character in two.
func utf8Chunks(ctx context.Context, path string, fn func([]byte) error) error {
	r, closeFile, err := openText(path)
	if err != nil {
		return err
	}
	defer closeFile()
	r = contextReader{ctx, r}
	buf := make([]byte, 1<<16+utf8.UTFMax)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		chunk := buf[:carry+n]
		end := len(chunk)
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if !eof {
			if err != nil {
				return err
			}
			end = wholeRunes(chunk)
		}
		if err := fn(chunk[:end]); err != nil {
			return err
		}
		if eof {
			return nil
		}
		carry = copy(buf, chunk[end:])
	}
}

// wholeRunes is the length of b without a UTF-8 character cut short at its end.
func wholeRunes(b []byte) int {
	for i := len(b) - 1; i >= max(0, len(b)-utf8.UTFMax+1); i-- {
		c := b[i]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if c >= 0xF8 { // starts no character
			return len(b)
		}
		if c >= 0xC0 { // a character's first byte
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if len(b)-i < need {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

// badBytes are the bytes of a UTF-8 file that are not UTF-8: how many, and the
// first few rows that hold one.
type badBytes struct {
	count int64
	rows  []rowLine
	more  bool // in rows beyond those
}

// rowLine is a record of a delimited file and the physical line in it.
type rowLine struct{ row, line int64 }

func (r rowLine) String() string {
	if r.row == r.line {
		return fmt.Sprintf("row %d", r.row)
	}
	return fmt.Sprintf("row %d (line %d)", r.row, r.line)
}

func (b badBytes) String() string {
	rs := make([]string, len(b.rows))
	for i, r := range b.rows {
		rs[i] = r.String()
	}
	more := ""
	if b.more {
		more = " and further on"
	}
	return fmt.Sprintf("%d %s not UTF-8 in %s%s: read as UTF-8, each replaced by \"\uFFFD\" (use --encoding to say otherwise)",
		b.count, report.Plural(b.count, "byte", "bytes"), strings.Join(rs, ", "), more)
}

// badByte is the index of the first byte of p that is not UTF-8, or len(p).
func badByte(p []byte) int {
	if utf8.Valid(p) {
		return len(p)
	}
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(p)
}

// maxBadLines is how many rows a warning about bad bytes names.
const maxBadLines = 5

// repairUTF8 writes a copy of a UTF-8 file in which each byte that is not UTF-8 is
// replaced by U+FFFD, to a temporary file the caller removes. The field scan
// follows the records (delimited by delim), to name the rows of the bad bytes.
func repairUTF8(ctx context.Context, path string, delim byte) (string, badBytes, error) {
	var bad badBytes
	scan := &fieldScan{delim: delim}
	name, err := writeTemp(func(w *bufio.Writer) error {
		return utf8Chunks(ctx, path, func(p []byte) error {
			for len(p) > 0 {
				i := badByte(p)
				w.Write(p[:i])
				scan.Write(p[:i])
				if i == len(p) {
					break
				}
				bad.count++
				at := rowLine{scan.records + 1, scan.lines + 1}
				switch n := len(bad.rows); {
				case n > 0 && bad.rows[n-1] == at:
				case n < maxBadLines:
					bad.rows = append(bad.rows, at)
				default:
					bad.more = true
				}
				w.WriteString("\uFFFD")
				scan.Write([]byte("\uFFFD"))
				p = p[i+1:]
			}
			return nil
		})
	})
	if err != nil {
		return "", bad, fmt.Errorf("replace the bytes that are not UTF-8: %w", err)
	}
	return name, bad, nil
}

// writeTemp writes a temporary copy of a file through fill and gives its name,
// which the caller removes; after an error nothing is left behind.
func writeTemp(fill func(w *bufio.Writer) error) (string, error) {
	out, err := os.CreateTemp("", "deskstat-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(out, 1<<16)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// validUTF8Head says whether b is UTF-8 but for a character cut short at its end.
func validUTF8Head(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// decodeToTemp writes a UTF-8 copy of a file in another encoding to a temporary
// file, which the caller removes.
func decodeToTemp(ctx context.Context, path, enc string) (string, error) {
	var dec *encoding.Decoder
	switch enc {
	case "utf-16le":
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case "utf-16be":
		dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	case "windows-1252":
		dec = charmap.Windows1252.NewDecoder()
	default:
		return "", fmt.Errorf("unknown encoding %q (known: %s)", enc, strings.Join(Encodings, ", "))
	}
	r, closeFile, err := openText(path)
	if err != nil {
		return "", err
	}
	defer closeFile()
	br := bufio.NewReaderSize(r, 1<<16)
	if enc == "windows-1252" { // a UTF-8 mark before Windows-1252 text is not text
		if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
			_, _ = br.Discard(3)
		}
	}
	name, err := writeTemp(func(w *bufio.Writer) error {
		_, err := io.Copy(w, transform.NewReader(contextReader{ctx, br}, dec))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("decode as %s: %w", enc, err)
	}
	return name, nil
}

// lineEndScan is a writer that notes two line ends in a row ("\n\n" or "\n\r\n"),
// or a line end at the very start, across the writes' boundaries.
type lineEndScan struct {
	tail  []byte // the last bytes written, at most two
	found bool
	begun bool
}

func (l *lineEndScan) Write(p []byte) (int, error) {
	if l.found || len(p) == 0 {
		return len(p), nil
	}
	if !l.begun {
		l.tail, l.begun = []byte{'\n'}, true // the start counts as a line end
	}
	// Across the boundary: the tail and the first bytes of p.
	edge := append(append([]byte(nil), l.tail...), p[:min(2, len(p))]...)
	l.found = bytes.Contains(edge, []byte("\n\n")) || bytes.Contains(edge, []byte("\n\r\n")) ||
		bytes.Contains(p, []byte("\n\n")) || bytes.Contains(p, []byte("\n\r\n"))
	joined := append(append([]byte(nil), l.tail...), p[max(0, len(p)-2):]...)
	l.tail = joined[max(0, len(joined)-2):]
	return len(p), nil
}

// fillEmptyLines writes a copy of a UTF-8 delimited file in which each empty line
// outside quotes holds an empty quoted field instead, so that the reader keeps it as
// a blank row. The caller removes the copy.
func fillEmptyLines(ctx context.Context, path string, delim byte) (string, error) {
	r, closeFile, err := openText(path)
	if err != nil {
		return "", err
	}
	defer closeFile()
	return writeTemp(func(w *bufio.Writer) error {
		buf := make([]byte, 1<<16)
		var p []byte
		var fills []int            // where in p an empty line ends
		lineStart, held := true, 0 // held: a CR kept back from the last read, for the LF after it
		scan := &fieldScan{delim: delim, ended: func(at, _ int, empty bool) {
			lf := p[at] == '\n' || at+1 < len(p) && p[at+1] == '\n'
			if empty && lineStart && lf {
				fills = append(fills, at)
			}
			lineStart = lf // a line after a lone CR is not taken for empty
		}}
		cr := contextReader{ctx, r}
		for {
			n, rerr := cr.Read(buf[held:])
			p, held, fills = buf[:held+n], 0, fills[:0]
			if rerr == nil && len(p) > 0 && p[len(p)-1] == '\r' {
				p, held = p[:len(p)-1], 1
			}
			scan.Write(p)
			from := 0
			for _, at := range fills {
				w.Write(p[from:at])
				w.WriteString(`""`)
				from = at
			}
			w.Write(p[from:])
			if held == 1 {
				buf[0] = '\r'
			}
			if rerr == io.EOF {
				return nil
			}
			if rerr != nil {
				return rerr
			}
		}
	})
}

// contextReader stops a long copy when the context ends.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// readHead returns up to n bytes from the start of a file, gunzipped if need be.
func readHead(path string, n int64) ([]byte, error) {
	r, closeFile, err := openText(path)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	b, err := io.ReadAll(io.LimitReader(r, n))
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return b, nil
}

// openText opens a file for reading, gunzipping it if its name ends in .gz.
func openText(path string) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	if !strings.HasSuffix(strings.ToLower(path), ".gz") {
		return f, func() { f.Close() }, nil
	}
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("not a gzip file: %w", err)
	}
	return gz, func() { gz.Close(); f.Close() }, nil
}
