// Package safefs reads the project's own files (data/, content/, site/)
// as the untrusted input they are: only regular files, never through a
// symbolic link, never a named pipe or a device, and never more than a
// size limit, read with a bounded reader so that a file that claims to be
// small but never ends cannot exhaust memory.
//
// The checks use lstat (fs.Lstat, os.Lstat) on every path component below
// the folder given, so a link is refused wherever it is, pointing inside
// the project or out of it.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// MaxFile bounds one record in data/ or one page in content/: 1 MiB,
// hundreds of times the largest real record.
const MaxFile = 1 << 20

// MaxSiteFile bounds one file of site/ (layouts, styles, scripts, images).
const MaxSiteFile = 16 << 20

var (
	// ErrSymlink is returned for a symbolic link anywhere in a path.
	ErrSymlink = errors.New("symlinks are not allowed")
	// ErrNotRegular is returned for a named pipe, a device, a socket or
	// anything else that is not a regular file or a folder.
	ErrNotRegular = errors.New("only regular files are allowed")
	// ErrTooLarge is returned for a file over the size limit.
	ErrTooLarge = errors.New("the file is too large")
)

// Error says which file was refused and why; it matches ErrSymlink,
// ErrNotRegular or ErrTooLarge with errors.Is.
type Error struct {
	Path  string      // the refused path, as given
	Err   error       // one of the sentinel errors above
	Mode  fs.FileMode // the type of the file found
	Limit int64       // for ErrTooLarge
}

func (e *Error) Error() string { return e.Path + ": " + e.Describe("") }

func (e *Error) Unwrap() error { return e.Err }

// Describe explains the refusal in a sentence for a located problem;
// folder names where the rule applies, such as "data/".
func (e *Error) Describe(folder string) string {
	in := ""
	if folder != "" {
		in = " in " + folder
	}
	switch e.Err {
	case ErrSymlink:
		return "symlinks are not allowed" + in + ": replace the link by the file itself (links are never followed, so nothing outside the project is read)"
	case ErrNotRegular:
		return fmt.Sprintf("only regular files are allowed%s: this is %s", in, kindOf(e.Mode))
	case ErrTooLarge:
		return fmt.Sprintf("the file is larger than %s, the limit for one file%s", size(e.Limit), in)
	}
	return e.Err.Error()
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "not a regular file"
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Describe is (*Error).Describe for any error: the sentence for a refusal,
// else the error's own text.
func Describe(err error, folder string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Describe(folder)
	}
	return err.Error()
}

// check refuses anything but a regular file no larger than limit.
func check(name string, info fs.FileInfo, limit int64) error {
	m := info.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		return &Error{Path: name, Err: ErrSymlink, Mode: m}
	case !m.IsRegular():
		return &Error{Path: name, Err: ErrNotRegular, Mode: m}
	case info.Size() > limit:
		return &Error{Path: name, Err: ErrTooLarge, Mode: m, Limit: limit}
	}
	return nil
}

// readAll reads at most limit bytes of r, and fails if there is more.
func readAll(name string, r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{Path: name, Err: ErrTooLarge, Limit: limit}
	}
	return data, nil
}

// ReadFile reads the regular file name of fsys, refusing a symbolic link,
// a special file or a file over limit bytes. It does not look at name's
// folders: check them once with CheckDir.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := check(name, info, limit); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The name may have changed between Lstat and Open: look again at
	// what was opened.
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := check(name, info, limit); err != nil {
		return nil, err
	}
	return readAll(name, f, limit)
}

// CheckDir checks that every component of dir, a slash-separated path in
// fsys, is a real folder and not a symbolic link. A missing folder gives
// an error matching fs.ErrNotExist.
func CheckDir(fsys fs.FS, dir string) error {
	if dir == "." || dir == "" {
		return nil
	}
	p := ""
	for _, seg := range strings.Split(path.Clean(dir), "/") {
		p = path.Join(p, seg)
		info, err := fs.Lstat(fsys, p)
		if err != nil {
			return err
		}
		m := info.Mode()
		if m&fs.ModeSymlink != 0 {
			return &Error{Path: p, Err: ErrSymlink, Mode: m}
		}
		if !m.IsDir() {
			return &Error{Path: p, Err: ErrNotRegular, Mode: m}
		}
	}
	return nil
}

// CheckOSDirs checks that each of dirs, operating-system paths, is a
// real folder and not a symbolic link; a missing one is no error.
func CheckOSDirs(dirs ...string) error {
	for _, d := range dirs {
		info, err := os.Lstat(d)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if m := info.Mode(); m&fs.ModeSymlink != 0 {
			return &Error{Path: d, Err: ErrSymlink, Mode: m}
		} else if !m.IsDir() {
			return &Error{Path: d, Err: ErrNotRegular, Mode: m}
		}
	}
	return nil
}

// Entry is a file that Walk refused, with the reason.
type Entry struct {
	Path string // slash-separated, in fsys
	Err  error
}

// Walk lists the regular files under dir of fsys, hidden files and
// folders skipped, and refuses, without following, every symbolic link,
// special file and file over limit bytes. A missing dir gives no files
// and no refusal.
func Walk(fsys fs.FS, dir string, limit int64) (files []string, refused []Entry, err error) {
	return walk(fsys, dir, limit, true)
}

// WalkAll is Walk with hidden files and folders included.
func WalkAll(fsys fs.FS, dir string, limit int64) (files []string, refused []Entry, err error) {
	return walk(fsys, dir, limit, false)
}

func walk(fsys fs.FS, dir string, limit int64, skipHidden bool) (files []string, refused []Entry, err error) {
	if err := CheckDir(fsys, dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil
		}
		var e *Error
		if errors.As(err, &e) {
			return nil, []Entry{{Path: e.Path, Err: err}}, nil
		}
		return nil, nil, err
	}
	err = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skipHidden && p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() { // WalkDir never follows a link to a folder
			return nil
		}
		info, err := d.Info() // lstat: the entry itself
		if err != nil {
			return err
		}
		if err := check(p, info, limit); err != nil {
			refused = append(refused, Entry{Path: p, Err: err})
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files, refused, err
}

// ReadOSFile is ReadFile for an operating-system path. It opens the file
// without following a final symbolic link and without blocking on a named
// pipe, so a file swapped for either after the check is refused too.
func ReadOSFile(name string, limit int64) ([]byte, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if err := check(name, info, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Clean(name), os.O_RDONLY|openFlags, 0)
	if err != nil {
		if isLoop(err) {
			return nil, &Error{Path: name, Err: ErrSymlink, Mode: fs.ModeSymlink}
		}
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := check(name, info, limit); err != nil {
		return nil, err
	}
	return readAll(name, f, limit)
}
