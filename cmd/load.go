package cmd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

// loadFlags are how files are read: shared by every command that loads files.
type loadFlags struct {
	profile   string
	dateOrder string
	maps      []string
	sheet     string
	encoding  string
	source    string
	strict    bool
	tz        string
	unpacked  string // --max-unpacked

	// allowPersonal is --allow-personal: a report command's own flag, else one
	// registered with these flags.
	allowPersonal *bool

	loaded *ingest.Profile // the profile, read once
	cmd    *cobra.Command  // its InOrStdin is read for the FILE "-"
}

func (l *loadFlags) register(c *cobra.Command) {
	l.cmd = c
	f := c.Flags()
	f.StringVar(&l.profile, "profile", "", "profile `FILE` (YAML): column names, severity labels, category rules")
	f.StringArrayVar(&l.maps, "map", nil, "read the canonical `COLUMN=HEADER` from the export column HEADER (repeatable), e.g. ticket_id=\"SR Number\"")
	f.StringVar(&l.dateOrder, "date-order", "", "read n/n/yyyy dates as day-first or month-first (default: detected per column)")
	f.StringVar(&l.sheet, "sheet", "", "XLSX: read this `SHEET` (default: the first with a header row)")
	f.StringVar(&l.encoding, "encoding", "", "CSV: read as "+strings.Join(ingest.Encodings, ", ")+" (default: detected)")
	f.StringVar(&l.source, "source", "", "the `SYSTEM` the export comes from: tickets are kept per system and id (default: the profile's source or name, else the detected tool)")
	f.BoolVar(&l.strict, "strict", false, "fail the import if any row cannot be loaded, instead of keeping it aside")
	if l.allowPersonal == nil {
		l.allowPersonal = new(bool)
		f.BoolVar(l.allowPersonal, "allow-personal", false, "allow reading a column of people or free text (Logged By, Agent, Description ...) into a reported column (personal data: not for publication)")
	}
	f.StringVar(&l.unpacked, "max-unpacked", "", "refuse a compressed file (.gz, .xlsx) that unpacks to more than `SIZE`, e.g. 2GB (default: 100 times its size, at least 250MB)")
	f.StringVar(&l.tz, "tz", "", "time `ZONE` of times written without one, e.g. Europe/London (default: the profile's, the database's, else the machine's)")
	_ = c.RegisterFlagCompletionFunc("date-order", cobra.FixedCompletions(ingest.DateOrders, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("encoding", cobra.FixedCompletions(ingest.Encodings, cobra.ShellCompDirectiveNoFileComp))
	_ = c.MarkFlagFilename("profile", "yaml", "yml")
}

// options turns the flags into ingest options and the time zone to read times in;
// relative file names are read from dir ("" for the working directory).
func (l *loadFlags) options(dir string) (ingest.Options, string, error) {
	o := ingest.Options{Sheet: l.sheet, Source: l.source, Strict: l.strict, AllowPersonal: l.allowPersonal != nil && *l.allowPersonal, Dir: dir}
	if l.cmd != nil {
		o.Stdin = l.cmd.InOrStdin()
	}
	if l.dateOrder != "" {
		if !slices.Contains(ingest.DateOrders, l.dateOrder) {
			return o, "", usagef("--date-order %q: want %s", l.dateOrder, strings.Join(ingest.DateOrders, " or "))
		}
		o.DateOrder = l.dateOrder
	}
	if l.unpacked != "" {
		n, err := parseSize(l.unpacked)
		if err != nil {
			return o, "", usagef("--max-unpacked %q: %v", l.unpacked, err)
		}
		o.MaxUnpacked = n
	}
	if l.encoding != "" {
		if !slices.Contains(ingest.Encodings, strings.ToLower(l.encoding)) {
			return o, "", usagef("--encoding %q: want one of %s", l.encoding, strings.Join(ingest.Encodings, ", "))
		}
		o.Encoding = strings.ToLower(l.encoding)
	}
	for _, m := range l.maps {
		canon, header, ok := strings.Cut(m, "=")
		canon, header = strings.TrimSpace(canon), strings.TrimSpace(header)
		if !ok || canon == "" || header == "" {
			return o, "", usagef("--map %q: want COLUMN=HEADER, e.g. ticket_id=\"SR Number\"", m)
		}
		if !slices.Contains(ingest.CanonicalColumns(), canon) {
			return o, "", usagef("--map %s: unknown column (known: %s)", canon, strings.Join(ingest.CanonicalColumns(), ", "))
		}
		if err := l.checkPersonal(canon, header, "--map "+canon); err != nil {
			return o, "", usageError{err}
		}
		if o.Columns == nil {
			o.Columns = map[string]string{}
		}
		o.Columns[canon] = header
	}
	zone := l.tz
	if zone != "" {
		if _, err := time.LoadLocation(zone); err != nil || strings.EqualFold(zone, "local") {
			return o, "", usagef("--tz %q: not a time zone deskstat knows: give a name such as Europe/London or UTC", zone)
		}
	}
	if l.profile != "" {
		if l.loaded == nil {
			p, err := ingest.LoadProfile(dir, l.profile)
			if err != nil {
				return o, "", err
			}
			for canon, header := range p.Columns {
				if err := l.checkPersonal(canon, header, fmt.Sprintf("profile %s: columns: %s", l.profile, canon)); err != nil {
					return o, "", err
				}
			}
			l.loaded = p
		}
		p := l.loaded
		o.Profile = p
		zone = firstNonEmpty(zone, p.TimeZone)
	}
	return o, zone, nil
}

// checkPersonal refuses, before any file is read, to read a column whose header
// names people or free text (ingest.PersonalReason: Logged By, Agent Assigned,
// Description ...) as a column that reports show, unless --allow-personal; ingest
// then checks the columns' values too, file by file, and warns where allowed.
func (l *loadFlags) checkPersonal(canon, header, what string) error {
	why := ingest.PersonalReason(header)
	if why == "" || ingest.PersonalColumn(canon) || ingest.FreeTextColumn(canon) || (l.allowPersonal != nil && *l.allowPersonal) {
		return nil
	}
	return fmt.Errorf("%s=%q: column %q %s: deskstat does not report it as %s (--allow-personal overrides)", what, header, header, why, canon)
}

// loadFiles imports files one by one (one transaction each), reporting each import
// on out and its warnings and rejected rows on errOut. It stops at the first file
// that fails, and says how many it loaded.
func loadFiles(ctx context.Context, db *sql.DB, files []string, o ingest.Options, out, errOut io.Writer) (loaded int, err error) {
	for _, f := range files {
		line := newProgress(errOut, f)
		o.Progress = line.update
		s, err := ingest.File(ctx, db, f, o)
		line.finish()
		if err != nil {
			return loaded, err
		}
		loaded++
		if s.Duplicate != nil {
			fmt.Fprintf(errOut, "deskstat: %s: already imported (import %d, %s, %s): nothing loaded\n",
				s.File, s.Duplicate.ImportID, s.Duplicate.File, s.Duplicate.ImportedAt.Format("2006-01-02 15:04"))
			continue
		}
		if out != nil {
			fmt.Fprintln(out, importLine(s))
		}
		for _, w := range s.Warnings {
			fmt.Fprintf(errOut, "deskstat: warning: %s: %s\n", report.OneLine(s.File), report.OneLine(w))
		}
		if s.Rejected > 0 {
			kept := "kept (list them with 'deskstat rejects')"
			if out == nil { // straight from files: nothing is kept
				kept = "left out ('deskstat ingest' keeps them in a database, where 'deskstat rejects' lists them)"
			}
			if int64(len(s.Rejects)) < s.Rejected {
				kept += fmt.Sprintf("; the first %d", len(s.Rejects))
			}
			fmt.Fprintf(errOut, "deskstat: %s: %d %s rejected and %s:\n", s.File, s.Rejected, report.Plural(s.Rejected, "row", "rows"), kept)
			for _, r := range s.Rejects {
				fmt.Fprintf(errOut, "  %s\n", r)
			}
		}
	}
	return loaded, nil
}

// importLine says in one line what an import did.
func importLine(s *ingest.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d rows read, %d loaded, %d rejected", s.File, s.Read, s.Loaded, s.Rejected)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped (blank or total rows)", s.Skipped)
	}
	if s.EventLog() {
		fmt.Fprintf(&b, "; an event log: %d tickets, the latest of their updates kept", s.Tickets)
	}
	fmt.Fprintf(&b, "; %s %q: %d new, %d updated", "source", s.Source, s.New, s.Updated)
	if s.Kept > 0 {
		fmt.Fprintf(&b, ", %d not loaded (the database holds later updates)", s.Kept)
	}
	return b.String()
}

// openForLoad opens the database to load into (in memory when path is empty) and
// sets the time zone times are read in.
func openForLoad(ctx context.Context, s *app, path, zone string) (*sql.DB, error) {
	if path != "" && queries.IsParquetExport(s.at(path)) {
		return nil, usagef("--db %s: a Parquet export is read only: load into a database file", path)
	}
	db, err := openDB(ctx, s, path, false)
	if err != nil {
		return nil, err
	}
	if _, err := queries.UseTimeZone(ctx, db, zone); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// parseSize reads a size such as 400MB, 2GB or 1GiB as bytes.
func parseSize(size string) (int64, error) {
	m := sizeForm.FindStringSubmatch(size)
	units := map[string]float64{"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}
	if m == nil || units[strings.ToLower(m[2])] == 0 {
		return 0, errors.New("want a size such as 2GB")
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil || n <= 0 {
		return 0, errors.New("want a positive size such as 2GB")
	}
	return int64(n * units[strings.ToLower(m[2])]), nil
}
