package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/filelock"
)

func sessionName(prefix string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `[0-9]+$`)
}

// Session makes a fresh folder parent/prefixN for this process's work,
// locked until the returned lock is released (or the process dies),
// after removing every parent/prefixN folder whose process is gone. It
// returns the folder and the stale folders it removed; parent is created
// if missing.
func Session(parent, prefix string) (dir string, lock *filelock.Lock, removed []string, err error) {
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", nil, nil, err
	}
	removed, err = SweepSessions(parent, prefix)
	if err != nil {
		return "", nil, removed, err
	}
	dir, lock, err = lockedDir(parent, prefix)
	return dir, lock, removed, err
}

// SweepSessions removes the folders parent/prefixN that no running
// process holds, and returns them; folders it may not open (another
// user's) are left.
func SweepSessions(parent, prefix string) ([]string, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, err
	}
	re := sessionName(prefix)
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !re.MatchString(e.Name()) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		ok, err := removeUnlocked(p)
		if errors.Is(err, fs.ErrPermission) {
			continue // another user's, in a shared folder such as /tmp
		}
		if err != nil {
			return removed, fmt.Errorf("remove stale %s: %w", p, err)
		}
		if ok {
			removed = append(removed, p)
		}
	}
	return removed, nil
}

// RemoveWithin removes dir and everything in it, waiting at most d; it
// reports whether the removal finished. A serve's folder can hold a
// million files at scale, and a rebuild may still be writing into it, so
// a process that is stopping does not wait for the whole removal: what is
// left is a session folder like any other, which the next Session sweeps
// once this process has gone.
func RemoveWithin(dir string, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		os.RemoveAll(dir)
		close(done)
	}()
	select {
	case <-done:
		_, err := os.Lstat(dir)
		return errors.Is(err, fs.ErrNotExist)
	case <-time.After(d):
		return false
	}
}

// RemoveEmptyParents removes dir and each parent of it below root while
// they are empty (after the last file of a folder in a build was removed).
func RemoveEmptyParents(dir, root string) {
	for strings.HasPrefix(dir, root+string(filepath.Separator)) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}
