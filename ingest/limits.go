package ingest

import (
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A compressed export unpacks to a few times its size; a decompression bomb (a
// gzip of blank lines, a workbook with one huge cell) to a thousand times. Reading
// stops at unpackRatio times the file's size, or unpackFloor for a small file.
const (
	unpackRatio = 100
	unpackFloor = 250_000_000
)

// UnpackedError is an import refused because the file unpacks to more than its bound.
type UnpackedError struct {
	Bound int64
	Set   bool // the bound is --max-unpacked's, not a multiple of the file's size
	Ratio bool // the bound is unpackRatio times the file's size
}

func (e *UnpackedError) Error() string {
	if e.Set {
		return fmt.Sprintf("unpacks to more than %s, the bound --max-unpacked sets", sizeText(e.Bound))
	}
	why := ""
	if e.Ratio {
		why = fmt.Sprintf(" (%d times its size)", unpackRatio)
	}
	return fmt.Sprintf("unpacks to more than %s%s: not an export? (--max-unpacked raises the bound)", sizeText(e.Bound), why)
}

// unpackBound is the most the file at path may unpack to: set (--max-unpacked)
// when above 0, else unpackRatio times its size, at least unpackFloor.
func unpackBound(path string, set int64) (*UnpackedError, error) {
	if set > 0 {
		return &UnpackedError{Bound: set, Set: true}, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if n := st.Size() * unpackRatio; n > unpackFloor {
		return &UnpackedError{Bound: n, Ratio: true}, nil
	}
	return &UnpackedError{Bound: unpackFloor}, nil
}

// openWorkbook opens a workbook whose parts may unpack to no more than the
// bound: excelize checks the sizes the zip declares (and the zip reader that
// they hold) before it unpacks a part.
func openWorkbook(path string, set int64) (*excelize.File, error) {
	bound, err := unpackBound(path, set)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true,
		UnzipSizeLimit: bound.Bound, UnzipXMLSizeLimit: min(bound.Bound, excelize.StreamChunkSize)})
	if err != nil && strings.HasPrefix(err.Error(), "unzip size exceeds") {
		return nil, bound
	}
	return f, err
}

// sizeText writes a byte count as people read sizes: 400 MB, 1.5 GB.
func sizeText(n int64) string {
	switch {
	case n >= 1e9:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1e9), ".0") + " GB"
	case n >= 1e6:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1e6), ".0") + " MB"
	case n >= 1e3:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1e3), ".0") + " kB"
	}
	return fmt.Sprintf("%d bytes", n)
}
