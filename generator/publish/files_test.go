//go:build unix

package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fixture"
	"github.com/interference-watch/portal/generator/hugosite"
	"github.com/interference-watch/portal/generator/page"
	"github.com/interference-watch/portal/generator/render"
)

// TestBuildRefusesLinksInContentAndSite: a page of content/ that is a
// symlink to a file outside the project, a layout that is a symlink, a
// named pipe in site/static and a page over the size limit are located
// problems; the build stops before reading them or publishing anything.
func TestBuildRefusesLinksInContentAndSite(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("---\ntitle: Secret\n---\nprivate notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := fixture.Project(t, "../..", "../validate/testdata/valid/data")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(secret, filepath.Join(root, "content", "en", "leak.md")))
	must(os.Symlink(secret, filepath.Join(root, "site", "layouts", "leak.html")))
	must(syscall.Mkfifo(filepath.Join(root, "site", "static", "pipe.txt"), 0o644))
	must(os.WriteFile(filepath.Join(root, "content", "en", "huge.md"), []byte(strings.Repeat("x", 2<<20)), 0o644))

	dest := t.TempDir()
	done := make(chan error, 1)
	go func() {
		_, err := BuildInto(Config{Root: root, Out: filepath.Join(root, "public"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, dest)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the build hangs")
	}
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("BuildInto = %v, want the refused files as problems", err)
	}
	var got []string
	for _, p := range inv.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"content/en/leak.md:1:1: symlinks are not allowed in content/",
		"content/en/huge.md:1:1: the file is larger than 1 MiB",
		"site/layouts/leak.html:1:1: symlinks are not allowed in site/",
		"site/static/pipe.txt:1:1: only regular files are allowed in site/: this is a named pipe (FIFO)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q in:\n%s", want, all)
		}
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("something was built: %v", entries)
	}
}

// TestStageContentReadsNoLink: staging content/ never follows a link,
// even when called without the check before it.
func TestStageContentReadsNoLink(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	fixture.WriteFiles(t, root, map[string]string{"content/en/about.md": "---\ntitle: About\n---\nabout\n", "content/en/.draft.md": "hidden"})
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "content", "en", "leak.md")); err != nil {
		t.Fatal(err)
	}
	stage, err := hugosite.NewOverlay(filepath.Join(root, "site"))
	if err != nil {
		t.Fatal(err)
	}
	d := &dataset.Dataset{}
	o := render.Options{Lang: "en", Strings: os.DirFS("../../site/i18n"), DefaultLang: "en", Index: page.NewIndex(d),
		Languages: []page.Language{{Code: "en", Label: "English"}}}
	if err := stageContent(root, "en", d, stage, o); err == nil || !strings.Contains(err.Error(), "symlinks are not allowed") {
		t.Errorf("stageContent = %v, want a refusal of the link", err)
	}
	if err := os.Remove(filepath.Join(root, "content", "en", "leak.md")); err != nil {
		t.Fatal(err)
	}
	if err := stageContent(root, "en", d, stage, o); err != nil {
		t.Errorf("stageContent of regular files = %v", err)
	}
	linked := t.TempDir()
	fixture.WriteFiles(t, linked, map[string]string{"content/x": ""})
	if err := os.Symlink(filepath.Join(root, "content", "en"), filepath.Join(linked, "content", "en")); err != nil {
		t.Fatal(err)
	}
	if err := stageContent(linked, "en", d, stage, o); err == nil || !strings.Contains(err.Error(), "symlinks are not allowed") {
		t.Errorf("stageContent of a linked content/en = %v, want a refusal", err)
	}
}
