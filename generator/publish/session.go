package publish

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/interference-watch/portal/generator/hugosite"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/interference-watch/portal/generator/render"
)

// Session is a build kept alive for portal serve: the first build is a
// full one, and each Update after it regenerates the pages in Go, hands
// Hugo only the staged pages whose bytes changed (Hugo's own partial
// rebuild, as hugo server does) and rewrites only the other files whose
// bytes changed, in place in the session's folder. The folder then holds
// exactly what a full build of the same project would (TestSessionEdits).
// A Session is not safe for concurrent use.
type Session struct {
	cfg     Config
	dir     string
	overlay *hugosite.Overlay
	hugo    *hugosite.Session
	commit  string            // in Hugo's params: a new commit needs a full build
	staged  map[string]bool   // the overlay's staged files
	files   map[string]uint64 // the other generated files in dir, by hash
}

// ErrFullBuild is returned by Update when what changed needs a full
// build (site/, a new commit) or the incremental build failed: the
// session's folder is then not to be served, and a new session is.
var ErrFullBuild = errors.New("a full build is needed")

// StartSession builds the site in full into dir, which must exist and be
// empty, and keeps what Update needs.
func StartSession(cfg Config, dir string) (*Session, Report, error) {
	overlay, err := hugosite.NewOverlay(filepath.Join(cfg.Root, "site"))
	if err != nil {
		return nil, Report{}, err
	}
	stage, files := newMemWriter(), newMemWriter()
	g, err := generate(cfg, stage, files)
	rep := g.rep
	if err != nil {
		return nil, rep, err
	}
	s := &Session{cfg: cfg, dir: dir, overlay: overlay, commit: g.commit, staged: map[string]bool{}, files: map[string]uint64{}}
	for rel, data := range stage.files {
		if err := overlay.WriteFile(rel, data); err != nil {
			return nil, rep, err
		}
		s.staged[rel] = true
	}
	if err := s.writeFiles(files.files); err != nil {
		return nil, rep, err
	}
	t := time.Now()
	h, res, err := hugosite.Start(g.hugoOptions(cfg, overlay, dir))
	if err != nil {
		return nil, rep, err
	}
	s.hugo = h
	rep.Hugo, rep.Pages = time.Since(t), res.Pages
	if err := outdir.WriteMarker(dir); err != nil {
		s.Close()
		return nil, rep, err
	}
	return s, rep, nil
}

// Dir is the folder the session builds into. An Update may move it to a
// new folder (Report.Fresh): serve that one, and remove the old one once
// it is no longer served.
func (s *Session) Dir() string { return s.dir }

// Update rebuilds after the files changed (slash-separated paths from the
// project root) changed. Invalid data is an *InvalidError and leaves the
// folder as it was. An error matching ErrFullBuild means the folder may
// no longer be right: build a new session.
func (s *Session) Update(changed []string) (Report, error) {
	var rep Report
	if s.hugo == nil {
		return rep, ErrFullBuild
	}
	// What needs a full build ends the session: its Hugo site would
	// otherwise go on with the old layouts or config.
	for _, p := range changed {
		if !strings.HasPrefix(p, "data/") && !strings.HasPrefix(p, "content/") {
			s.Close()
			return rep, fmt.Errorf("%s changed: %w", p, ErrFullBuild)
		}
	}
	start := time.Now()
	stage, files := newMemWriter(), newMemWriter()
	g, err := generate(s.cfg, stage, files)
	rep = g.rep
	if err != nil {
		return rep, err
	}
	if g.commit != s.commit {
		s.Close()
		return rep, fmt.Errorf("a new commit: %w", ErrFullBuild)
	}
	// From here on the folder changes: any failure breaks the session.
	fail := func(err error) (Report, error) {
		s.Close()
		return rep, fmt.Errorf("%w: %w", ErrFullBuild, err)
	}
	var changes []hugosite.Change
	for _, rel := range slices.Sorted(maps.Keys(stage.files)) {
		data := stage.files[rel]
		old, err := s.overlay.ReadFile(rel)
		if err == nil && bytes.Equal(old, data) {
			continue
		}
		if err := s.overlay.WriteFile(rel, data); err != nil {
			return fail(err)
		}
		changes = append(changes, hugosite.Change{Path: rel, Added: !s.staged[rel], Contains: render.Printed(data)})
		s.staged[rel] = true
	}
	for _, rel := range slices.Sorted(maps.Keys(s.staged)) {
		if _, ok := stage.files[rel]; !ok {
			if err := s.overlay.Remove(rel); err != nil {
				return fail(err)
			}
			delete(s.staged, rel)
			changes = append(changes, hugosite.Change{Path: rel, Removed: true})
		}
	}
	if err := s.writeFiles(files.files); err != nil {
		return fail(err)
	}
	t := time.Now()
	if len(changes) > 0 {
		res, err := s.hugo.Rebuild(changes)
		if err != nil {
			// The pages are staged and right: only Hugo's partial
			// rebuild failed, so a fresh Hugo site over them builds in
			// full into a new folder, without loading or rendering again.
			fmt.Fprintf(logOf(s.cfg), "%v; building the staged site afresh\n", err)
			if res, err = s.restartHugo(g, files.files); err != nil {
				return fail(err)
			}
			rep.Fresh = true
		}
		rep.Pages, rep.Retold = res.Pages, res.Retold
	}
	rep.Changed = len(changes)
	rep.Hugo = time.Since(t)
	rep.Total = time.Since(start)
	return rep, nil
}

// restartHugo builds the staged site in full with a new Hugo site into a
// new folder beside the old one, which becomes the session's; the old
// folder is left for the caller to remove once it is no longer served.
func (s *Session) restartHugo(g generated, files map[string][]byte) (hugosite.Result, error) {
	s.hugo.Close()
	s.hugo = nil
	dir, err := os.MkdirTemp(filepath.Dir(s.dir), "build-")
	if err != nil {
		return hugosite.Result{}, err
	}
	s.dir, s.files = dir, map[string]uint64{}
	if err := s.writeFiles(files); err != nil {
		return hugosite.Result{}, err
	}
	h, res, err := hugosite.Start(g.hugoOptions(s.cfg, s.overlay, dir))
	if err != nil {
		return res, err
	}
	s.hugo = h
	return res, outdir.WriteMarker(dir)
}

// writeFiles makes the generated files of s.dir that are not Hugo's the
// given ones: new files are written, files whose bytes changed are
// replaced atomically, files no longer generated are removed, in that
// order, so that a file that names another (the search manifest its
// shards) is never served before what it names.
func (s *Session) writeFiles(files map[string][]byte) error {
	made := map[string]bool{}
	mkdir := func(dir string) error {
		if made[dir] {
			return nil
		}
		made[dir] = true
		return os.MkdirAll(dir, 0o755)
	}
	var changed []string
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		old, ok := s.files[rel]
		if ok {
			if old != xxhash.Sum64(files[rel]) {
				changed = append(changed, rel)
			}
			continue
		}
		p := filepath.Join(s.dir, filepath.FromSlash(rel))
		if err := mkdir(filepath.Dir(p)); err != nil {
			return err
		}
		// A new name: nothing reads it before the files that name it
		// are replaced below.
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			return err
		}
		s.files[rel] = xxhash.Sum64(files[rel])
	}
	for _, rel := range changed {
		if err := replaceFile(filepath.Join(s.dir, filepath.FromSlash(rel)), files[rel]); err != nil {
			return err
		}
		s.files[rel] = xxhash.Sum64(files[rel])
	}
	for _, rel := range slices.Sorted(maps.Keys(s.files)) {
		if _, ok := files[rel]; !ok {
			p := filepath.Join(s.dir, filepath.FromSlash(rel))
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			outdir.RemoveEmptyParents(filepath.Dir(p), s.dir)
			delete(s.files, rel)
		}
	}
	return nil
}

// replaceFile puts data at p whole, through a temporary file renamed over
// it, so that the server never reads half a file. The folder is serve's
// scratch copy of the site, so nothing is synced.
func replaceFile(p string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), ".portal-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err = errors.Join(err, f.Chmod(0o644), f.Close()); err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Close lets Hugo's site go; the folder stays.
func (s *Session) Close() {
	if s.hugo != nil {
		s.hugo.Close()
		s.hugo = nil
	}
}

// memWriter collects generated files in memory, by slash-separated path.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newMemWriter() *memWriter { return &memWriter{files: map[string][]byte{}} }

func (w *memWriter) WriteFile(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[rel] = data
	return nil
}
