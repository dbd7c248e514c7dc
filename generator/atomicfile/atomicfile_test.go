package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReplace(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.json")
	if err := Replace(filepath.Join(t.TempDir(), "missing", "f.json"), nil, 0o644); err == nil {
		t.Error("wrote into a missing folder")
	}
	if err := Replace(p, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Replace(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustContent(t, p, "two")
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", st.Mode())
	}
	mustOnlyFile(t, filepath.Dir(p))
}

func TestReplaceFailureHalfWayKeepsOldFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.json")
	if err := Replace(p, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := ReplaceFunc(p, 0o644, func(w io.Writer) error {
		_, _ = w.Write([]byte("new cont"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	mustContent(t, p, "old content")
	mustOnlyFile(t, filepath.Dir(p))
}

func TestCreateNeverReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.yaml")
	if err := Create(p, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Create(p, []byte("second"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	mustContent(t, p, "first")
	mustOnlyFile(t, filepath.Dir(p))
}

func mustContent(t *testing.T, p, want string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil || string(b) != want {
		t.Fatalf("%s = %q, %v; want %q", p, b, err, want)
	}
}

// mustOnlyFile checks no temporary file was left beside the file.
func mustOnlyFile(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left in %s: %v", dir, names)
	}
}
