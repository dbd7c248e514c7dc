package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fixture"
)

// TestSessionEdits applies a maintainer's edits one by one through a
// Session's incremental rebuilds (a campaign renamed, a campaign added,
// one deleted, a source, an actor and a page of content/ edited, an
// invalid edit and its fix) and compares every file of its folder with a
// fresh full build of the final project, byte for byte.
func TestSessionEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the committed data about ten times")
	}
	root := fixture.Project(t, "../..", "../../data")
	var log bytes.Buffer
	cfg := Config{Root: root, Out: filepath.Join(root, "public"), Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Log: &log}
	dir := t.TempDir()
	s, _, err := StartSession(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Hugo's own line per changed page of a partial rebuild is not the
	// maintainer's business; the log keeps to warnings and errors.
	defer func() {
		if strings.Contains(log.String(), "Source changed") {
			t.Errorf("Hugo's per-page prints reached the log:\n%.500s", log.String())
		}
	}()
	edit := func(rel string, change func(string) string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		old, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		text := change(string(old))
		if text == string(old) {
			t.Fatalf("the edit of %s changes nothing", rel)
		}
		if text == "" {
			err = os.Remove(p)
		} else {
			err = os.WriteFile(p, []byte(text), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	fresh := 0
	update := func(what string, changed ...string) {
		t.Helper()
		rep, err := s.Update(changed)
		if err != nil {
			t.Fatalf("%s: Update = %v", what, err)
		}
		if rep.Fresh {
			fresh++
			t.Logf("%s: Hugo's partial rebuild failed; the staged site was built afresh", what)
		}
		if os.Getenv("SESSION_EVERY_STEP") != "" {
			full := t.TempDir()
			if _, err := BuildInto(cfg, full); err != nil {
				t.Fatal(err)
			}
			if diff := compareTrees(t, full, s.Dir()); diff != "" {
				t.Errorf("after %s:\n%s", what, diff)
			}
		}
	}
	setLine := func(key, value string) func(string) string {
		re := regexp.MustCompile(`(?m)^` + key + `: .*$`)
		return func(s string) string { return re.ReplaceAllString(s, key+": "+value) }
	}
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	edit("data/campaigns/macron-leaks-2017.yaml", setLine("name", "Macron Leaks, renamed"))
	update("a campaign renamed", "data/campaigns/macron-leaks-2017.yaml")

	copied := strings.Replace(read("data/campaigns/matriochka.yaml"), "\nname: ", "\nname: A second Matriochka ", 1)
	edit("data/campaigns/matriochka-again.yaml", func(string) string { return copied })
	update("a campaign added", "data/campaigns/matriochka-again.yaml")

	edit("data/campaigns/bad-grammar.yaml", func(string) string { return "" })
	update("a campaign deleted", "data/campaigns/bad-grammar.yaml")

	edit("data/sources/20-minutes-2017-equipe-macron-piratage.yaml", setLine("title", `"A source retitled"`))
	update("a source edited", "data/sources/20-minutes-2017-equipe-macron-piratage.yaml")

	edit("data/actors/african-initiative.yaml", setLine("name", "African Initiative, renamed"))
	update("an actor edited", "data/actors/african-initiative.yaml")

	edit("content/en/about.md", func(s string) string { return s + "\nA paragraph added to the page.\n" })
	update("a page of content/ edited", "content/en/about.md")

	good := read("data/campaigns/haienergy.yaml")
	edit("data/campaigns/haienergy.yaml", func(s string) string {
		return strings.Replace(s, "actor: shanghai-haixun", "actor: shanghai-haixunn", 1)
	})
	var inv *InvalidError
	if _, err := s.Update([]string{"data/campaigns/haienergy.yaml"}); !errors.As(err, &inv) {
		t.Fatalf("an invalid edit: Update = %v, want the problems", err)
	}
	edit("data/campaigns/haienergy.yaml", func(string) string { return setLine("name", "HaiEnergy, fixed")(good) })
	update("the invalid edit fixed", "data/campaigns/haienergy.yaml")

	full := t.TempDir()
	if _, err := BuildInto(cfg, full); err != nil {
		t.Fatal(err)
	}
	if diff := compareTrees(t, full, s.Dir()); diff != "" {
		t.Errorf("after the edits, the session's folder differs from a full build:\n%s", diff)
	}
	if fresh == 7 {
		t.Error("every update was built afresh: the partial rebuild was never tested")
	}
}

// compareTrees lists the files that differ between two folders, or are
// in only one of them.
func compareTrees(t *testing.T, want, got string) string {
	t.Helper()
	a, b := readTree(t, want), readTree(t, got)
	var out []string
	for _, rel := range slices.Sorted(func(yield func(string) bool) {
		for k := range a {
			if !yield(k) {
				return
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok && !yield(k) {
				return
			}
		}
	}) {
		x, inA := a[rel]
		y, inB := b[rel]
		switch {
		case !inA:
			out = append(out, "only in the session's: "+rel)
		case !inB:
			out = append(out, "missing from the session's: "+rel)
		case !bytes.Equal(x, y):
			out = append(out, "differs: "+rel)
			if d := os.Getenv("SESSION_DIFF_DIR"); d != "" {
				n := strings.ReplaceAll(rel, "/", "_")
				_ = os.WriteFile(filepath.Join(d, n+".want"), x, 0o644)
				_ = os.WriteFile(filepath.Join(d, n+".got"), y, 0o644)
			}
		}
	}
	if len(out) > 20 {
		out = append(out[:20], "…")
	}
	return strings.Join(out, "\n")
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// BenchmarkSessionUpdate times one incremental rebuild after a campaign
// is renamed, on the committed data: profile it with
// go test -run ^$ -bench SessionUpdate -cpuprofile cpu.out ./generator/publish
func BenchmarkSessionUpdate(b *testing.B) {
	root := fixture.Project(b, "../..", "../../data")
	cfg := Config{Root: root, Out: filepath.Join(root, "public"), Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	s, _, err := StartSession(cfg, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const rel = "data/campaigns/macron-leaks-2017.yaml"
	p := filepath.Join(root, rel)
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	name := regexp.MustCompile(`(?m)^name: .*$`)
	i := 0
	var load, stage, files, hugo, total time.Duration
	defer func() {
		n := float64(b.N)
		for _, m := range []struct {
			d    time.Duration
			unit string
		}{{load, "load-ms/op"}, {stage, "render-ms/op"}, {files, "files-ms/op"}, {hugo, "hugo-ms/op"}, {total, "update-ms/op"}} {
			b.ReportMetric(float64(m.d.Milliseconds())/n, m.unit)
		}
	}()
	for b.Loop() {
		i++
		text := name.ReplaceAll(orig, []byte("name: Renamed "+strings.Repeat("x", i%7+1)))
		if err := os.WriteFile(p, text, 0o644); err != nil {
			b.Fatal(err)
		}
		rep, err := s.Update([]string{rel})
		if err != nil {
			b.Fatal(err)
		}
		load, stage, files, hugo, total = load+rep.Load, stage+rep.Stage, files+rep.Files, hugo+rep.Hugo, total+rep.Total
	}
}

// TestSessionRefusesWhatItCannotUpdate: invalid data leaves the session's
// folder as it was and the session usable; a change outside data/ and
// content/ asks for a full build, and so does every update after it.
func TestSessionRefusesWhatItCannotUpdate(t *testing.T) {
	root := fixture.Project(t, "../..", "../validate/testdata/valid/data")
	cfg := Config{Root: root, Out: filepath.Join(root, "public"), Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	s, _, err := StartSession(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	op := filepath.Join(root, "data", "campaigns", "op.yaml")
	good, err := os.ReadFile(op)
	if err != nil {
		t.Fatal(err)
	}
	before := fixture.HashTree(t, dir)
	if err := os.WriteFile(op, bytes.Replace(good, []byte("status: ended"), []byte("status: finished"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	var inv *InvalidError
	if _, err := s.Update([]string{"data/campaigns/op.yaml"}); !errors.As(err, &inv) {
		t.Fatalf("invalid data: Update = %v, want the problems", err)
	}
	if fixture.HashTree(t, dir) != before {
		t.Error("invalid data changed the session's folder")
	}
	if err := os.WriteFile(op, bytes.Replace(good, []byte("name: Operation"), []byte("name: Operation renamed"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update([]string{"data/campaigns/op.yaml"}); err != nil {
		t.Fatalf("after invalid data, a good edit: Update = %v", err)
	}
	if page, _ := os.ReadFile(filepath.Join(dir, "campaigns", "op", "index.html")); !bytes.Contains(page, []byte("Operation renamed")) {
		t.Error("the good edit is not in the folder")
	}
	if _, err := s.Update([]string{"site/layouts/baseof.html"}); !errors.Is(err, ErrFullBuild) {
		t.Errorf("a layout changed: Update = %v, want ErrFullBuild", err)
	}
	if _, err := s.Update([]string{"data/campaigns/op.yaml"}); !errors.Is(err, ErrFullBuild) {
		t.Errorf("after a change that needs a full build: Update = %v, want ErrFullBuild", err)
	}
}
