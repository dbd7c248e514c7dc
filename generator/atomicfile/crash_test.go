package atomicfile

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
)

// TestMain lets a test re-run this binary as a writer it then kills.
func TestMain(m *testing.M) {
	if p := os.Getenv("ATOMICFILE_TEST_WRITE"); p != "" {
		write := ReplaceFunc
		if os.Getenv("ATOMICFILE_TEST_CREATE") != "" {
			write = CreateFunc
		}
		err := write(p, 0o644, func(w io.Writer) error {
			_, _ = w.Write([]byte("half a rec"))
			os.Stdout.WriteString("writing\n")
			select {} // until killed
		})
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// TestSIGKILLedWriteLeavesNoTempAfterSweep kills a writer with SIGKILL
// half-way through Replace and through Create, as a crash during a scrape
// would: its temporary file is left in the folder, and the next start's
// Sweep removes it and nothing else.
func TestSIGKILLedWriteLeavesNoTempAfterSweep(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	for _, create := range []bool{false, true} {
		root := t.TempDir()
		dir := filepath.Join(root, "sources")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		keep := filepath.Join(dir, "kept.yaml")
		if err := os.WriteFile(keep, []byte("kept"), 0o644); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, "report.yaml")
		if !create {
			target = keep
		}
		killWriter(t, target, create)
		if names := dirNames(t, dir); len(names) != 2 || !IsTemp(names[0]) && !IsTemp(names[1]) {
			t.Fatalf("create=%v: after SIGKILL the folder holds %v, want kept.yaml and a temporary file", create, names)
		}
		removed, err := Sweep(root)
		if err != nil {
			t.Fatal(err)
		}
		if len(removed) != 1 {
			t.Errorf("create=%v: Sweep removed %v, want the one temporary file", create, removed)
		}
		if names := dirNames(t, dir); !slices.Equal(names, []string{"kept.yaml"}) {
			t.Errorf("create=%v: after Sweep the folder holds %v", create, names)
		}
		mustContent(t, keep, "kept")
	}
}

// killWriter starts a child that writes path, waits until it is half-way
// and kills it with SIGKILL.
func killWriter(t *testing.T, path string, create bool) {
	t.Helper()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "ATOMICFILE_TEST_WRITE="+path)
	if create {
		child.Env = append(child.Env, "ATOMICFILE_TEST_CREATE=1")
	}
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	if line != "writing\n" {
		t.Fatalf("child: %q", line)
	}
}

// TestSweepSparesWriteInProgress runs Sweep while a write is half-way:
// the live writer's temporary file is left alone and the write succeeds.
func TestSweepSparesWriteInProgress(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.yaml")
	err := ReplaceFunc(p, 0o644, func(w io.Writer) error {
		if removed, err := Sweep(dir); err != nil || len(removed) > 0 {
			t.Errorf("Sweep during the write removed %v, %v", removed, err)
		}
		_, err := w.Write([]byte("whole"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	mustContent(t, p, "whole")
	mustOnlyFile(t, dir)
}

// TestSweepTouchesOnlyTemporaryFiles: names that only look alike, a
// symlink and a folder with a temporary file's name are kept.
func TestSweepTouchesOnlyTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{".gitkeep", "a.tmp", ".a.yaml.tmp", "a.yaml.123.tmp", ".a.yaml.12x.tmp", "b.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("b.yaml", filepath.Join(dir, ".b.yaml.1.tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".c.yaml.2.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	before := dirNames(t, dir)
	removed, err := Sweep(dir)
	if err != nil || len(removed) > 0 {
		t.Errorf("Sweep removed %v, %v", removed, err)
	}
	if after := dirNames(t, dir); !slices.Equal(before, after) {
		t.Errorf("folder changed: %v → %v", before, after)
	}
	if removed, err := Sweep(filepath.Join(dir, "missing")); err != nil || removed != nil {
		t.Errorf("Sweep of a missing folder: %v, %v", removed, err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
