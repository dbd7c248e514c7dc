package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/interference-watch/portal/generator/filelock"
)

// stepHook, when set by a test, is called after each step of a swap, so
// that a test can kill the process there.
var stepHook func(step string)

func step(name string) {
	if stepHook != nil {
		stepHook(name)
	}
}

// names are the patterns of the folders made beside an output NAME.
type names struct{ newDir, site, link, park *regexp.Regexp }

func namesOf(base string) names {
	q := regexp.QuoteMeta(base)
	return names{
		newDir: regexp.MustCompile(`^\.` + q + `\.new-[0-9]+$`),
		site:   regexp.MustCompile(`^\.` + q + `\.site-[0-9]+$`),
		link:   regexp.MustCompile(`^\.` + q + `\.link-[0-9]+$`),
		// Earlier builds parked as NAME.old-.NAME.new-N.
		park: regexp.MustCompile(`^` + q + `\.old-(\.` + q + `\.new-)?[0-9]+$`),
	}
}

// Prepare makes an empty folder ".NAME.new-N" beside out, on the same
// file system, to build into, and locks it: Sweep leaves it alone until
// the returned lock is released, which the caller does once the build
// is swapped in or abandoned.
func Prepare(out string) (string, *filelock.Lock, error) {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", nil, err
	}
	return lockedDir(parent, "."+filepath.Base(out)+".new-")
}

// lockedDir makes a fresh folder parent/prefixN and locks it. A Sweep in
// another process may take it for debris between the two; it is then
// made again.
func lockedDir(parent, prefix string) (string, *filelock.Lock, error) {
	var last error
	for range 5 {
		dir, err := os.MkdirTemp(parent, prefix)
		if err != nil {
			return "", nil, err
		}
		l, err := filelock.TryLock(dir)
		if err == nil && sameName(l.File(), dir) {
			return dir, l, nil
		}
		last = cmpErr(err, errors.New("removed as debris while being made"))
		_ = l.Unlock()
	}
	return "", nil, fmt.Errorf("work folder in %s: %w", parent, last)
}

func sameName(f *os.File, p string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(p)
	return err == nil && os.SameFile(a, b)
}

// Swap puts the complete site src, made by Prepare, in place of dst in
// one atomic step and removes the replaced site. See the package
// documentation for how, and for the fallback.
func Swap(src, dst string) error {
	fi, err := os.Lstat(dst)
	if errors.Is(err, fs.ErrNotExist) {
		if exchange == nil {
			return flip(src, dst, nil)
		}
		if err := renameNoReplace(src, dst); err != nil {
			return fmt.Errorf("swap: %w", err)
		}
		step("renamed")
		return nil
	}
	if err != nil {
		return fmt.Errorf("swap: %w", err)
	}
	if exchange == nil {
		return flip(src, dst, fi)
	}
	err = exchange(src, dst)
	if err == nil {
		step("exchanged")
		return retire(src) // src now holds what dst held
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("swap: %w", err)
	}
	return flip(src, dst, fi)
}

// errNoExchange is matched when the system cannot exchange two names.
var errNoExchange = errors.New("exchange not supported")

// flip is Swap where names cannot be exchanged: dst becomes a symlink to
// the new site, replaced by one rename. fi describes dst; nil when it is
// missing.
func flip(src, dst string, fi fs.FileInfo) error {
	parent, base := filepath.Dir(dst), filepath.Base(dst)
	suffix := strings.TrimPrefix(filepath.Base(src), "."+base+".new-")
	site := filepath.Join(parent, "."+base+".site-"+suffix)
	link := filepath.Join(parent, "."+base+".link-"+suffix)
	if err := os.Rename(src, site); err != nil {
		return fmt.Errorf("swap: %w", err)
	}
	step("renamed")
	undo := func(err error) error {
		_ = os.Remove(link)
		_ = os.Rename(site, src)
		return fmt.Errorf("swap: %w", err)
	}
	if err := os.Symlink(filepath.Base(site), link); err != nil {
		return undo(err)
	}
	step("linked")
	if fi == nil {
		if err := renameNoReplace(link, dst); err != nil {
			return undo(err)
		}
		step("flipped")
		return nil
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		old, _ := os.Readlink(dst)
		if err := os.Rename(link, dst); err != nil {
			return undo(err)
		}
		step("flipped")
		return retireSibling(parent, base, old)
	}
	// The first swap over a real folder: park it, then put the symlink
	// in its place. The parked folder is locked so that no Sweep takes
	// it for a crash's and puts it back meanwhile.
	l, err := filelock.TryLock(dst)
	if err != nil {
		return undo(err)
	}
	defer l.Unlock()
	park := dst + ".old-" + suffix
	if err := os.Rename(dst, park); err != nil {
		return undo(err)
	}
	step("parked")
	if err := os.Rename(link, dst); err != nil {
		_ = os.Rename(park, dst)
		return undo(err)
	}
	step("flipped")
	return removeAll(park)
}

// retire removes p, a replaced site: a folder, or a symlink made by flip
// together with the folder it points to.
func retire(p string) error {
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return removeAll(p)
	}
	old, _ := os.Readlink(p)
	if err := os.Remove(p); err != nil {
		return err
	}
	name := strings.TrimPrefix(filepath.Base(p), ".") // NAME.new-N
	if i := strings.LastIndex(name, ".new-"); i >= 0 {
		return retireSibling(filepath.Dir(p), name[:i], old)
	}
	return nil
}

// retireSibling removes the site folder a replaced symlink pointed to,
// when it is one of flip's, beside the output.
func retireSibling(parent, base, target string) error {
	if target == "" || filepath.Base(target) != target || !namesOf(base).site.MatchString(target) {
		return nil
	}
	return removeAll(filepath.Join(parent, target))
}

// Sweep removes what builds of dst that are no longer running left
// beside it: half-built ".NAME.new-N" folders, parked "NAME.old-N"
// folders, and the symlink fallback's unused ".NAME.site-N" folders and
// ".NAME.link-N" symlinks. If dst is missing because a crash came
// between the two renames of a first symlink swap, the parked site is
// put back first. It returns what it removed or restored.
func Sweep(dst string) ([]string, error) {
	dst = filepath.Clean(dst)
	parent, base := filepath.Dir(dst), filepath.Base(dst)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	n := namesOf(base)
	var done []string
	var errs []error
	current := ""
	if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
		if p, ok := restore(parent, dst, n, entries); ok {
			done = append(done, "restored "+p)
		}
	}
	if t, err := os.Readlink(dst); err == nil {
		current = t
	}
	for _, e := range entries {
		name, p := e.Name(), filepath.Join(parent, e.Name())
		var stale bool
		switch {
		case e.Type()&fs.ModeSymlink != 0 && n.link.MatchString(name):
			// A link whose site is still locked is a flip in progress.
			t, _ := os.Readlink(p)
			if l, err := filelock.TryLock(filepath.Join(parent, filepath.Base(t))); errors.Is(err, filelock.ErrLocked) {
				continue
			} else {
				_ = l.Unlock()
			}
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			done = append(done, p)
			continue
		case !e.IsDir():
		case n.newDir.MatchString(name), n.park.MatchString(name):
			stale = true
		case n.site.MatchString(name):
			stale = name != current
		}
		if !stale {
			continue
		}
		ok, err := removeUnlocked(p)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			done = append(done, p)
		}
	}
	return done, errors.Join(errs...)
}

// restore renames the newest unlocked parked site back to dst.
func restore(parent, dst string, n names, entries []os.DirEntry) (string, bool) {
	type parked struct {
		p   string
		mod int64
	}
	var ps []parked
	for _, e := range entries {
		if e.IsDir() && n.park.MatchString(e.Name()) {
			if fi, err := e.Info(); err == nil {
				ps = append(ps, parked{filepath.Join(parent, e.Name()), fi.ModTime().UnixNano()})
			}
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].mod > ps[j].mod })
	for _, p := range ps {
		l, err := filelock.TryLock(p.p)
		if err != nil {
			continue
		}
		err = renameNoReplace(p.p, dst)
		_ = l.Unlock()
		if err == nil {
			return p.p, true
		}
	}
	return "", false
}

// removeUnlocked removes the folder p unless a running process holds its
// lock; it reports whether it did.
func removeUnlocked(p string) (bool, error) {
	l, err := filelock.TryLock(p)
	if errors.Is(err, filelock.ErrLocked) || errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer l.Unlock()
	if !sameName(l.File(), p) {
		return false, nil
	}
	return true, removeAll(p)
}

// removeAll is os.RemoveAll spread over a few goroutines: a site at scale
// is hundreds of thousands of files, most in a few large folders, and one
// goroutine unlinking them takes seconds. A symlink is removed, never
// followed.
func removeAll(dir string) error {
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return os.RemoveAll(dir)
	}
	var paths []string
	top, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			paths = append(paths, p)
			continue
		}
		sub, err := os.ReadDir(p)
		if err != nil {
			paths = append(paths, p)
			continue
		}
		for _, s := range sub {
			paths = append(paths, filepath.Join(p, s.Name()))
		}
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range 4 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				_ = os.RemoveAll(paths[i]) // what is left is removed below, with its error
			}
		})
	}
	wg.Wait()
	return os.RemoveAll(dir)
}
