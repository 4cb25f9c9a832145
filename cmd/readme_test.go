package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's tour is run here, block by block, in order, as a user would type
// it in the repository: every "$ deskstat ..." command of a console block, on one
// database, its standard output (a terminal) and error as one stream, held
// against the lines the README shows under it. A line "..." ends what is shown;
// a line with "..." inside matches what it leaves out. go test ./cmd -run
// TestReadmeTour -update rewrites the blocks that show their output whole.

// screen is a terminal's screen for the tour: standard output says it is a
// terminal (tables, as a user sees them), standard error does not (no progress
// line), and both land in one buffer in the order written.
type screen struct {
	buf  *bytes.Buffer
	term bool
}

func (s screen) Write(p []byte) (int, error) { return s.buf.Write(p) }
func (s screen) IsTerminal() bool            { return s.term }

// tourStep is one command of the README and the output it shows.
type tourStep struct {
	command   string // as typed, continuation lines joined
	show      []string
	from, end int // the output's lines in the README
}

// readmeTour reads the README's console blocks: the deskstat commands and what
// each shows.
func readmeTour(readme string) []tourStep {
	lines := strings.Split(readme, "\n")
	var steps []tourStep
	inBlock := false
	var cur *tourStep
	flush := func(at int) {
		if cur != nil {
			cur.end = at
			steps = append(steps, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "```console":
			inBlock = true
		case inBlock && l == "```":
			flush(i)
			inBlock = false
		case inBlock && strings.HasPrefix(l, "$ "):
			flush(i)
			cmd := strings.TrimPrefix(l, "$ ")
			for strings.HasSuffix(cmd, `\`) && i+1 < len(lines) {
				i++
				cmd = strings.TrimSuffix(cmd, `\`) + strings.TrimSpace(lines[i])
				cmd = strings.Replace(cmd, `\`+strings.TrimSpace(lines[i]), " "+strings.TrimSpace(lines[i]), 1)
			}
			if strings.HasPrefix(cmd, "deskstat ") || strings.HasPrefix(cmd, "go run ./cmd/deskstat ") {
				cur = &tourStep{command: cmd, from: i + 1}
			}
		case inBlock && cur != nil:
			cur.show = append(cur.show, l)
		}
	}
	return steps
}

// shellWords splits a command line as a shell would: quotes group, ” inside
// single quotes is not special, a backslash escapes in double quotes.
func shellWords(line string) []string {
	var words []string
	var b strings.Builder
	in, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote == 0 && (r == ' ' || r == '\t'):
			if in {
				words, in = append(words, b.String()), false
				b.Reset()
			}
		case quote == 0 && (r == '"' || r == '\''):
			quote, in = r, true
		case quote != 0 && r == quote:
			quote = 0
		default:
			b.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, b.String())
	}
	return words
}

var (
	tourStamp = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}Z?`)
	tourZone  = regexp.MustCompile(`times without a zone read in [^)]*\)`)
)

// tourSame says whether a line the README shows matches one printed: the same
// but for import times and the machine's zone, or, with "..." inside, the same
// before and after it.
func tourSame(show, got string) bool {
	norm := func(s string) string {
		return tourZone.ReplaceAllString(tourStamp.ReplaceAllString(s, "TIME"), "times without a zone read in ZONE)")
	}
	show, got = norm(show), norm(got)
	if before, after, ok := strings.Cut(show, "..."); ok && show != "..." {
		return strings.HasPrefix(got, before) && strings.HasSuffix(got, after) && len(got) >= len(before)+len(after)
	}
	return show == got
}

func TestReadmeTour(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv("DESKSTAT_DB", filepath.Join(dir, "deskstat.duckdb"))
	steps := readmeTour(string(readme))
	if len(steps) < 10 {
		t.Fatalf("the README's tour has %d deskstat commands: the reader is broken", len(steps))
	}
	lines := strings.Split(string(readme), "\n")
	// Rewrites go from the end, so that earlier blocks keep their lines.
	type rewrite struct {
		from, end int
		with      []string
	}
	var rewrites []rewrite
	for _, st := range steps {
		words := shellWords(strings.TrimPrefix(strings.TrimPrefix(st.command, "go run ./cmd/deskstat "), "deskstat "))
		args := make([]string, len(words))
		for i, w := range words {
			switch {
			case strings.HasPrefix(w, "samples/"):
				args[i] = "../" + w // the tests run in cmd/
			case i > 0 && (words[i-1] == "-o" || words[i-1] == "--db" || words[i-1] == "--manifest"):
				args[i] = filepath.Join(dir, w)
			default:
				args[i] = w
			}
		}
		var buf bytes.Buffer
		Main(context.Background(), args, nil, screen{&buf, true}, screen{&buf, false})
		out := strings.ReplaceAll(strings.ReplaceAll(buf.String(), "../samples/", "samples/"), dir+string(filepath.Separator), "")
		got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		whole := true
		for _, l := range st.show {
			whole = whole && !strings.Contains(l, "...")
		}
		if *update && whole {
			rewrites = append(rewrites, rewrite{st.from, st.end, got})
			continue
		}
		ok := true
		for i, l := range st.show {
			if l == "..." {
				break
			}
			if i >= len(got) || !tourSame(l, got[i]) {
				ok = false
				break
			}
			if i == len(st.show)-1 && len(got) > len(st.show) {
				ok = false // the README shows less than it prints, and does not say so
			}
		}
		if len(st.show) == 0 && len(got) > 0 && got[0] != "" {
			ok = false
		}
		if !ok {
			t.Errorf("README line %d: $ %s\nshows:\n%s\nprints:\n%s", st.from, st.command, strings.Join(st.show, "\n"), strings.Join(got, "\n"))
		}
	}
	if *update && len(rewrites) > 0 {
		for i := len(rewrites) - 1; i >= 0; i-- {
			r := rewrites[i]
			lines = append(lines[:r.from:r.from], append(append([]string{}, r.with...), lines[r.end:]...)...)
		}
		if err := os.WriteFile("../README.md", []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadmeTestOutput: the README's "go test ./..." lists the module's packages,
// each as tested or as having no tests: none missing, none left over.
func TestReadmeTestOutput(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := string(readme)
	at := strings.Index(block, "$ go test ./...\n")
	if at < 0 {
		t.Fatal("the README shows no go test ./...")
	}
	block = block[at:]
	block = block[:strings.Index(block, "```")]
	shown := map[string]bool{}
	for _, l := range strings.Split(block, "\n")[1:] {
		if f := strings.Fields(l); len(f) >= 2 {
			shown[f[1]] = true
		}
	}
	// The module's packages: each folder of Go files under the repository, but the
	// scratch folders a session may leave (not committed).
	want := map[string]bool{}
	err = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || strings.HasPrefix(name, "internal_scratch")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(name, ".go") {
			rel, _ := filepath.Rel("..", filepath.Dir(path))
			pkg := "github.com/deskstat/deskstat"
			if rel != "." {
				pkg += "/" + filepath.ToSlash(rel)
			}
			want[pkg] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range want {
		if !shown[p] {
			t.Errorf("the README's go test ./... does not list %s", p)
		}
	}
	for p := range shown {
		if !want[p] {
			t.Errorf("the README's go test ./... lists %s, which is no package here", p)
		}
	}
}
