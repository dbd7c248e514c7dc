package publish

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSwapReplacesAndRemovesOld swaps a new site over an old one with
// files at several depths: the new one is in place and nothing of the old
// one is left beside it.
func TestSwapReplacesAndRemovesOld(t *testing.T) {
	root := t.TempDir()
	dst, src := filepath.Join(root, "public"), filepath.Join(root, ".public.new-1")
	for _, p := range []string{"index.html", "a/index.html", "a/b/index.html", "a/b/c/d.json", "e/f.xml"} {
		write(t, filepath.Join(dst, p), "old")
	}
	write(t, filepath.Join(src, "index.html"), "new")
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

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
