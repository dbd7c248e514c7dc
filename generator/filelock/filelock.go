// Package filelock marks a file or folder as in use by a live process.
// A lock is an exclusive flock(2) on an open descriptor: the kernel drops
// it when the process exits, however it exits, so start-up clean-ups can
// tell a crashed process's debris (no lock) from a running one's work
// (locked) and remove only the former.
package filelock

import (
	"errors"
	"os"
)

// Lock is a held lock; Unlock releases it.
type Lock struct{ f *os.File }

// ErrLocked is returned when another descriptor holds the lock.
var ErrLocked = errors.New("locked by a running process")

// TryLock opens path (a file or a folder, never through a final symlink
// and never waiting on a FIFO) and locks it without waiting. It returns ErrLocked when another process, or another
// descriptor of this one, holds the lock.
func TryLock(path string) (*Lock, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Hold locks the open file f without waiting; closing f releases it.
func Hold(f *os.File) error { return tryLock(f) }

// File is the locked descriptor, for checks such as os.SameFile.
func (l *Lock) File() *os.File { return l.f }

// Unlock releases the lock. It is safe on a nil Lock.
func (l *Lock) Unlock() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}
