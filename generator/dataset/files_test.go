//go:build unix

package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeTree writes files (slash-separated path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadDir loads the data/ folder of the project at dir, failing t if it
// takes more than a few seconds (as reading a named pipe does).
func loadDir(t *testing.T, dir string) (*Dataset, []Problem) {
	t.Helper()
	schemas, err := NewSchemas()
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		d     *Dataset
		probs []Problem
	}
	done := make(chan result, 1)
	go func() {
		d, probs := Loader{FS: os.DirFS(dir), Root: "data", Schemas: schemas}.Load()
		done <- result{d, probs}
	}()
	select {
	case r := <-done:
		return r.d, r.probs
	case <-time.After(20 * time.Second):
		t.Fatal("the loader hangs")
	}
	return nil, nil
}

// problemAt returns the message of the problem in file, or "".
func problemAt(probs []Problem, file string) string {
	for _, p := range probs {
		if p.Path == file {
			return p.String()
		}
	}
	return ""
}

// TestLoadReadsOnlyRegularFilesInside: a record that is a symlink (to a
// file outside data/ or inside it), a named pipe, and a kind folder that
// is a symlink to a folder outside the project are located problems; none
// of them is read.
func TestLoadReadsOnlyRegularFilesInside(t *testing.T) {
	outside := t.TempDir()
	writeTree(t, outside, map[string]string{
		"GP.yaml":           "name: Secret\nkind: territory\n",
		"sources/leak.yaml": "url: https://secret.example.org/\ntitle: Secret\npublisher: x\npublished: \"2024\"\nlanguage: en\nkind: news\nstatus: reviewed\n",
	})
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"data/places/FR.yaml": "name: France\nkind: country\n",
		"data/places/MQ.yaml": "name: Martinique\nkind: territory\n",
	})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(outside, "GP.yaml"), filepath.Join(dir, "data/places/GP.yaml")))
	must(os.Symlink("MQ.yaml", filepath.Join(dir, "data/places/RE.yaml")))
	must(syscall.Mkfifo(filepath.Join(dir, "data/places/YT.yaml"), 0o644))
	must(os.Symlink(filepath.Join(outside, "sources"), filepath.Join(dir, "data/sources")))

	d, probs := loadDir(t, dir)
	if d.Place("FR") == nil || d.Place("MQ") == nil {
		t.Error("the regular records were not loaded")
	}
	for _, id := range []string{"GP", "RE", "YT"} {
		if d.Place(id) != nil {
			t.Errorf("%s was read", id)
		}
	}
	if len(d.Sources) != 0 {
		t.Errorf("sources read through a linked folder: %v", d.Sources)
	}
	for file, want := range map[string]string{
		"data/places/GP.yaml": "data/places/GP.yaml:1:1: symlinks are not allowed in data/",
		"data/places/RE.yaml": "data/places/RE.yaml:1:1: symlinks are not allowed in data/",
		"data/places/YT.yaml": "data/places/YT.yaml:1:1: only regular files are allowed in data/: this is a named pipe (FIFO)",
		"data/sources":        "data/sources:1:1: symlinks are not allowed in data/",
	} {
		if got := problemAt(probs, file); !strings.HasPrefix(got, want) {
			t.Errorf("%s: problem %q, want %q", file, got, want)
		}
	}
}

// TestLoadRefusesLinkedDataFolder: data/ itself as a symlink is refused.
func TestLoadRefusesLinkedDataFolder(t *testing.T) {
	outside := t.TempDir()
	writeTree(t, outside, map[string]string{"places/FR.yaml": "name: France\nkind: country\n"})
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	d, probs := loadDir(t, dir)
	if d.Place("FR") != nil {
		t.Error("read through a linked data/")
	}
	if got := problemAt(probs, "data"); !strings.Contains(got, "symlinks are not allowed in data/") {
		t.Errorf("problems = %v", probs)
	}
}

// TestLoadLimitsFileSize: a record over 1 MiB is a located problem, not
// read into memory whole.
func TestLoadLimitsFileSize(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"data/places/FR.yaml": "name: France\nkind: country\n# " + strings.Repeat("x", 1<<20) + "\n",
		"data/places/GP.yaml": "name: Guadeloupe\nkind: territory\n# " + strings.Repeat("x", 1<<20-100) + "\n",
	})
	d, probs := loadDir(t, dir)
	if d.Place("FR") != nil {
		t.Error("FR.yaml, over the limit, was loaded")
	}
	if d.Place("GP") == nil {
		t.Error("GP.yaml, under the limit, was not loaded")
	}
	if got := problemAt(probs, "data/places/FR.yaml"); !strings.Contains(got, "data/places/FR.yaml:1:1: the file is larger than 1 MiB") {
		t.Errorf("problems = %v", probs)
	}
}
