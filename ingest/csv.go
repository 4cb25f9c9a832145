package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/deskstat/deskstat/report"
)

// Encodings are the text encodings a delimited file may be read as.
var Encodings = []string{"utf-8", "utf-16le", "utf-16be", "windows-1252"}

// csvText is a delimited file as read once in Go, before its rows are loaded:
// the UTF-8 text DuckDB's reader is to read (the file, or a decoded copy), its
// delimiter, and what the one quote scanner found in it.
type csvText struct {
	path    string
	delim   byte
	records *recordSampler
	crs     crScan
	remove  []string // temporary copies, removed by close
}

func (t *csvText) close() {
	for _, p := range t.remove {
		os.Remove(p)
	}
}

// readCSV reads a delimited file (plain or gzipped) once: its checksum, whether it
// is the UTF-8 it looked like from its first bytes, and its records, counted and
// sampled by the quote scanner DuckDB's reader agrees with. A file in another
// encoding is read again as a decoded UTF-8 copy; so is a UTF-8 file with a few
// bad bytes, which are replaced, with a warning naming their rows.
func readCSV(ctx context.Context, s *Summary, opts Options) (*csvText, error) {
	head, err := readHead(s.path, headSize)
	if err != nil {
		return nil, err
	}
	enc, warning := opts.Encoding, ""
	if enc == "" {
		enc, warning = detectEncoding(head)
	}
	t := &csvText{path: s.path}
	sum := sha256.New()
	if enc != "utf-8" {
		if _, err := copyFile(ctx, s.path, sum); err != nil {
			return nil, err
		}
	} else {
		t.delim = sniffDelimiter(wholeLines(head))
		bad, err := scanText(ctx, t, sum, opts.MaxUnpacked, true)
		if err != nil {
			return nil, err
		}
		if bad {
			// Not all UTF-8. A few bad bytes in a UTF-8 file (a cell pasted from
			// elsewhere) are replaced, not taken for a sign that the file is another
			// encoding, which would misread all its other characters; a file mostly
			// not UTF-8 is a Windows export with accents past the first lines.
			mostly := true
			if opts.Encoding == "" {
				if mostly, err = mostlyUTF8(ctx, s.path, opts.MaxUnpacked); err != nil {
					return nil, err
				}
			}
			if mostly {
				tmp, bad, err := repairUTF8(ctx, s.path, t.delim, opts.MaxUnpacked)
				if err != nil {
					return nil, err
				}
				t.remove = append(t.remove, tmp)
				s.Warnings = append(s.Warnings, bad.String())
				t.path = tmp
			} else {
				enc, warning = "windows-1252", "not UTF-8 beyond its first lines: read as Windows-1252 (use --encoding to say otherwise)"
			}
		}
	}
	if enc != "utf-8" {
		tmp, err := decodeToTemp(ctx, s.path, enc, opts.MaxUnpacked)
		if err != nil {
			return nil, err
		}
		t.remove = append(t.remove, tmp)
		t.path = tmp
	}
	if t.path != s.path {
		if head, err = readHead(t.path, headSize); err != nil {
			t.close()
			return nil, err
		}
		t.delim = sniffDelimiter(wholeLines(head))
		if _, err := scanText(ctx, t, nil, 0, false); err != nil {
			t.close()
			return nil, err
		}
	}
	if t.crs.mixed() {
		// CR LF line ends and lone CRs: DuckDB's reader then takes a lone CR and
		// the character after it for a line end, and drops that character ("R3"
		// read as "3"). A copy with each lone CR written CR LF reads as the
		// scanner reads it; the rows and lines are numbered the same.
		tmp, err := writeTemp(func(w *bufio.Writer) error { return crlfCopy(ctx, t.path, w) })
		if err != nil {
			t.close()
			return nil, fmt.Errorf("write lone CRs as CR LF: %w", err)
		}
		t.remove = append(t.remove, tmp)
		t.path = tmp
		if _, err := scanText(ctx, t, nil, 0, false); err != nil {
			t.close()
			return nil, err
		}
	}
	s.SHA256 = hex.EncodeToString(sum.Sum(nil))
	s.Encoding, s.Delimiter = enc, string(t.delim)
	if warning != "" {
		s.Warnings = append(s.Warnings, warning)
	}
	f := t.records.scan
	if f.most+1 > maxColumns {
		t.close()
		return nil, fmt.Errorf("%s has %d values, more than the %d deskstat reads: not a table of calls (is the delimiter %q right?)",
			rowLine{f.mostRow, f.mostLine}, f.most+1, maxColumns, t.delim)
	}
	s.longCells = max(f.longest, f.recordLen) > maxCellChars // the last record may have no line end
	return t, nil
}

// scanText reads t's text once through the quote scanner and the sampler; with
// sum, the file's bytes as stored (gzipped or not) go through it too; with
// checkUTF8, it says whether the text holds a byte that is not UTF-8.
func scanText(ctx context.Context, t *csvText, sum hash.Hash, set int64, checkUTF8 bool) (bad bool, err error) {
	t.records = newRecordSampler(t.delim, newRowSample())
	var check utf8Check
	t.crs = crScan{}
	w := io.MultiWriter(t.records, &t.crs)
	if checkUTF8 {
		w = io.MultiWriter(&check, t.records, &t.crs)
	}
	var tee io.Writer
	if sum != nil { // on the other core, while this one scans
		bg := backgroundWriter(sum)
		defer bg.Close()
		tee = bg
	}
	r, closeFile, err := openText(t.path, set, tee)
	if err != nil {
		return false, err
	}
	defer closeFile()
	buf := make([]byte, 1<<16)
	if _, err := io.CopyBuffer(w, contextReader{ctx, r}, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) && strings.HasSuffix(strings.ToLower(t.path), ".gz") {
			return false, errors.New("the gzip file is cut short: it ends inside its compressed data (a download or copy that did not finish?)")
		}
		return false, err
	}
	t.records.close()
	return check.bad, nil
}

// crScan counts a text's CRs and its CR LFs, across the writes' boundaries.
type crScan struct {
	cr, crlf int64
	lastCR   bool
}

func (c *crScan) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if c.lastCR && p[0] == '\n' {
		c.crlf++
	}
	if bytes.IndexByte(p, '\r') >= 0 {
		c.cr += int64(bytes.Count(p, []byte{'\r'}))
		c.crlf += int64(bytes.Count(p, []byte("\r\n")))
	}
	c.lastCR = p[len(p)-1] == '\r'
	return len(p), nil
}

// mixed says whether the text has both CR LF line ends and CRs alone.
func (c *crScan) mixed() bool { return c.crlf > 0 && c.cr > c.crlf }

// crlfCopy writes a text with each CR not followed by LF written CR LF.
func crlfCopy(ctx context.Context, path string, w *bufio.Writer) error {
	r, closeFile, err := openText(path, 0, nil)
	if err != nil {
		return err
	}
	defer closeFile()
	br := bufio.NewReaderSize(contextReader{ctx, r}, 1<<16)
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		w.WriteByte(b)
		if b != '\r' {
			continue
		}
		next, err := br.Peek(1)
		if err == nil && next[0] == '\n' {
			continue
		}
		w.WriteByte('\n')
	}
}

// backgroundWriter writes to w in another goroutine: a copy of each write is
// queued. Close waits until all are written.
func backgroundWriter(w io.Writer) io.WriteCloser {
	b := &bgWriter{queue: make(chan []byte, 8), done: make(chan struct{})}
	b.free.New = func() any { return make([]byte, 0, 1<<16) }
	go func() {
		defer close(b.done)
		for p := range b.queue {
			w.Write(p)
			b.free.Put(p[:0]) //nolint:staticcheck // a slice header: the copy is cheap
		}
	}()
	return b
}

type bgWriter struct {
	queue chan []byte
	done  chan struct{}
	free  sync.Pool
}

func (b *bgWriter) Write(p []byte) (int, error) {
	b.queue <- append(b.free.Get().([]byte), p...)
	return len(p), nil
}

func (b *bgWriter) Close() error {
	close(b.queue)
	<-b.done
	return nil
}

// rejectCells reads t's text again for the records rows (in order) and gives each
// as it was: a JSON object of names (one per column DuckDB's reader made) and its
// values as that reader reads them (a missing-value marker, or a value the record
// lacks, is null).
//
// In a row a quote left open swallowed (swallowed), a value over lines holds other
// rows, and their people: it is kept as a note of how many lines it held.
func rejectCells(ctx context.Context, t *csvText, rows []int64, names []string, swallowed map[int64]bool) (map[int64]string, error) {
	out := make(map[int64]string, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	next := 0
	picker := &recordSampler{
		wants: func(row int64) bool {
			for next < len(rows) && rows[next] < row {
				next++
			}
			return next < len(rows) && rows[next] == row
		},
	}
	picker.keep = func(row int64, b []byte) {
		values := splitRecord(b, t.delim)
		var js strings.Builder
		js.WriteByte('{')
		for i, name := range names {
			if i > 0 {
				js.WriteByte(',')
			}
			k, _ := json.Marshal(name)
			js.Write(k)
			js.WriteByte(':')
			if i >= len(values) || slices.Contains(missingMarkers, values[i]) {
				js.WriteString("null")
				continue
			}
			value := values[i]
			if swallowed[row] && strings.ContainsAny(value, "\r\n") {
				lines := strings.ReplaceAll(strings.ReplaceAll(value, "\r\n", "\n"), "\r", "\n")
				value = fmt.Sprintf("(withheld: %d lines, other rows among them)", strings.Count(lines, "\n")+1)
			}
			v, _ := json.Marshal(value)
			js.Write(v)
		}
		js.WriteByte('}')
		out[row] = js.String()
	}
	picker.want = picker.wants(1)
	picker.scan = &fieldScan{delim: t.delim, ended: picker.ended}
	r, closeFile, err := openText(t.path, 0, nil)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	if _, err := io.CopyBuffer(picker, contextReader{ctx, r}, make([]byte, 1<<16)); err != nil {
		return nil, err
	}
	picker.close()
	return out, nil
}

// utf8Check is a writer that notes a byte that is not UTF-8, across the writes'
// boundaries.
type utf8Check struct {
	carry []byte
	bad   bool
}

func (u *utf8Check) Write(p []byte) (int, error) {
	if u.bad {
		return len(p), nil
	}
	b := p
	if len(u.carry) > 0 {
		b = append(u.carry, p...)
	}
	end := wholeRunes(b)
	if !utf8.Valid(b[:end]) {
		u.bad = true
	}
	u.carry = append(u.carry[:0:0], b[end:]...)
	return len(p), nil
}

// copyFile copies a file's bytes as stored to w.
func copyFile(ctx context.Context, path string, w io.Writer) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, contextReader{ctx, f})
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

// A cell longer than a spreadsheet's (Excel's limit) rejects its row. A row of
// more values than maxColumns is refused: a ticket export has tens of columns, a
// Jira export of every field some hundreds, and DuckDB's reader, given thousands,
// asks for memory by the column beyond its limit (2,000 columns of 5,000 rows
// failed at 640 MB; 3,500 given 8 GB took 24); 1,000 columns of 60,000 rows peak at
// 870 MiB.
const (
	maxCellChars = 32767
	maxColumns   = 1000
)

// headSize is how much of a file's start is read to sniff its encoding and delimiter.
const headSize = 64 << 10

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
func mostlyUTF8(ctx context.Context, path string, set int64) (bool, error) {
	var valid, invalid int
	err := utf8Chunks(ctx, path, set, func(p []byte) error {
		v, i := countUTF8(p)
		valid, invalid = valid+v, invalid+i
		return nil
	})
	return invalid <= valid, err
}

// utf8Chunks calls fn with a file's bytes, in chunks that never cut a UTF-8
// character in two.
func utf8Chunks(ctx context.Context, path string, set int64, fn func([]byte) error) error {
	r, closeFile, err := openText(path, set, nil)
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
func repairUTF8(ctx context.Context, path string, delim byte, set int64) (string, badBytes, error) {
	var bad badBytes
	scan := &fieldScan{delim: delim}
	name, err := writeTemp(func(w *bufio.Writer) error {
		return utf8Chunks(ctx, path, set, func(p []byte) error {
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
func decodeToTemp(ctx context.Context, path, enc string, set int64) (string, error) {
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
	r, closeFile, err := openText(path, set, nil)
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
	r, closeFile, err := openText(path, 0, nil)
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

// openText opens a file for reading, gunzipping it if its name ends in .gz, to
// no more than the unpack bound for set (see unpackBound): beyond it, the read
// fails with an *UnpackedError. With sum, the file's bytes as stored go through it.
func openText(path string, set int64, sum io.Writer) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	var r io.Reader = f
	if sum != nil {
		r = io.TeeReader(f, sum)
	}
	if !strings.HasSuffix(strings.ToLower(path), ".gz") {
		return r, func() { f.Close() }, nil
	}
	bound, err := unpackBound(path, set)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	gz, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		f.Close()
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, nil, errors.New("the gzip file is cut short: it ends inside its header (a download or copy that did not finish?)")
		}
		return nil, nil, fmt.Errorf("not a gzip file: %w", err)
	}
	return &boundedReader{r: gz, left: bound.Bound, over: bound}, func() { gz.Close(); f.Close() }, nil
}

// boundedReader reads no more than left bytes, failing with over beyond them.
type boundedReader struct {
	r    io.Reader
	left int64
	over error
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, b.over
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, b.over
	}
	return n, err
}
