package filelock

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// TestMain lets a test re-run this binary as a child that holds a lock.
func TestMain(m *testing.M) {
	if p := os.Getenv("FILELOCK_TEST_HOLD"); p != "" {
		l, err := TryLock(p)
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(3)
		}
		defer l.Unlock()
		os.Stdout.WriteString("locked\n")
		select {} // until killed
	}
	os.Exit(m.Run())
}

// TestLockDiesWithItsProcess holds a folder's lock in a child process:
// the lock excludes others while the child lives and is gone once it is
// killed with SIGKILL, which is what start-up clean-ups rely on.
func TestLockDiesWithItsProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	dir := filepath.Join(t.TempDir(), "work")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "FILELOCK_TEST_HOLD="+dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		_ = child.Process.Kill()
		t.Fatalf("child: %q", line)
	}
	if l, err := TryLock(dir); !errors.Is(err, ErrLocked) {
		l.Unlock()
		t.Errorf("lock held by a live child: TryLock = %v, want ErrLocked", err)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	l, err := TryLock(dir)
	if err != nil {
		t.Fatalf("after SIGKILL: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Error(err)
	}
}

// TestLockExcludesWithinProcess: two descriptors of one process exclude
// each other, so a process's own clean-up spares its own work.
func TestLockExcludesWithinProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := TryLock(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryLock(p); !errors.Is(err, ErrLocked) {
		t.Errorf("second lock: %v, want ErrLocked", err)
	}
	a.Unlock()
	b, err := TryLock(p)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	b.Unlock()
}
