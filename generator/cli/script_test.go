package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary be the portal command (and exits, the
// status checker) for the testscript files.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"portal": func() {
			err := Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
			if err != nil && !errors.Is(err, ErrProblems) {
				fmt.Fprintln(os.Stderr, "portal:", err)
			}
			os.Exit(ExitCode(err))
		},
		"exits": exitsMain,
	})
}

// exitsMain runs "exits N cmd args…": it runs cmd and succeeds when its
// exit status is N, passing its output through, so a script can state
// the status a command must end with (testscript's ! says only "not 0").
func exitsMain() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: exits STATUS COMMAND [ARG…]")
		os.Exit(3)
	}
	want, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "exits: bad status:", err)
		os.Exit(3)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	got := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		got = exit.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "exits:", err)
		os.Exit(3)
	}
	if got != want {
		fmt.Fprintf(os.Stderr, "exits: %s ended with status %d, want %d\n", os.Args[2], got, want)
		os.Exit(3)
	}
	os.Exit(0)
}

// TestScripts runs the CLI's contracts in testdata/script: what each
// command prints and where, its exit status, and what it never touches.
// Each script starts in a folder holding a valid project ($WORK/project:
// the validate package's valid fixture with the real site/ and content/)
// and the invalid one ($WORK/invalid).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(e *testscript.Env) error {
			for _, p := range []struct{ data, dst string }{
				{"../validate/testdata/valid/data", "project"}, {"../validate/testdata/many-mistakes/data", "invalid"},
			} {
				for _, c := range []struct{ src, dst string }{{p.data, "data"}, {"../../site", "site"}, {"../../content", "content"}} {
					if err := os.CopyFS(filepath.Join(e.WorkDir, p.dst, c.dst), os.DirFS(c.src)); err != nil && !errors.Is(err, fs.ErrNotExist) {
						return err
					}
				}
			}
			e.Setenv("HOME", e.WorkDir)
			return nil
		},
	})
}
