package cli

import (
	"errors"

	"github.com/interference-watch/portal/generator/outdir"
)

// ExitCode is the exit status for an error of Run: 0 for none; 2 for
// usage and operational errors: bad flags and arguments, a refused
// output or state folder (outdir.ErrRefused), a network that answers
// nothing (ErrNetworkDown), unreadable or unwritable folders; 1 for
// findings (ErrProblems: invalid data, dead links, failed publishers).
// The testscript files in testdata/script hold the commands to it.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, outdir.ErrRefused), errors.Is(err, ErrNetworkDown):
		return 2
	case errors.Is(err, ErrProblems):
		return 1
	}
	return 2
}
