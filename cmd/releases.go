package cmd

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newReleasesCmd(s *app) *cobra.Command {
	var db, log string
	var format report.Format
	c := &cobra.Command{
		Use:   "releases [--db PATH | --release-log FILE]",
		Short: "List the outputs published under a disclosure policy",
		Long: `List every output made under --suppress from the database (or recorded in a
--release-log file, for reports straight from files): when, which command, what it
counted, the policy, and how many counts it published. The audit of each new output
takes these in, so that two answers to overlapping questions cannot be differenced
to a small count.`,
		Example: `  deskstat releases --db calls.duckdb
  deskstat releases --release-log foi_releases.jsonl --format json`,
		Args: positional(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			var rels []report.Release
			var err error
			if log != "" {
				rels, err = readReleaseLog(s.at(log))
			} else {
				var conn *sql.DB
				if conn, err = openDB(c.Context(), s, db, true); err != nil {
					return err
				}
				defer conn.Close()
				rels, err = queries.Releases(c.Context(), conn)
			}
			if err != nil {
				return err
			}
			if format == "" {
				format = defaultFormat(s, "")
			}
			g := &report.Grid{Columns: []string{"release", "made_at", "release_of"}, Numbers: []string{"release"}}
			for _, r := range rels {
				g.Rows = append(g.Rows, []string{strconv.FormatInt(r.ID, 10), r.Made.Format(time.RFC3339), r.Describe()})
			}
			return report.WriteGrid(s.out, format, g)
		},
	}
	c.Flags().StringVar(&db, "db", dbPath(), "database `PATH` (env DESKSTAT_DB)")
	c.Flags().StringVar(&log, "release-log", "", "read the releases recorded in `FILE` instead of a database")
	c.Flags().VarP(&format, "format", "f", "output format: table, csv, json, markdown")
	return c
}

// readReleaseLog reads a release log: one release a line, as JSON. A log not yet
// written holds none.
func readReleaseLog(path string) ([]report.Release, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--release-log: %w", err)
	}
	defer f.Close()
	var out []report.Release
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var r report.Release
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("--release-log %s line %d: not a deskstat release: %v", path, line, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--release-log %s: %w", path, err)
	}
	return out, nil
}

// release is the record of an output a report command is about to publish under a
// policy: its earlier releases (from the database, or the --release-log file) and,
// once written, its own.
type release struct {
	o       *reportFlags
	db      *sql.DB
	command string
	q       report.Question
	earlier []report.Release
	log     string // the --release-log file, where it is; "" for none
	check   bool   // made again by verify: not a release
}

// releases reads the releases an output under a policy is audited with; none
// without a policy.
func (o *reportFlags) releases(ctx context.Context, s *app, db *sql.DB, command string, q report.Question) (*release, error) {
	r := &release{o: o, db: db, command: command, q: q, log: s.at(o.releaseLog), check: s.checking}
	if !o.suppression().Active() {
		return r, nil
	}
	p := o.suppression()
	r.q.Filter, r.q.Policy, r.q.Threshold = o.parsed, p.Policy, p.Threshold
	var err error
	if len(o.files) == 0 { // a database's own releases, a Parquet export's too
		if r.earlier, err = queries.Releases(ctx, db); err != nil {
			return r, err
		}
	}
	if r.log != "" {
		logged, err := readReleaseLog(r.log)
		if err != nil {
			return r, err
		}
		r.earlier = append(r.earlier, logged...)
	}
	return r, nil
}

// same are the earlier releases that asked the same question over the same
// period: each count they gave equals the new one.
func (r *release) same() []report.Earlier {
	var out []report.Earlier
	for _, e := range r.earlier {
		if e.Command == r.command && report.SameQuestion(e.Question, r.q) && e.Question.Filter.Period == r.q.Filter.Period {
			out = append(out, report.Earlier{Release: e})
		}
	}
	return out
}

// breakdowns are the earlier breakdowns (and answers) of the same question, over
// any period: the new one and each are tied by the counts of the days between,
// counted here from the data.
func (r *release) breakdowns(ctx context.Context, by string) ([]report.Earlier, error) {
	var out []report.Earlier
	for _, e := range r.earlier {
		if (e.Command != "breakdown" && e.Command != "answer") || !report.SameQuestion(e.Question, r.q) {
			continue
		}
		atoms := report.Atoms(e.Question.Filter.Period, r.q.Filter.Period)
		for i := range atoms {
			f := r.q.Filter
			f.Period = atoms[i].Period
			res, err := queries.Breakdown(ctx, r.db, f, by)
			if err != nil {
				return nil, err
			}
			atoms[i].Counts = res.Counts()
		}
		out = append(out, report.Earlier{Release: e, Atoms: atoms})
	}
	return out, nil
}

// trends are the earlier trends of the same question over another period: the new
// one and each are tied by the counts of the stretches of days their periods cut
// differently, counted here from the data.
func (r *release) trends(ctx context.Context, interval string, m *report.Measures) ([]report.Earlier, error) {
	var out []report.Earlier
	for _, e := range r.earlier {
		if e.Command != "trend" || !report.SameQuestion(e.Question, r.q) || e.Question.Filter.Period == r.q.Filter.Period || len(e.Tables) == 0 {
			continue
		}
		cuts := report.Boundaries(m, e.Tables[0])
		var steps []report.Step
		for i := 0; i+1 < len(cuts); i++ {
			f := r.q.Filter
			f.Period = report.Period{From: midnight(cuts[i]), To: midnight(cuts[i+1]).AddDate(0, 0, -1)}
			t, err := queries.Trend(ctx, r.db, f, interval)
			if err != nil {
				return nil, err
			}
			if len(t.Rows) == 0 {
				continue
			}
			s := report.Step{From: cuts[i], Until: cuts[i+1]}
			for _, row := range t.Rows {
				s.Created += row[1].(int64)
				s.Resolved += row[2].(int64)
				s.Backlog = row[3].(int64)
			}
			steps = append(steps, s)
		}
		out = append(out, report.Earlier{Release: e, Steps: steps})
	}
	return out, nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// record records the output as published: in the database it was made from, or in
// the --release-log file. Without a policy, nothing.
func (r *release) record(ctx context.Context, tables []report.Published) error {
	if !r.o.suppression().Active() || r.check {
		return nil
	}
	rel := report.Release{Made: time.Now().UTC().Truncate(time.Second), Command: r.command, Question: r.q, Tables: tables}
	switch {
	case r.log != "":
		rel.ID = int64(len(r.earlier) + 1)
		b, err := json.Marshal(rel)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(r.log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("--release-log: %w", err)
		}
		if _, err := f.Write(append(b, '\n')); err != nil {
			f.Close()
			return fmt.Errorf("--release-log: %w", err)
		}
		return f.Close()
	case len(r.o.files) == 0:
		_, err := queries.RecordRelease(ctx, r.db, rel)
		return err
	}
	return nil
}
