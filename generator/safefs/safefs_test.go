//go:build unix

package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree makes a folder holding a good file, a symlink to a file outside
// it, a symlink to /dev/zero, a named pipe, a file over the limit and a
// symlink to a folder outside it.
func tree(t *testing.T) string {
	t.Helper()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("secret: yes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "d", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "d", "good.yaml"), []byte("name: x\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "d", "sub", "nested.yaml"), []byte("name: y\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "d", "big.yaml"), make([]byte, 2048), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "d", "link.yaml")))
	must(os.Symlink("/dev/zero", filepath.Join(dir, "d", "zero.yaml")))
	must(os.Symlink(outside, filepath.Join(dir, "d", "linkdir")))
	must(syscall.Mkfifo(filepath.Join(dir, "d", "fifo.yaml"), 0o644))
	must(os.Symlink(outside, filepath.Join(dir, "linked")))
	return dir
}

// noHang fails t if f takes more than a few seconds (a FIFO opened for
// reading waits for a writer forever).
func noHang(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("hangs")
	}
}

func TestReadFileRefuses(t *testing.T) {
	dir := tree(t)
	fsys := os.DirFS(dir)
	for name, want := range map[string]error{
		"d/link.yaml": ErrSymlink, "d/zero.yaml": ErrSymlink, "d/fifo.yaml": ErrNotRegular,
		"d/big.yaml": ErrTooLarge, "d/linkdir": ErrSymlink, "d/sub": ErrNotRegular,
	} {
		noHang(t, func() {
			if _, err := ReadFile(fsys, name, 1024); !errors.Is(err, want) {
				t.Errorf("ReadFile(%s) = %v, want %v", name, err, want)
			}
			if _, err := ReadOSFile(filepath.Join(dir, name), 1024); !errors.Is(err, want) {
				t.Errorf("ReadOSFile(%s) = %v, want %v", name, err, want)
			}
		})
	}
	for _, read := range []func() ([]byte, error){
		func() ([]byte, error) { return ReadFile(fsys, "d/good.yaml", 1024) },
		func() ([]byte, error) { return ReadOSFile(filepath.Join(dir, "d", "good.yaml"), 1024) },
	} {
		if b, err := read(); err != nil || string(b) != "name: x\n" {
			t.Errorf("good file: %q, %v", b, err)
		}
	}
	if err := CheckDir(fsys, "linked/x"); !errors.Is(err, ErrSymlink) {
		t.Errorf("CheckDir through a link = %v", err)
	}
	if err := CheckDir(fsys, "d/sub"); err != nil {
		t.Errorf("CheckDir(d/sub) = %v", err)
	}
	if err := CheckDir(fsys, "missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("CheckDir(missing) = %v", err)
	}
}

// TestReadAllIsBounded reads a never-ending file that reports size 0, as
// /dev/zero does, and stops at the limit.
func TestReadAllIsBounded(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if _, err := readAll("/dev/zero", f, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("readAll(/dev/zero) = %v", err)
	}
}

func TestWalk(t *testing.T) {
	dir := tree(t)
	var files []string
	var refused []Entry
	noHang(t, func() {
		var err error
		files, refused, err = Walk(os.DirFS(dir), "d", 1024)
		if err != nil {
			t.Fatal(err)
		}
	})
	if got := strings.Join(files, " "); got != "d/good.yaml d/sub/nested.yaml" {
		t.Errorf("files = %s", got)
	}
	got := map[string]string{}
	for _, r := range refused {
		got[r.Path] = Describe(r.Err, "data/")
	}
	for p, want := range map[string]string{
		"d/link.yaml": "symlinks are not allowed in data/", "d/zero.yaml": "symlinks are not allowed in data/",
		"d/linkdir": "symlinks are not allowed in data/", "d/fifo.yaml": "a named pipe (FIFO)",
		"d/big.yaml": "larger than 1 KiB",
	} {
		if !strings.Contains(got[p], want) {
			t.Errorf("%s: %q, want %q", p, got[p], want)
		}
	}
	if len(refused) != 5 {
		t.Errorf("refused = %v", refused)
	}
	_, refused, err := Walk(os.DirFS(dir), "linked", 1024)
	if err != nil || len(refused) != 1 || !errors.Is(refused[0].Err, ErrSymlink) {
		t.Errorf("Walk of a linked folder: %v, %v", refused, err)
	}
	files, refused, err = Walk(os.DirFS(dir), "missing", 1024)
	if err != nil || files != nil || refused != nil {
		t.Errorf("Walk of a missing folder: %v %v %v", files, refused, err)
	}
}
