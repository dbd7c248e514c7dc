//go:build unix

package scrape

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/interference-watch/portal/generator/fixture"
)

// TestLoadPublishersRefusesLinks: a definition that is a symlink to a file
// outside the project, or a named pipe, is a located problem and is not
// run; data/publishers as a symlink is refused whole.
func TestLoadPublishersRefusesLinks(t *testing.T) {
	outside := t.TempDir()
	fixture.WriteFiles(t, outside, map[string]string{
		"evil.yaml":       publisherYAML("agency", "https://evil.example/feed", "rss", ""),
		"pubs/other.yaml": publisherYAML("agency", "https://evil.example/feed", "rss", ""),
	})
	root := mustProject(t, map[string]string{"good": publisherYAML("agency", "https://agency.example/feed.xml", "rss", "")})
	pubs := filepath.Join(root, "data", "publishers")
	if err := os.Symlink(filepath.Join(outside, "evil.yaml"), filepath.Join(pubs, "evil.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(pubs, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	defs, err := LoadPublishers(os.DirFS(root), "data")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs.Publishers) != 1 || defs.Publishers[0].ID != "good" {
		t.Errorf("publishers = %v", defs.Publishers)
	}
	got := ""
	for _, p := range defs.Problems {
		got += p.String() + "\n"
	}
	for _, want := range []string{"data/publishers/evil.yaml:1:1: symlinks are not allowed in data/",
		"data/publishers/pipe.yaml:1:1: only regular files are allowed in data/: this is a named pipe"} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}

	if err := os.RemoveAll(pubs); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "pubs"), pubs); err != nil {
		t.Fatal(err)
	}
	defs, err = LoadPublishers(os.DirFS(root), "data")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs.Publishers) != 0 || len(defs.Problems) != 1 || !strings.Contains(defs.Problems[0].String(), "data/publishers:1:1: symlinks are not allowed") {
		t.Errorf("linked data/publishers: %v, %v", defs.Publishers, defs.Problems)
	}
}

// TestRunRefusesLinkedSources: with data/sources a symlink to a folder
// outside the project, the scraper neither reads nor writes there.
func TestRunRefusesLinkedSources(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, map[string]string{"agency-rss": publisherYAML("agency", srv.URL+"/feed.xml", "rss", "")})
	outside := t.TempDir()
	sources := filepath.Join(root, "data", "sources")
	if err := os.Rename(sources, filepath.Join(outside, "sources")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "sources"), sources); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), testConfig(root))
	if err == nil || !strings.Contains(err.Error(), "symlinks are not allowed") {
		t.Errorf("Run = %v, want a refusal of the linked folder", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(outside, "sources")); len(entries) != 1 {
		t.Errorf("the scraper wrote outside the project: %v", entries)
	}
}

// TestOpenStoreBoundsYAML: a source file made to exhaust the YAML decoder
// (keys that are mappings cost it time and memory quadratic in their
// number) is refused, with its place, instead of decoded.
func TestOpenStoreBoundsYAML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "sources")
	fixture.WriteFiles(t, dir, map[string]string{
		"a.yaml": "url: https://a.example/\n" + strings.Repeat("? {a}\n", 1000),
	})
	_, err := openStore(dir)
	if err == nil || !strings.Contains(err.Error(), "a.yaml:2:3: a field name must be plain text") {
		t.Errorf("openStore = %v", err)
	}
}
