package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	out := []byte(marker + "aaa\t2026-01-02T10:00:00+01:00\tFix date\n\nM\tdata/campaigns/op.yaml\nD\tdata/sources/s.yaml\n" +
		marker + "bbb\t2025-12-01T10:00:00Z\tAdd op\n\nA\tdata/campaigns/op.yaml\nA\tdata/sources/s.yaml\n")
	l := parse(out)
	if len(l.Changes) != 2 {
		t.Fatalf("changes = %d", len(l.Changes))
	}
	op := l.Of("data/campaigns/op.yaml")
	if len(op) != 2 || op[0].Commit != "aaa" || op[1].Subject != "Add op" {
		t.Errorf("Of(op) = %+v", op)
	}
	if got := l.Of("data/sources/s.yaml"); len(got) != 2 || got[0].Date.Year() != 2026 {
		t.Errorf("Of(s) = %+v", got)
	}
	if c := l.Changes[0]; c.StatusOf(0) != "modified" || c.StatusOf(1) != "deleted" || l.Changes[1].StatusOf(0) != "added" {
		t.Errorf("statuses = %q, %q", c.Status, l.Changes[1].Status)
	}
	if got := l.Added("data/campaigns/op.yaml"); !got.Equal(time.Date(2025, 12, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Added(op) = %v", got)
	}
	if got := l.Updated("data/campaigns/op.yaml"); got.Year() != 2026 {
		t.Errorf("Updated(op) = %v", got)
	}
	if !l.Added("nothing").IsZero() || !l.Updated("nothing").IsZero() {
		t.Error("Added or Updated of a path never changed is not zero")
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

// TestParseLongSubject: a commit subject longer than any line buffer does
// not cut the history short; the older changes are still read.
func TestParseLongSubject(t *testing.T) {
	out := []byte(marker + "aaa\t2026-01-02T10:00:00+01:00\t" + strings.Repeat("x", 2<<20) + "\n\nM\tdata/campaigns/op.yaml\n" +
		marker + "bbb\t2025-12-01T10:00:00Z\tAdd op\n\nA\tdata/campaigns/op.yaml\n")
	l := parse(out)
	if op := l.Of("data/campaigns/op.yaml"); len(op) != 2 || op[1].Commit != "bbb" {
		t.Errorf("Of(op) = %d changes, want 2", len(op))
	}
}
