package publish

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/interference-watch/portal/generator/fixture"
)

// TestSwapReplacesAndRemovesOld swaps a new site over an old one with
// files at several depths: the new one is in place and nothing of the old
// one is left beside it.
func TestSwapReplacesAndRemovesOld(t *testing.T) {
	root := t.TempDir()
	dst, src := filepath.Join(root, "public"), filepath.Join(root, ".public.new-1")
	old := map[string]string{}
	for _, p := range []string{"index.html", "a/index.html", "a/b/index.html", "a/b/c/d.json", "e/f.xml"} {
		old[p] = "old"
	}
	fixture.WriteFiles(t, dst, old)
	fixture.WriteFiles(t, src, map[string]string{"index.html": "new"})
	if err := Swap(src, dst); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dst, "index.html")); err != nil || string(b) != "new" {
		t.Errorf("index.html = %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "a")); !os.IsNotExist(err) {
		t.Errorf("old folder a survived: %v", err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("left beside the site: %v", entries)
	}
}
