package hugosite

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/spf13/afero"
)

// Session keeps one Hugo site alive across builds, as hugo server does:
// after the first, full build, Rebuild hands Hugo the files of the overlay
// that changed, and Hugo re-renders only the pages that depend on them,
// writing them over the published folder in place. A Session is not safe
// for concurrent use.
type Session struct {
	o        Options
	src, dst string
	sites    *hugolib.HugoSites
	logger   loggers.Logger
	errors   int  // errors logged so far; a build fails when it logs more
	broken   bool // a rebuild failed: the published folder is not to be trusted
	// root is the path of the default language's home, which is at the
	// site's root: the part of every page's path not in the folder.
	root string
}

// ErrBroken is returned by Rebuild after a failed rebuild: the folder may
// hold a mix of old and new pages, so only a new full build may follow.
var ErrBroken = errors.New("hugo: an earlier rebuild failed; a full build is needed")

// Start runs a full build into o.Dest and keeps the site for Rebuild.
func Start(o Options) (*Session, Result, error) { return start(o, true) }

// Change is one file of the overlay, by slash-separated path inside the
// project (as given to Overlay.WriteFile), that was written or removed.
type Change struct {
	Path    string
	Added   bool // a new file
	Removed bool
	// Contains are pieces of text that the page's published file must
	// hold after the rebuild, such as its body: a page found without them
	// is told to Hugo again.
	Contains [][]byte
}

// Rebuild tells Hugo which overlay files changed since the last build and
// lets it re-render what depends on them. The published files of the
// pages of removed files are removed too, which Hugo's own server leaves
// in place. After an error the session is broken: use a full build.
func (s *Session) Rebuild(changes []Change) (Result, error) {
	if s.broken {
		return Result{}, ErrBroken
	}
	s.broken = true
	var events []fsnotify.Event
	var gone []string // absolute file names of removed pages
	for _, c := range changes {
		name := filepath.Join(s.src, filepath.FromSlash(c.Path))
		op := fsnotify.Write
		switch {
		case c.Removed:
			op = fsnotify.Remove
			gone = append(gone, name)
		case c.Added:
			op = fsnotify.Create
		}
		events = append(events, fsnotify.Event{Name: name, Op: op})
	}
	dropped := s.outputsOf(gone)
	if err := s.sites.Build(hugolib.BuildCfg{}, events...); err != nil {
		return Result{}, fmt.Errorf("hugo rebuild: %w", err)
	}
	// Hugo re-renders some pages whose file changed with their old text
	// (TestSessionEdits found a few in most runs): each changed page is
	// checked, and those Hugo still holds the old text of are told again.
	retold := 0
	for round := 0; ; round++ {
		stale := s.staleOf(changes)
		if len(stale) == 0 {
			break
		}
		retold += len(stale)
		if round == 3 {
			return Result{}, fmt.Errorf("hugo rebuild: %d pages keep their old text", len(stale))
		}
		if err := s.sites.Build(hugolib.BuildCfg{}, stale...); err != nil {
			return Result{}, fmt.Errorf("hugo rebuild: %w", err)
		}
	}
	// A page whose file was removed is no longer in the site; what it
	// published goes, unless another page now publishes the same path.
	var live map[string]bool
	if len(dropped) > 0 {
		live = s.outputsOf(nil)
	}
	for _, p := range slices.Sorted(maps.Keys(dropped)) {
		if !live[p] {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return Result{}, err
			}
			outdir.RemoveEmptyParents(filepath.Dir(p), s.dst)
		}
	}
	res, err := s.finish()
	if err != nil {
		return Result{}, err
	}
	res.Retold = retold
	s.broken = false
	return res, nil
}

// staleOf returns, as events, the changed files whose pages Hugo holds
// with other text than the file's, or whose published files lack what
// the change says they contain.
func (s *Session) staleOf(changes []Change) []fsnotify.Event {
	byName := map[string]Change{}
	for _, c := range changes {
		if !c.Removed {
			byName[filepath.Join(s.src, filepath.FromSlash(c.Path))] = c
		}
	}
	root := s.root
	var stale []fsnotify.Event
	for _, p := range s.sites.Pages() {
		if p.File() == nil {
			continue
		}
		name := p.File().Filename()
		c, ok := byName[name]
		if !ok {
			continue
		}
		ok = false
		if data, err := afero.ReadFile(s.o.Overlay.mem, name); err == nil {
			raw := p.RawContent()
			ok = raw != "" && bytes.HasSuffix(data, []byte(raw))
		}
		if ok && len(c.Contains) > 0 {
			out, err := os.ReadFile(outputFile(s.dst, root, p.RelPermalink()))
			for _, want := range c.Contains {
				ok = ok && err == nil && bytes.Contains(out, want)
			}
		}
		if !ok {
			stale = append(stale, fsnotify.Event{Name: name, Op: fsnotify.Write})
		}
	}
	return stale
}

// outputFile is where the page at the path rel is published, for a site
// whose default language is at root.
func outputFile(dst, root, rel string) string {
	rel, _ = strings.CutPrefix(rel, root)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return filepath.Join(dst, filepath.FromSlash(rel))
}

// outputsOf lists the published files of the pages read from the given
// source files, or, when files is nil, of every page.
func (s *Session) outputsOf(files []string) map[string]bool {
	if files != nil && len(files) == 0 {
		return nil
	}
	want := map[string]bool{}
	for _, f := range files {
		want[f] = true
	}
	root := s.root
	out := map[string]bool{}
	for _, p := range s.sites.Pages() {
		if files != nil && (p.File() == nil || !want[p.File().Filename()]) {
			continue
		}
		for _, f := range p.OutputFormats() {
			if strings.HasPrefix(f.RelPermalink(), root) {
				out[outputFile(s.dst, root, f.RelPermalink())] = true
			}
		}
	}
	return out
}

// Close lets the site go.
func (s *Session) Close() {
	if s.sites != nil {
		s.sites.Close()
		s.sites = nil
	}
}
