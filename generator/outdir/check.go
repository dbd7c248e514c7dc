// Package outdir keeps the folders that builds write and replace away
// from everything else: Check and CheckState refuse an output or state
// folder that would overwrite the project or anything a build did not
// write; Prepare, Swap and Sweep put a finished site in place in one
// atomic step and remove what a crashed build left behind; Session gives
// a process a work folder that the next start removes if the process
// died.
//
// # The swap
//
// A site is built into a fresh folder beside the output, ".NAME.new-N",
// and then exchanged with the output in one renameat2(RENAME_EXCHANGE)
// call (Linux 3.15 and later, on ext4, xfs, btrfs, tmpfs and most local
// file systems): a reader, or a crash, sees either the old site or the
// new one whole, never none. Where the kernel or file system cannot
// exchange (EINVAL, ENOSYS, EOPNOTSUPP, and on systems other than Linux)
// the output becomes a symlink: the new site is renamed to
// ".NAME.site-N", a symlink ".NAME.link-N" to it is made, and one rename
// puts that symlink over NAME, which is atomic as well. Only the first
// such swap over a real folder needs two renames (the folder is parked
// as "NAME.old-N" first); a crash between them leaves NAME missing until
// the next Sweep, which puts the parked site back.
//
// # Debris
//
// Every folder a build or a process works in is locked (filelock) while
// it is in use. Sweep and Session remove only unlocked debris, so they
// never touch the work of a build still running, in this process or
// another, and always remove what a killed one left.
package outdir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Marker is the file every build writes at the top of the site it
// publishes. A non-empty folder without it was not written by a build
// and is never replaced.
const Marker = ".interference-watch-build"

// StateMarker is the file that marks a state folder (portal schedule's
// builds) as the portal's own.
const StateMarker = ".interference-watch-state"

// ErrRefused is matched by every refusal of Check and CheckState.
var ErrRefused = errors.New("refused")

// RefusedError says which folder was refused and why.
type RefusedError struct {
	What   string // "output folder", "state folder"
	Path   string // as given
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("refusing %s %s: %s; nothing was written or deleted", e.What, e.Path, e.Reason)
}

func (e *RefusedError) Unwrap() error { return ErrRefused }

// protected are the project's own folders, relative to its root.
var protected = []string{"data", "content", "site", ".git"}

// WriteMarker writes Marker into dir, the folder of a site being built.
func WriteMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, Marker), []byte("Written by portal build. This folder is replaced whole by the next build: keep nothing else in it.\n"), 0o644)
}

// Check returns the cleaned absolute path of out, the folder a build of
// the project at root will replace, or a *RefusedError when out is, holds
// or lies inside the root's data/, content/, site/ or .git/, is the root
// or one of its parents, is not a folder, or is a non-empty folder without
// Marker. Relative paths and symlinks (of out and of the project's
// folders) are resolved before comparing.
func Check(root, out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	refuse := func(reason string) error {
		return &RefusedError{What: "output folder", Path: out, Reason: reason}
	}
	// The name that is renamed over (its parent resolved) and, when out
	// is a symlink, the folder it points to.
	parent, err := resolve(filepath.Dir(abs))
	if err != nil {
		return "", refuse(err.Error())
	}
	paths := []string{filepath.Join(parent, filepath.Base(abs))}
	if target, err := filepath.EvalSymlinks(abs); err == nil && target != paths[0] {
		paths = append(paths, target)
	}
	if reason, err := overlaps(root, paths); err != nil || reason != "" {
		return "", cmpErr(err, refuse(reason))
	}
	st, err := os.Stat(abs)
	switch {
	case missing(err):
		if _, lerr := os.Lstat(abs); lerr == nil {
			return "", refuse("it is a symlink to nothing")
		}
		return abs, nil
	case err != nil:
		return "", refuse(err.Error())
	case !st.IsDir():
		return "", refuse("it is a file, not a folder")
	}
	empty, err := isEmpty(abs)
	if err != nil {
		return "", refuse(err.Error())
	}
	if !empty && !isRegular(filepath.Join(abs, Marker)) {
		return "", refuse("it is a folder that a build did not write (no " + Marker + " in it), and a build replaces its output whole; remove it yourself or choose another --out")
	}
	return abs, nil
}

// CheckState is Check for a state folder, which holds one folder per
// running process (see Session): it is refused on the same grounds, and
// when it is a non-empty folder with neither StateMarker nor only
// session folders of prefix in it. It returns the folder's resolved
// absolute path.
func CheckState(root, dir, prefix string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	refuse := func(reason string) error {
		return &RefusedError{What: "state folder", Path: dir, Reason: reason}
	}
	res, err := resolve(abs)
	if err != nil {
		return "", refuse(err.Error())
	}
	if reason, err := overlaps(root, []string{res}); err != nil || reason != "" {
		return "", cmpErr(err, refuse(reason))
	}
	st, err := os.Stat(res)
	switch {
	case missing(err):
		return res, nil
	case err != nil:
		return "", refuse(err.Error())
	case !st.IsDir():
		return "", refuse("it is a file, not a folder")
	}
	if isRegular(filepath.Join(res, StateMarker)) {
		return res, nil
	}
	entries, err := os.ReadDir(res)
	if err != nil {
		return "", refuse(err.Error())
	}
	session := sessionName(prefix)
	for _, e := range entries {
		if !e.IsDir() || !session.MatchString(e.Name()) {
			return "", refuse("it is a folder that portal did not make (no " + StateMarker + " in it); choose an empty or new --state-dir")
		}
	}
	return res, nil
}

// overlaps says why one of paths may not be written, or "" when none
// overlaps the project at root.
func overlaps(root string, paths []string) (string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	type place struct{ path, name string }
	var places []place
	add := func(p, name string) {
		places = append(places, place{p, name})
		if r, err := filepath.EvalSymlinks(p); err == nil && r != p {
			places = append(places, place{r, name})
		}
	}
	add(absRoot, "")
	for _, d := range protected {
		add(filepath.Join(absRoot, d), d)
	}
	for _, p := range paths {
		for _, pl := range places {
			if pl.name == "" { // the root: a folder inside it is fine
				switch {
				case p == pl.path:
					return "it is the project folder", nil
				case within(pl.path, p):
					return "it holds the project folder", nil
				}
				continue
			}
			switch {
			case p == pl.path:
				return "it is the project's " + pl.name + "/ folder", nil
			case within(p, pl.path):
				return "it lies inside the project's " + pl.name + "/ folder", nil
			case within(pl.path, p):
				return "it holds the project's " + pl.name + "/ folder", nil
			}
		}
	}
	return "", nil
}

// within reports whether p lies strictly inside dir; both are clean and
// absolute.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolve is filepath.EvalSymlinks for a path whose last parts may not
// exist yet: the longest existing prefix is resolved and the rest joined
// to it. A symlink to nothing on the way is an error, since a folder
// made through it would land wherever it points.
func resolve(p string) (string, error) {
	rest := ""
	for cur := p; ; {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !missing(err) {
			return "", err
		}
		if _, lerr := os.Lstat(cur); lerr == nil {
			return "", fmt.Errorf("%s is a symlink to nothing", cur)
		}
		up := filepath.Dir(cur)
		if up == cur {
			return p, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = up
	}
}

// missing reports whether err says a path does not exist, including
// because a part of it is a file: making the folder then fails with its
// own clear error.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) == 0 && (err == nil || errors.Is(err, io.EOF)) {
		return true, nil
	}
	return false, nil
}

func isRegular(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.Mode().IsRegular()
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
