package synth

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/validate"
)

// TestProjectIsDeterministicAndValid writes the same project twice and
// checks the files are identical and validate clean.
func TestProjectIsDeterministicAndValid(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b, a} { // the third run rewrites a in place
		if _, err := WriteProject(dir, "../..", Options{Campaigns: 30, Seed: 7}); err != nil {
			t.Fatal(err)
		}
	}
	_, probs, err := validate.Run(os.DirFS(a), "data", validate.Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs[:min(5, len(probs))] {
		t.Error(p)
	}
	files := 0
	_ = filepath.WalkDir(filepath.Join(a, "data"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between runs", rel)
		}
		return nil
	})
	if want := 30 + 150; files < want { // campaigns and their five sources each, at least
		t.Errorf("%d files, want at least %d", files, want)
	}
}
