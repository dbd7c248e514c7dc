// Command portal validates the Interference Watch data and builds, serves
// and maintains the site. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/interference-watch/portal/generator/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, cli.ErrProblems) {
		fmt.Fprintln(os.Stderr, "portal:", err)
	}
	os.Exit(cli.ExitCode(err)) // 0 all good, 1 findings, 2 usage or operational error
}
