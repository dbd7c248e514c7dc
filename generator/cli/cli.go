// Package cli is the portal command line: one file per subcommand. Run
// takes its arguments and output streams explicitly, so tests drive the
// real commands in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/interference-watch/portal/generator/atomicfile"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/spf13/cobra"
)

// Version is the generator version, set at link time with
// -ldflags "-X github.com/interference-watch/portal/generator/cli.Version=v1.2.3".
var Version = "dev"

// ErrProblems is returned when a command found problems it already
// reported; main exits with status 1 without printing more.
var ErrProblems = errors.New("problems found")

// ErrNetworkDown is returned when every fetch of a command failed at the
// network level (DNS, connect, TLS, timeout): nothing is blamed, nothing
// marked dead, no report written; exit status 2.
var ErrNetworkDown = errors.New("the network is unreachable")

// env is what every command reads instead of globals.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	root   string
	now    func() time.Time

	// lastProblems are those of the last build that failed on the data,
	// for serve to show in the browser.
	lastProblems []dataset.Problem
}

// sweep removes the temporary files that writes into data/ killed
// half-way left (see atomicfile.Sweep), before any command reads data/
// or a later "git add data" could pick them up.
func (e *env) sweep() {
	removed, err := atomicfile.Sweep(filepath.Join(e.root, "data"))
	for _, p := range removed {
		fmt.Fprintf(e.stderr, "removed a temporary file an interrupted write left: %s\n", p)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "warning: removing temporary files left in data/: %v\n", err)
	}
}

// Run runs the portal command line with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr, now: time.Now}
	root := &cobra.Command{
		Use:           "portal",
		Short:         "Interference Watch: validate the data and build the site",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.PersistentFlags().StringVarP(&e.root, "root", "C", ".", "the project folder holding data/, content/ and site/")
	root.PersistentPreRun = func(*cobra.Command, []string) { e.sweep() }
	root.AddCommand(validateCmd(e), buildCmd(e), serveCmd(e), newCmd(e), statsCmd(e), synthCmd(e), scheduleCmd(e), importCmd(e), checkLinksCmd(e), extractCmd(e), scrapeCmd(e), translatedCmd(e))
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return root.ExecuteContext(ctx)
}

// plural is "1 problem" or "n problems": English has one form for one and
// another for every other count.
func plural(n int, one, other string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, other)
}
