package ingest_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/ingest"
)

// bombSize is what the test bombs unpack to: past the 250 MB floor of a small
// file's bound, yet small enough for the old code to be run on them.
const bombSize = 260_000_000

// writeRepeated writes n bytes of c to w, a megabyte at a time.
func writeRepeated(t *testing.T, w io.Writer, c byte, n int64) {
	t.Helper()
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	for n > 0 {
		k := min(n, int64(len(chunk)))
		if _, err := w.Write(chunk[:k]); err != nil {
			t.Fatal(err)
		}
		n -= k
	}
}

// gzipBomb writes a header and n blank lines, gzipped: some 250 kB on disk.
func gzipBomb(t *testing.T, path string, n int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	io.WriteString(gz, "Number,Opened,Summary\nR1,2014-01-01,printer\n")
	writeRepeated(t, gz, '\n', n)
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
}

// xlsxBomb writes a workbook whose one sheet holds a header and a row with a cell
// of n letters: some 250 kB on disk. excelize will not write a cell over 32,767
// characters, so the sheet's XML is written here, into a workbook it made.
func xlsxBomb(t *testing.T, path string, n int64) {
	t.Helper()
	wb := excelize.NewFile()
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	cell := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		`<row r="1">`+cell("A1", "Number")+cell("B1", "Opened")+cell("C1", "Summary")+`</row>`+
		`<row r="2">`+cell("A2", "R1")+cell("B2", "2014-01-01")+`<c r="C2" t="inlineStr"><is><t>`)
	writeRepeated(t, w, 'a', n)
	io.WriteString(w, `</t></is></c></row></sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestDecompressionBombs: a small file that unpacks to a thousand times its size is
// refused at its bound, naming the file, before it fills memory or the disk.
func TestDecompressionBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 260 MB through a compressor")
	}
	tests := []struct {
		name  string
		write func(*testing.T, string, int64)
	}{
		{"calls.csv.gz", gzipBomb},
		{"calls.xlsx", xlsxBomb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.name)
			tt.write(t, path, bombSize)
			// The old code took minutes and gigabytes over a real bomb: bounded here.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			_, err := ingest.File(ctx, openDB(t), path, ingest.Options{})
			want := path + `: `
			if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "unpacks to more than 250 MB: not an export? (--max-unpacked raises the bound)") {
				t.Fatalf("got %v; want %sunpacks to more than 250 MB: not an export? (--max-unpacked raises the bound)", err, want)
			}
			t.Logf("refused in %v", time.Since(start))
		})
	}
}
