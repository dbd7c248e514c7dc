// Package atomicfile writes files so that a reader, or a crash, never sees
// half of one: the content goes to a hidden temporary file in the same
// folder, is synced, and only then takes the file's name. Replace swaps it
// in over any old file; Create refuses to touch an existing one.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	defer os.Remove(tmp)
	if err := os.Rename(tmp, path); err != nil {
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
	defer os.Remove(tmp)
	if err := linkNew(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// temp writes a complete, synced temporary file beside path and returns
// its name; on error nothing is left behind.
func temp(path string, perm fs.FileMode, fill func(io.Writer) error) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err = fill(f); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = errors.Join(f.Chmod(perm), f.Sync()); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return f.Name(), nil
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
