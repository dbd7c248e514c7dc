//go:build !linux

package outdir

import "os"

// exchange is not available here: Swap uses a symlink.
var exchange func(a, b string) error

// renameNoReplace renames a to b, failing if b exists (checked first:
// not atomic here).
func renameNoReplace(a, b string) error {
	if _, err := os.Lstat(b); err == nil {
		return &os.LinkError{Op: "rename", Old: a, New: b, Err: os.ErrExist}
	}
	return os.Rename(a, b)
}
