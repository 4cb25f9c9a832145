package ingest_test

// Benchmarks of ingest against floors: DuckDB's own read_csv of the same CSV, and a
// plain excelize stream read of the same XLSX. The files are generated (fixed seed)
// and cached; .ci/bench runs each sub-benchmark in its own process, which is what
// makes the peak-MiB metric (the process's peak RSS) mean something.
//
//	DESKSTAT_BENCH_ROWS       CSV rows (one incident each), default 1000000
//	DESKSTAT_BENCH_SHAPE      CSV columns: servicenow36 (the export's 36, default) or
//	                          servicenow15 (15 of them, as a narrower report exports)
//	DESKSTAT_BENCH_XLSX_ROWS  XLSX data rows, default 200000
//	DESKSTAT_BENCH_DIR        where the generated files are kept, default $TMPDIR/deskstat-bench

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

// benchGenVersion names the generators' output: change it when they change, so that
// cached files made by an older generator are not reused.
const benchGenVersion = "v1"

func benchEnvInt(name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		panic(fmt.Sprintf("%s=%q: want a positive whole number", name, v))
	}
	return n
}

func benchCSVRows() int  { return benchEnvInt("DESKSTAT_BENCH_ROWS", 1_000_000) }
func benchXLSXRows() int { return benchEnvInt("DESKSTAT_BENCH_XLSX_ROWS", 200_000) }

func benchDir() string {
	if d := os.Getenv("DESKSTAT_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "deskstat-bench")
}

// benchFile returns the cached file name, generating it first if it is not there.
// It is written under a temporary name and renamed, so a file that exists is whole.
func benchFile(tb testing.TB, name string, gen func(path string) error) string {
	tb.Helper()
	dir := benchDir()
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	tmp := filepath.Join(dir, fmt.Sprintf(".tmp%d-%s", os.Getpid(), name)) // same extension: excelize wants it
	if err := gen(tmp); err != nil {
		os.Remove(tmp)
		tb.Fatalf("generate %s: %v", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil { // excelize saves as 0755
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("generated %s in %.1fs", path, time.Since(start).Seconds())
	return path
}

// benchShapes are the CSV shapes: the columns of the ServiceNow export written.
var benchShapes = map[string][]string{
	"servicenow36": benchServiceNowHeader,
	"servicenow15": {"number", "incident_state", "reassignment_count", "reopen_count", "sys_mod_count",
		"opened_at", "sys_updated_at", "category", "subcategory", "impact", "urgency", "priority",
		"assignment_group", "resolved_at", "closed_at"},
}

func benchCSVFile(tb testing.TB) (string, int) {
	n := benchCSVRows()
	shape := os.Getenv("DESKSTAT_BENCH_SHAPE")
	if shape == "" {
		shape = "servicenow36"
	}
	cols, ok := benchShapes[shape]
	if !ok {
		tb.Fatalf("DESKSTAT_BENCH_SHAPE=%q: want servicenow36 or servicenow15", shape)
	}
	name := fmt.Sprintf("servicenow_%d_%s.csv", n, benchGenVersion) // the name the 36-column files have had
	if shape != "servicenow36" {
		name = fmt.Sprintf("%s_%d_%s.csv", shape, n, benchGenVersion)
	}
	return benchFile(tb, name, func(p string) error {
		return benchWriteServiceNowCSV(p, n, cols)
	}), n
}

func benchXLSXFile(tb testing.TB) (string, int) {
	n := benchXLSXRows()
	return benchFile(tb, fmt.Sprintf("hand_kept_%d_%s.xlsx", n, benchGenVersion), func(p string) error {
		return benchWriteHandKeptXLSX(p, n)
	}), n
}

// TestBenchFiles only makes the benchmark files (so that no benchmark process pays
// for it); .ci/bench runs it with DESKSTAT_BENCH_PREPARE=1. Skipped otherwise.
func TestBenchFiles(t *testing.T) {
	if os.Getenv("DESKSTAT_BENCH_PREPARE") != "1" {
		t.Skip("set DESKSTAT_BENCH_PREPARE=1 to generate the benchmark files")
	}
	csvPath, _ := benchCSVFile(t)
	xlsxPath, _ := benchXLSXFile(t)
	fmt.Println(csvPath)
	fmt.Println(xlsxPath)
}

// ---- peak memory ----

// benchResetPeak makes the process's peak RSS (VmHWM) its current RSS, after giving
// the Go heap back, so that what came before (file generation, an earlier run) does
// not count. Linux only; elsewhere the peak metric is simply not reported.
func benchResetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// benchReportPeak reports VmHWM, the process's peak resident memory, in MiB.
func benchReportPeak(b *testing.B) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err == nil {
				b.ReportMetric(kb/1024, "peak-MiB")
			}
			return
		}
	}
}

func benchSetBytes(b *testing.B, path string) {
	if fi, err := os.Stat(path); err == nil {
		b.SetBytes(fi.Size())
	}
}

// ---- benchmarks ----

func BenchmarkCSV(b *testing.B) {
	path, rows := benchCSVFile(b)
	ctx := context.Background()

	// The floor: DuckDB's own reader of the same file into a table, in a new
	// database file, as deskstat ingest makes one, with DuckDB's own memory limit
	// (80% of the machine's) rather than deskstat's tighter one.
	b.Run("floor", func(b *testing.B) {
		benchSetBytes(b, path)
		benchResetPeak()
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			db := benchOpen(b, ctx)
			if _, err := db.ExecContext(ctx, "RESET GLOBAL memory_limit"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := db.ExecContext(ctx, `CREATE TABLE t AS SELECT * FROM read_csv($path)`, sql.Named("path", path)); err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		benchReportPeak(b)
	})

	b.Run("deskstat", func(b *testing.B) { benchIngest(b, path, rows) })
}

func BenchmarkXLSX(b *testing.B) {
	path, rows := benchXLSXFile(b)

	// The floor: open the workbook and stream every cell of its first sheet, raw, as
	// deskstat's reader does, without storing anything.
	b.Run("floor", func(b *testing.B) {
		benchSetBytes(b, path)
		benchResetPeak()
		b.ResetTimer()
		for range b.N {
			n, cells, err := benchStreamXLSX(path)
			if err != nil {
				b.Fatal(err)
			}
			if n != rows+2 || cells == 0 { // a title row, the header, the data
				b.Fatalf("read %d rows, %d cells; want %d rows", n, cells, rows+2)
			}
		}
		b.StopTimer()
		benchReportPeak(b)
	})

	b.Run("deskstat", func(b *testing.B) { benchIngest(b, path, rows) })
}

// benchIngest times ingest.File of path into a new database file each time.
func benchIngest(b *testing.B, path string, rows int) {
	ctx := context.Background()
	benchSetBytes(b, path)
	benchResetPeak()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := benchOpen(b, ctx)
		b.StartTimer()
		s, err := ingest.File(ctx, db, path, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		benchCheck(b, s, rows)
		b.StartTimer()
	}
	b.StopTimer()
	benchReportPeak(b)
}

// benchOpen opens a new, empty database file (with deskstat's schema) in a fresh
// temporary directory. Call it with the timer stopped.
func benchOpen(b *testing.B, ctx context.Context) *sql.DB {
	b.Helper()
	db, err := queries.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), false)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// benchCheck fails the benchmark if the import did not load every row: timing a
// broken import would mean nothing.
func benchCheck(b *testing.B, s *ingest.Summary, rows int) {
	b.Helper()
	if s.Duplicate != nil || s.Loaded != int64(rows) || s.Rejected != 0 {
		b.Fatalf("%s: %d rows read, %d loaded, %d rejected, %d skipped (duplicate: %v); want %d loaded",
			s.File, s.Read, s.Loaded, s.Rejected, s.Skipped, s.Duplicate != nil, rows)
	}
}

// benchStreamXLSX reads every cell of the first sheet and returns the numbers of
// rows and of non-empty cells.
func benchStreamXLSX(path string) (rows, cells int, err error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	it, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		return 0, 0, err
	}
	defer it.Close()
	for it.Next() {
		cols, err := it.Columns()
		if err != nil {
			return rows, cells, err
		}
		rows++
		for _, c := range cols {
			if c != "" {
				cells++
			}
		}
	}
	return rows, cells, it.Error()
}

// ---- generators ----

// benchRand is the generators' source: a fixed seed, so every run makes the same files.
func benchRand() *rand.Rand { return rand.New(rand.NewPCG(20160229, 498)) }

// benchSkewed returns 1..n, small numbers far more often (roughly what the real export's
// groups, categories and callers look like), scattered so "1" is not always the top.
func benchSkewed(r *rand.Rand, n int) int {
	i := int(float64(n) * math.Pow(r.Float64(), 3))
	return (i*37)%n + 1
}

func benchBool(v bool) int {
	if v {
		return 1
	}
	return 0
}

// benchWeighted returns the index picked by cumulative weights (the last one is 1).
func benchWeighted(r *rand.Rand, cum []float64) int {
	u := r.Float64()
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

var benchServiceNowHeader = []string{"number", "incident_state", "active", "reassignment_count",
	"reopen_count", "sys_mod_count", "made_sla", "caller_id", "opened_by", "opened_at",
	"sys_created_by", "sys_created_at", "sys_updated_by", "sys_updated_at", "contact_type",
	"location", "category", "subcategory", "u_symptom", "cmdb_ci", "impact", "urgency",
	"priority", "assignment_group", "assigned_to", "knowledge", "u_priority_confirmation",
	"notify", "problem_id", "rfc", "vendor", "caused_by", "closed_code", "resolved_by",
	"resolved_at", "closed_at"}

// benchServiceNowLayout is the export's date form: day-first, unpadded day and month.
const benchServiceNowLayout = "2/1/2006 15:04"

// benchWriteServiceNowCSV writes n incidents, one row each (the final state of each, as
// the shared event log's last update per incident), in the shape of the UCI
// ServiceNow export: its labels, its "?" for missing, its dates; of its 36 columns,
// those named in cols, in the export's order.
func benchWriteServiceNowCSV(path string, n int, cols []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var keep []int // the export's columns written, by index
	for i, h := range benchServiceNowHeader {
		if slices.Contains(cols, h) {
			keep = append(keep, i)
		}
	}
	header := make([]string, len(keep))
	for j, i := range keep {
		header[j] = benchServiceNowHeader[i]
	}
	w.WriteString(strings.Join(header, ",") + "\n")
	var out []byte

	r := benchRand()
	states := []string{"Closed", "Resolved", "Active", "New", "Awaiting User Info", "Awaiting Problem", "Awaiting Vendor", "Awaiting Evidence"}
	stateCum := []float64{0.80, 0.88, 0.94, 0.97, 0.985, 0.992, 0.996, 1}
	// Priority as in the real export: nearly all Moderate.
	priorities := []string{"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}
	priorityCum := []float64{0.011, 0.028, 0.969, 1}
	contacts := []string{"Phone", "Self service", "Email", "IVR", "Direct opening"}
	contactCum := []float64{0.99, 0.996, 0.9985, 0.9995, 1}
	yearStart := time.Date(2016, 2, 1, 0, 0, 0, 0, time.UTC)
	busyStart := time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC)
	const year, busy = 366 * 24 * 60, 92 * 24 * 60 // minutes: Feb 2016-Feb 2017; March-May 2016

	var line []byte
	str := func(s string) { line = append(line, s...); line = append(line, ',') }
	num := func(prefix string, v int) {
		line = append(line, prefix...)
		line = strconv.AppendInt(line, int64(v), 10)
		line = append(line, ',')
	}
	date := func(t time.Time) { line = t.AppendFormat(line, benchServiceNowLayout); line = append(line, ',') }
	boolean := func(v bool) { line = strconv.AppendBool(line, v); line = append(line, ',') }
	orMissing := func(p float64, prefix string, most int) {
		if r.Float64() < p {
			num(prefix, benchSkewed(r, most))
		} else {
			str("?")
		}
	}

	for i := 1; i <= n; i++ {
		line = line[:0]
		state := states[benchWeighted(r, stateCum)]
		resolved := state == "Closed" || state == "Resolved"
		var opened time.Time
		if r.Float64() < 0.7 {
			opened = busyStart.Add(time.Duration(r.IntN(busy)) * time.Minute)
		} else {
			opened = yearStart.Add(time.Duration(r.IntN(year)) * time.Minute)
		}
		resolvedAt := opened.Add(time.Duration(10+r.IntN(14*24*60)) * time.Minute)
		closedAt := resolvedAt.Add(time.Duration(5*24*60+r.IntN(60)) * time.Minute)
		updated := opened.Add(time.Duration(r.IntN(3*24*60)) * time.Minute)
		switch state {
		case "Closed":
			updated = closedAt
		case "Resolved":
			updated = resolvedAt
		}
		pr := benchWeighted(r, priorityCum)
		impact, urgency := "2 - Medium", "2 - Medium"
		switch pr {
		case 0:
			impact, urgency = "1 - High", "1 - High"
		case 1:
			if r.IntN(2) == 0 {
				impact = "1 - High"
			} else {
				urgency = "1 - High"
			}
		case 3:
			if r.IntN(2) == 0 {
				impact, urgency = "3 - Low", "3 - Low"
			} else {
				urgency = "3 - Low"
			}
		}

		line = fmt.Appendf(line, "INC%07d,", i)
		str(state)
		boolean(state != "Closed")
		num("", int(math.Floor(-math.Log(1-r.Float64())*1.2))) // reassignment_count
		num("", benchBool(r.Float64() < 0.01))                 // reopen_count
		num("", 1+r.IntN(12))                                  // sys_mod_count
		boolean(r.Float64() < 0.63)
		num("Caller ", benchSkewed(r, 5245))
		num("Opened by  ", benchSkewed(r, 208)) // the export's double space
		date(opened)
		if r.Float64() < 0.54 {
			num("Created by ", benchSkewed(r, 186))
			date(opened.Add(time.Duration(r.IntN(10)) * time.Minute))
		} else {
			str("?")
			str("?")
		}
		num("Updated by ", benchSkewed(r, 908))
		date(updated)
		str(contacts[benchWeighted(r, contactCum)])
		num("Location ", benchSkewed(r, 225))
		num("Category ", benchSkewed(r, 58))
		num("Subcategory ", benchSkewed(r, 254))
		orMissing(0.77, "Symptom ", 525)
		orMissing(0.01, "cmdb_ci ", 50)
		str(impact)
		str(urgency)
		str(priorities[pr])
		orMissing(0.91, "Group ", 78)
		orMissing(0.97, "Resolver ", 230)
		boolean(r.Float64() < 0.14)
		boolean(r.Float64() < 0.77)
		if r.Float64() < 0.999 {
			str("Do Not Notify")
		} else {
			str("Send Email")
		}
		orMissing(0.015, "Problem ID  ", 250)
		if r.Float64() < 0.007 {
			num("CHG", 1000000+r.IntN(1500))
		} else {
			str("?")
		}
		str("?") // vendor
		str("?") // caused_by
		if resolved {
			num("code ", 1+benchSkewed(r, 16))
			num("Resolved by ", benchSkewed(r, 220))
			date(resolvedAt)
		} else {
			str("?")
			str("?")
			str("?")
		}
		if state == "Closed" {
			date(closedAt)
		} else {
			str("?")
		}
		line[len(line)-1] = '\n'
		if len(keep) < len(benchServiceNowHeader) {
			fields := bytes.Split(line[:len(line)-1], []byte{','})
			out = out[:0]
			for j, i := range keep {
				if j > 0 {
					out = append(out, ',')
				}
				out = append(out, fields[i]...)
			}
			line = append(append(line[:0], out...), '\n')
		}
		if _, err := w.Write(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchWriteHandKeptXLSX writes a council-style call log of n calls: a title row, the
// header, then one call a row, dates as real date cells (Excel serials with a date
// format), written with excelize's StreamWriter as a large workbook would be.
func benchWriteHandKeptXLSX(path string, n int) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "Calls"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"Service Desk call log (all calls)"}); err != nil {
		return err
	}
	header := []any{"Ref", "Date Logged", "Service", "Severity", "Call Type", "Summary", "Assigned Team", "Status", "Date Resolved"}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}

	r := benchRand()
	services := []string{"Children's Social Care", "Adult Social Care", "Education", "Libraries", "Highways",
		"Finance", "HR", "Legal Services", "Waste Management", "Planning", "Public Health", "Customer Services"}
	severities := []string{"Sev 1", "Sev 2", "Sev 3", "Sev 4"}
	severityCum := []float64{0.05, 0.20, 0.70, 1}
	callTypes := []string{"Software", "Hardware", "Account", "Network", "Printer", "Telephony", "Email", "Access"}
	systems := []string{"LCS", "Liquidlogic", "Homefinders", "Outlook", "the network", "the S: drive", "Capita One",
		"Mosaic", "the intranet", "wireless", "Openscape", "the Wyse terminal", "SAP", "the printer on level 2"}
	problems := []string{"cannot log in to %s", "%s very slow since this morning", "no access to %s",
		"%s keeps freezing", "password reset needed for %s", "%s not working for whole team",
		"error message when opening %s", "%s down - urgent"}
	teams := []string{"SW1 Service Desk", "SW1 Network Services", "SW1 Desktop Support", "SW1 Telephony",
		"SCC Applications Support", "SCC Liquidlogic Team", "SCC Schools ICT", "Capita Support"}
	statuses := []string{"Closed", "Resolved", "Open", "On Hold"}
	statusCum := []float64{0.70, 0.85, 0.95, 1}
	start := time.Date(2013, 4, 1, 8, 0, 0, 0, time.UTC)
	const span = 730 * 24 * 60 // minutes: two years

	row := make([]any, len(header))
	for i := 1; i <= n; i++ {
		opened := start.Add(time.Duration(r.IntN(span)) * time.Minute)
		status := statuses[benchWeighted(r, statusCum)]
		row[0] = fmt.Sprintf("CSD/%02d/%06d", opened.Year()%100, i)
		row[1] = excelize.Cell{StyleID: dateStyle, Value: opened}
		row[2] = services[benchSkewed(r, len(services))-1]
		row[3] = severities[benchWeighted(r, severityCum)]
		row[4] = callTypes[benchSkewed(r, len(callTypes))-1]
		row[5] = fmt.Sprintf(problems[r.IntN(len(problems))], systems[benchSkewed(r, len(systems))-1])
		row[6] = teams[benchSkewed(r, len(teams))-1]
		row[7] = status
		row[8] = nil
		if status == "Closed" || status == "Resolved" {
			row[8] = excelize.Cell{StyleID: dateStyle, Value: opened.Add(time.Duration(10+r.IntN(10*24*60)) * time.Minute)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.SaveAs(path)
}
