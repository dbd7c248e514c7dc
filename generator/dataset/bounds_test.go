//go:build unix

package dataset

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"syscall"
	"testing"
	"time"
)

// memoryLimit is the most memory loading one hostile file may take.
const memoryLimit = 256 << 20

// hostileFiles are single records made to exhaust a YAML loader.
func hostileFiles() map[string]string {
	laughs := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range "bcdefghijklm" { // 9^13 nodes once expanded
		laughs += fmt.Sprintf("%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(n)
	}
	return map[string]string{
		"nested-flow":        "name: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n",
		"unclosed-flow":      "name: " + strings.Repeat("[", 100_000) + "\n",
		"nested-9999":        "name: " + strings.Repeat("[", 9_999) + strings.Repeat("]", 9_999) + "\n",
		"unclosed-9999":      "name: " + strings.Repeat("{a: ", 9_999) + "\n",
		"billion-laughs":     laughs + "name: *m\n",
		"laughs-in-keys":     laughs + "? *m\n: x\n",
		"wide-flow":          "name: [" + strings.Repeat("a,", 500_000) + "a]\n",
		"wide-block":         "name:\n" + strings.Repeat("- a\n", 250_000),
		"many-keys":          "name: x\n" + strings.Repeat("? a\n", 250_000),
		"many-documents":     strings.Repeat("name: x\n---\n", 80_000),
		"flow-keys":          "name: {" + strings.Repeat("a,", 500_000) + "a}\n",
		"null-keys":          "name:\n" + strings.Repeat("?\n", 500_000),
		"flow-keys-at-limit": "name: {" + strings.Repeat("a,", 199_990) + "a}\n",
		"lines-at-limit":     "name:\n" + strings.Repeat("? {a}\n", 66_650),
		"complex-keys":       "name: x\n" + strings.Repeat("? {a}\n", 5000),
		"alias-keys":         "a: &a [x]\n" + strings.Repeat("? *a\n", 5000),
		"anchor-per-node":    "name: [" + strings.Repeat("&a a,*a,", 100_000) + "a]\n",
	}
}

// TestHostileYAMLStaysBounded loads each hostile file in a child process
// and checks that it ends with a located problem, within a time limit,
// having used less than 256 MB: its peak RSS, and the Go memory its
// watchdog reads (the only check under -race).
func TestHostileYAMLStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	for name, content := range hostileFiles() {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"data/campaigns/op.yaml": content})
			out, rss, err := loadInChild(t, dir)
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if !strings.Contains(out, "data/campaigns/op.yaml:") {
				t.Errorf("no located problem:\n%s", out)
			}
			if rss >= memoryLimit && !raceEnabled { // with -race, the child's watchdog alone checks the Go memory
				t.Errorf("peak RSS %d MB, limit %d MB", rss>>20, memoryLimit>>20)
			}
			t.Logf("peak RSS %d MB", rss>>20)
		})
	}
	t.Run("dev-zero", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, map[string]string{"data/places/FR.yaml": "name: France\nkind: country\n"})
		if err := os.MkdirAll(filepath.Join(dir, "data/campaigns"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "data/campaigns/op.yaml")); err != nil {
			t.Fatal(err)
		}
		out, rss, err := loadInChild(t, dir)
		if err != nil || !strings.Contains(out, "data/campaigns/op.yaml:1:1: symlinks are not allowed") || rss >= memoryLimit && !raceEnabled {
			t.Errorf("child: %v, %d MB\n%s", err, rss>>20, out)
		}
	})
}

// loadInChild runs TestLoadChild on the project at dir in a new process
// of this test binary and returns its output and peak resident memory.
func loadInChild(t *testing.T, dir string) (string, int64, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLoadChild$", "-test.v")
	cmd.Env = append(os.Environ(), "DATASET_LOAD_CHILD="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var rss int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss << 10 // kilobytes on Linux
		}
	}
	if ctx.Err() != nil {
		err = fmt.Errorf("killed after 60 s: %w", err)
	}
	return out.String(), rss, err
}

// TestLoadChild is the child of TestHostileYAMLStaysBounded: it loads the
// project named by DATASET_LOAD_CHILD and prints its problems. A watchdog
// stops it as soon as it holds more than the limit.
func TestLoadChild(t *testing.T) {
	dir := os.Getenv("DATASET_LOAD_CHILD")
	if dir == "" {
		t.Skip("only a child of TestHostileYAMLStaysBounded")
	}
	debug.SetMemoryLimit(memoryLimit / 2)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > memoryLimit {
				fmt.Printf("over the limit: %d MB\n", v>>20)
				os.Exit(3)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	schemas, err := NewSchemas()
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	_, probs := Loader{FS: fsys, Root: "data", Schemas: schemas}.Load()
	Locate(fsys, probs)
	for _, p := range SortProblems(probs) {
		fmt.Println(p.String())
	}
}
