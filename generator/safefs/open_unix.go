//go:build unix

package safefs

import (
	"errors"
	"syscall"
)

// openFlags open a file without following a final symbolic link, and
// without waiting for a writer when it is a named pipe.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
