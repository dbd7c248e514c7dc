package cli

import "errors"

// ExitCode is the exit status for an error of Run: 0 for none, 1 for
// findings (ErrProblems: invalid data, dead links, failed publishers), 2
// for usage and operational errors (bad flags, unreadable or unwritable
// folders, network failures). The testscript files in testdata/script
// hold the commands to it.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrProblems):
		return 1
	}
	return 2
}
