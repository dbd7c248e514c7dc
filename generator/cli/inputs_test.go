//go:build unix

package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestExtractDeepPage: a page nested deeper than the HTML parser's limit
// is extracted (its head and text), and a page that yields nothing is an
// error, never an empty success.
func TestExtractDeepPage(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "deep.html")
	page := `<!doctype html><html lang="en"><head><title>Harbour council approves new timetable</title>` +
		`<meta name="description" content="Two evening crossings."></head><body>` + strings.Repeat("<span>", 600) +
		`<p>The harbour council voted on Sunday to add two evening crossings to the winter timetable. Fares rise by five per cent from May.</p>`
	empty := filepath.Join(dir, "empty.html")
	for p, body := range map[string]string{deep: page, empty: strings.Repeat("<span>", 600)} {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := mustRun(t, "extract", deep)
	if err != nil || !strings.Contains(out, "title:         Harbour council approves new timetable") ||
		!strings.Contains(out, "description:   Two evening crossings.") || !strings.Contains(out, "language:      en") {
		t.Errorf("extract deep page: %v\n%s", err, out)
	}
	out, _, err = mustRun(t, "extract", empty)
	if err == nil || !strings.Contains(err.Error(), "found no title") {
		t.Errorf("extract of a page with nothing: %v\n%s", err, out)
	}
}

// TestValidateRefusesLinksOutside: portal validate reports a page of
// content/ that is a symlink to a file outside the project, and a named
// pipe in site/, as located problems (and does not hang on the pipe).
func TestValidateRefusesLinksOutside(t *testing.T) {
	root := mustProject(t, "../validate/testdata/valid")
	secret := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(root, "content", "en", "leak.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "site", "layouts", "pipe.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := mustRun(t, "validate", "-C", root)
	if !errors.Is(err, ErrProblems) ||
		!strings.Contains(out, "content/en/leak.md:1:1: symlinks are not allowed in content/") ||
		!strings.Contains(out, "site/layouts/pipe.html:1:1: only regular files are allowed in site/: this is a named pipe (FIFO)") {
		t.Errorf("validate: %v\n%s", err, out)
	}
}
