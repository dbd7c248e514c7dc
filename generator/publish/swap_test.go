package publish

import (
	"fmt"
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

// TestSwapIsOneAtomicStep swaps new sites in again and again while a
// reader keeps opening the site's index.html: the page is always there.
// Moving the old site aside and then the new one in, two renames, leaves
// a moment with no site at all, which the reader sees.
func TestSwapIsOneAtomicStep(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	fixture.WriteFiles(t, dst, map[string]string{"index.html": "0"})
	stop := make(chan struct{})
	var missed, reads int
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			reads++
			if _, err := os.ReadFile(filepath.Join(dst, "index.html")); err != nil {
				missed++
			}
		}
	}()
	for i := range 400 {
		src := filepath.Join(root, fmt.Sprintf(".public.new-%d", i))
		fixture.WriteFiles(t, src, map[string]string{"index.html": fmt.Sprint(i)})
		if err := Swap(src, dst); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	<-done
	if missed > 0 {
		t.Errorf("the site was missing for %d of %d reads during 400 swaps", missed, reads)
	}
}
