package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestParse(t *testing.T) {
	out := []byte(marker + "aaa\t2026-01-02T10:00:00+01:00\tAdd op\n\ndata/campaigns/op.yaml\ndata/sources/s.yaml\n" +
		marker + "bbb\t2025-12-01T10:00:00Z\tFix date\n\ndata/campaigns/op.yaml\n")
	l := parse(out)
	if len(l.Changes) != 2 {
		t.Fatalf("changes = %d", len(l.Changes))
	}
	op := l.Of("data/campaigns/op.yaml")
	if len(op) != 2 || op[0].Commit != "aaa" || op[1].Subject != "Fix date" {
		t.Errorf("Of(op) = %+v", op)
	}
	if got := l.Of("data/sources/s.yaml"); len(got) != 1 || got[0].Date.Year() != 2026 {
		t.Errorf("Of(s) = %+v", got)
	}
	if got := l.Of("nothing"); len(got) != 0 {
		t.Errorf("Of(nothing) = %+v", got)
	}
}

func TestReadWithoutGitRepo(t *testing.T) {
	l := Read(context.Background(), t.TempDir(), "data")
	if l == nil || len(l.Changes) != 0 || len(l.Of("data/x.yaml")) != 0 {
		t.Errorf("Read outside a repository = %+v", l)
	}
}

func TestReadRealRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q")
	if err := os.MkdirAll(filepath.Join(dir, "data", "campaigns"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "campaigns", "op.yaml"), []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("add", ".")
	run("commit", "-q", "-m", "Add operation")
	l := Read(context.Background(), dir, "data")
	got := l.Of("data/campaigns/op.yaml")
	if len(got) != 1 || got[0].Subject != "Add operation" || len(got[0].Commit) != 40 {
		t.Errorf("history = %+v", got)
	}
}
