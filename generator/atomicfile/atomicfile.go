// Package atomicfile writes files so that a reader, or a crash, never sees
// half of one: the content goes to a hidden temporary file in the same
// folder, is synced, and only then takes the file's name. Replace swaps it
// in over any old file; Create refuses to touch an existing one.
//
// A process killed during a write (kill -9, a power cut) leaves its
// temporary file behind, named ".NAME.DIGITS.tmp". The writer holds a
// lock on it (see filelock) until it has its final name, so Sweep, which
// every portal command runs over data/ at start, removes exactly the
// temporary files of writers that are gone and never one still being
// written.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/interference-watch/portal/generator/filelock"
)

// Replace writes data to path, replacing path whole if it exists. The
// folder must exist.
func Replace(path string, data []byte, perm fs.FileMode) error {
	return ReplaceFunc(path, perm, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// ReplaceFunc is Replace with the content written by fill, which tests use
// to inject a failure half-way: path is then left as it was.
func ReplaceFunc(path string, perm fs.FileMode, fill func(io.Writer) error) error {
	tmp, err := temp(path, perm, fill)
	if err != nil {
		return err
	}
	defer discard(tmp)
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Create writes data to path only if path does not exist; otherwise it
// returns an error that matches fs.ErrExist. The complete file is linked
// to its name, which fails if the name is taken, so two writers can never
// both succeed and an existing file is never replaced.
func Create(path string, data []byte, perm fs.FileMode) error {
	return CreateFunc(path, perm, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// CreateFunc is Create with the content written by fill.
func CreateFunc(path string, perm fs.FileMode, fill func(io.Writer) error) error {
	tmp, err := temp(path, perm, fill)
	if err != nil {
		return err
	}
	defer discard(tmp)
	if err := linkNew(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// discard removes the temporary file's name, if it still has one, and
// only then closes it, which releases its lock.
func discard(f *os.File) {
	_ = os.Remove(f.Name())
	_ = f.Close()
}

// temp writes a complete, synced temporary file beside path and returns
// it open and locked; on error nothing is left behind.
func temp(path string, perm fs.FileMode, fill func(io.Writer) error) (*os.File, error) {
	f, err := lockedTemp(path)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := fill(f); err != nil {
		discard(f)
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := errors.Join(f.Chmod(perm), f.Sync()); err != nil {
		discard(f)
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return f, nil
}

// lockedTemp creates an empty temporary file beside path and locks it.
// Between the two a Sweep may take the new file for debris; the file is
// then made again.
func lockedTemp(path string) (*os.File, error) {
	var last error
	for range 5 {
		f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
		if err != nil {
			return nil, err
		}
		if last = filelock.Hold(f); last == nil && sameName(f) {
			return f, nil
		}
		_ = f.Close() // a Sweep holds it, or has removed it
	}
	return nil, fmt.Errorf("temporary file: %w", cmpOr(last, errors.New("removed as debris while being made")))
}

// sameName reports whether f still has its name.
func sameName(f *os.File) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(f.Name())
	return err == nil && os.SameFile(a, b)
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// linkNew gives the complete file tmp the name path, failing with
// fs.ErrExist if path exists. File systems without hard links fall back
// to a check and a rename.
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	return os.Rename(tmp, path)
}

// tempName matches the temporary files this package makes (os.CreateTemp
// puts decimal digits in place of the star).
var tempName = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// IsTemp reports whether name (a file name, not a path) is one of this
// package's temporary files.
func IsTemp(name string) bool { return tempName.MatchString(name) }

// Sweep removes, under dir and its subfolders, every temporary file left
// by a write that did not finish because its process died; a write in
// progress holds its file's lock and is left alone. It never follows a
// symlink. A missing dir is not an error. It returns the paths removed.
func Sweep(dir string) ([]string, error) {
	var removed []string
	var errs []error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			errs = append(errs, err)
			return nil
		}
		if !d.Type().IsRegular() || !IsTemp(d.Name()) {
			return nil
		}
		ok, err := removeStale(p)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			removed = append(removed, p)
		}
		return nil
	})
	return removed, errors.Join(append(errs, err)...)
}

// removeStale removes the file p unless a live writer holds its lock.
func removeStale(p string) (bool, error) {
	l, err := filelock.TryLock(p)
	if errors.Is(err, filelock.ErrLocked) || errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer l.Unlock()
	if !sameName(l.File()) {
		return false, nil // renamed into place, or replaced, meanwhile
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return true, nil
}
