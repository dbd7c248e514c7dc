package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWriteRefusesLinks: a technique file that is a symlink to a file
// outside the project is neither read nor merged, and a techniques folder
// that is a symlink is refused before anything is written through it.
func TestWriteRefusesLinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.yaml")
	mustWriteFile(t, secret, "name: Plan the Message\ntactic: TA01\nsecret: do not publish\n")
	dir := filepath.Join(t.TempDir(), "techniques")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "T0001.yaml")); err != nil {
		t.Fatal(err)
	}
	r, err := Write(dir, []Technique{plan})
	if err == nil || !strings.Contains(err.Error(), "symlinks are not allowed") || !slices.Equal(r.Failed, []string{"T0001"}) {
		t.Errorf("Write = %+v, %v; want T0001 failed as a symlink", r, err)
	}
	if got := string(mustReadFile(t, secret)); !strings.Contains(got, "secret: do not publish") {
		t.Errorf("the link's target changed: %q", got)
	}

	linked := filepath.Join(t.TempDir(), "techniques")
	if err := os.Symlink(outside, linked); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(linked, []Technique{quote}); err == nil || !strings.Contains(err.Error(), "symlinks are not allowed") {
		t.Errorf("Write into a linked folder = %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "T0002.001.yaml")); err == nil {
		t.Error("a file was written through the linked folder")
	}
}
