package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// project makes a project folder with data/, content/, site/ and .git/,
// each holding a file.
func project(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "proj")
	for _, d := range []string{"data/sources", "content/en", "site", ".git", "generator"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, d, "f"), []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// TestCheckRefusesTheProject: an output that is, holds or lies inside
// data/, content/, site/ or .git/, the project or a parent of it, by any
// spelling (relative, with .., through a symlink), or a non-empty folder
// a build did not write, is refused with ErrRefused.
func TestCheckRefusesTheProject(t *testing.T) {
	root := project(t)
	outside := t.TempDir()
	symlink(t, "data", filepath.Join(root, "records"))                      // a symlink to data/
	symlink(t, filepath.Join(root, "content"), filepath.Join(outside, "c")) // from outside
	symlink(t, root, filepath.Join(outside, "proj"))
	symlink(t, "missing/x", filepath.Join(root, "dangling"))
	if err := os.WriteFile(filepath.Join(root, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		"data", "content", "site", ".git", "data/sources", "data/new", "content/en/x", ".git/objects",
		".", "..", "/", filepath.Dir(filepath.Dir(root)), "public/../data", "./site/", "data/../../proj",
		"records", "records/sub", filepath.Join(outside, "c"), filepath.Join(outside, "proj", "site"),
		filepath.Join(outside, "proj"), "dangling", "dangling/public",
		"generator", // not the project's own folder by name, but not a build's either
		"notes.txt",
	} {
		p := out
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		got, err := Check(root, p)
		if !errors.Is(err, ErrRefused) {
			t.Errorf("Check(%q) = %q, %v; want ErrRefused", out, got, err)
		}
	}
	// A relative root is resolved too.
	wd, _ := os.Getwd()
	t.Chdir(root)
	if _, err := Check(".", "data"); !errors.Is(err, ErrRefused) {
		t.Errorf("Check(., data) from the root = %v", err)
	}
	t.Chdir(wd)
}

// TestCheckAccepts: a new folder, an empty one, one a build wrote, one
// outside the project, and names that only begin like a protected one.
func TestCheckAccepts(t *testing.T) {
	root := project(t)
	for _, d := range []string{"empty", "built", "data-public"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteMarker(filepath.Join(root, "built")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "built", "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		filepath.Join(root, "public"), filepath.Join(root, "empty"), filepath.Join(root, "built"),
		filepath.Join(root, "data-public"), filepath.Join(root, "sitex", "out"), filepath.Join(t.TempDir(), "a", "b"),
	} {
		if got, err := Check(root, out); err != nil || got != out {
			t.Errorf("Check(%q) = %q, %v", out, got, err)
		}
	}
}

// TestCheckStateRefuses: a state folder is refused on the same grounds,
// and when it holds anything but the portal's own folders.
func TestCheckStateRefuses(t *testing.T) {
	root := project(t)
	for _, dir := range []string{"data", "site/x", ".", "..", ".git", "generator"} {
		if _, err := CheckState(root, filepath.Join(root, dir), "portal-schedule-"); !errors.Is(err, ErrRefused) {
			t.Errorf("CheckState(%q) = %v; want ErrRefused", dir, err)
		}
	}
	ok := t.TempDir()
	if err := os.Mkdir(filepath.Join(ok, "portal-schedule-123"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(root, ".cache", "schedule"), ok, t.TempDir()} {
		if _, err := CheckState(root, dir, "portal-schedule-"); err != nil {
			t.Errorf("CheckState(%q) = %v", dir, err)
		}
	}
	marked := t.TempDir()
	for _, f := range []string{StateMarker, "other"} {
		if err := os.WriteFile(filepath.Join(marked, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := CheckState(root, marked, "portal-schedule-"); err != nil {
		t.Errorf("marked state folder: %v", err)
	}
}
