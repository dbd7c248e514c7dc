package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/hugosite"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/interference-watch/portal/generator/page"
	"github.com/interference-watch/portal/generator/render"
	"github.com/interference-watch/portal/generator/validate"
)

// Session is a build kept alive for portal serve: the first build is a
// full one, and each Update after it loads again only the data files that
// changed, regenerates the pages in Go, hands Hugo only the staged pages
// whose bytes changed (Hugo's own partial rebuild, as hugo server does)
// and rewrites only the other files whose bytes changed, in place in the
// session's folder. The folder then holds exactly what a full build of
// the same project would (TestSessionEdits).
//
// Before that, Preview can show an edited record's own pages at once:
// it loads and checks the changed files, renders only those pages and
// writes them straight into the folder, reframed from the pages Hugo
// published last (render.Reframe); PreviewLinked then does the same for
// the pages of the records they name or that name them. Build brings
// every other page up to date, and checks each previewed page against
// the one Hugo renders: one that differs turns previews off for the
// session (NoPreview). A build whose data a later load superseded stops
// before it changes the folder (ErrSuperseded).
//
// Preview, PreviewLinked and Supersede may run while Build does; Update
// and Build run one at a time.
type Session struct {
	cfg     Config
	overlay *hugosite.Overlay
	commit  string // in Hugo's params: a new commit needs a full build

	building sync.Mutex // held by a build: what follows is its own
	onBuild  func()     // tests: called as a build starts
	hugo     *hugosite.Session
	staged   map[string]bool   // the overlay's staged files
	files    map[string]uint64 // the other generated files in dir, by hash

	mu        sync.Mutex // guards what follows
	dir       string
	closed    bool
	kept      *validate.Kept   // the data as last loaded
	data      *dataset.Dataset // the last data loaded, when valid
	invalid   error            // the last data loaded, when not: its *InvalidError
	load      time.Duration    // how long loading it took
	gen       int              // loads so far: which data a preview or build is of
	site      Site
	log       *history.Log
	index     *page.Index        // the last preview's cross-references
	linked    []page.Ref         // the records whose pages PreviewLinked is to write
	pub       map[string][]byte  // the staged files the folder's pages were published from
	previews  map[string]preview // by published path, the pages Preview wrote that no build has checked yet
	noPreview string             // why previews are off
}

// preview is a page Preview wrote: the data it is of, its staged file and
// what it wrote.
type preview struct {
	gen         int
	staged, out []byte
}

// ErrFullBuild is returned by Update when what changed needs a full
// build (site/, a new commit) or the incremental build failed: the
// session's folder is then not to be served, and a new session is.
var ErrFullBuild = errors.New("a full build is needed")

// ErrSuperseded is returned by Build when data loaded while it ran
// superseded the data it was building, before it changed the folder:
// build again.
var ErrSuperseded = errors.New("the data changed while it was built")

// ErrNoPreview is returned by Preview when what changed is not only
// records with pages of their own, or previews are off: use Update.
var ErrNoPreview = errors.New("no preview")

// StartSession builds the site in full into dir, which must exist and be
// empty, and keeps what Update needs.
func StartSession(cfg Config, dir string) (*Session, Report, error) {
	overlay, err := hugosite.NewOverlay(filepath.Join(cfg.Root, "site"))
	if err != nil {
		return nil, Report{}, err
	}
	t := time.Now()
	d, probs, kept, err := validate.RunKept(os.DirFS(cfg.Root), "data", validate.Options{Now: cfg.Now})
	if err != nil {
		return nil, Report{}, err
	}
	if err := invalid(cfg, probs); err != nil {
		return nil, Report{}, err
	}
	load := time.Since(t)
	stage, files := newMemWriter(), newMemWriter()
	g, err := generateFrom(cfg, d, load, stage, files, nil)
	rep := g.rep
	if err != nil {
		return nil, rep, err
	}
	s := &Session{cfg: cfg, dir: dir, overlay: overlay, commit: g.commit, staged: map[string]bool{}, files: map[string]uint64{},
		kept: kept, data: d, load: load, site: g.site, log: g.log, index: g.index, pub: stage.files, previews: map[string]preview{}}
	s.cfg.Repo = g.repo
	for rel, data := range stage.files {
		if err := overlay.WriteFile(rel, data); err != nil {
			return nil, rep, err
		}
		s.staged[rel] = true
	}
	if err := s.writeFiles(files.files); err != nil {
		return nil, rep, err
	}
	t = time.Now()
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
func (s *Session) Dir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dir
}

// Supersede makes a build running now stop before it changes the folder,
// as an edit loaded by Preview would (it returns ErrSuperseded): call it
// before an Update or Close that would otherwise wait for that build.
func (s *Session) Supersede() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
}

// NoPreview says why previews are off, or "" when they are on.
func (s *Session) NoPreview() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.noPreview
}

// PreviewReport says what a Preview did.
type PreviewReport struct {
	Pages    int           // pages written
	Left     int           // pages of the changed records left for Build: new, removed, or not reframed
	Load     time.Duration // loading and checking the data
	Render   time.Duration // rendering and writing the pages
	Previews []string      // the published paths written
}

// reload loads the data files among changed again, running also on the
// new data while it is checked; the caller holds s.mu.
func (s *Session) reload(changed []string, also func(*dataset.Dataset)) error {
	t := time.Now()
	d, probs, kept := s.kept.RerunWith(changed, also)
	s.kept, s.gen, s.load = kept, s.gen+1, time.Since(t)
	if err := invalid(s.cfg, probs); err != nil {
		s.data, s.invalid = nil, err
		return err
	}
	s.data, s.invalid = d, nil
	return nil
}

// Preview loads the changed files (slash-separated paths from the project
// root) again and, when the data is valid, writes the pages of the
// changed records straight into the folder, in every language; every
// other page waits for Build. Invalid data is an *InvalidError and
// writes nothing. When what changed is not only record files of kinds
// with pages, or previews are off, it is ErrNoPreview and loads nothing.
func (s *Session) Preview(changed []string) (PreviewReport, error) {
	var rep PreviewReport
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.noPreview != "" || len(changed) == 0 {
		return rep, ErrNoPreview
	}
	var recs []page.Ref
	for _, p := range changed {
		// Only the kinds with pages of their own: an edit of one
		// changes that page first.
		k, id, ok := dataset.RecordFile("data", p)
		if !ok || !slices.Contains(dataset.Kinds, k) {
			return rep, ErrNoPreview
		}
		recs = append(recs, page.Ref{Kind: k, ID: id})
	}
	// The pages' cross-references are worked out while the data is
	// checked, and used only if it proves valid.
	var index *page.Index
	old := s.data
	if err := s.reload(changed, func(d *dataset.Dataset) { index = page.NewIndexAfter(d, s.index) }); err != nil {
		rep.Load = s.load
		return rep, err
	}
	rep.Load = s.load
	s.index = index
	t := time.Now()
	if err := s.previewRecords(recs, &rep); err != nil {
		return rep, err
	}
	// The pages of the records they name, and that name them, now and
	// before the edit: PreviewLinked shows them.
	seen := map[page.Ref]bool{}
	for _, r := range recs {
		seen[r] = true
	}
	linked := slices.DeleteFunc(s.linked, func(l page.Ref) bool { return seen[l] })
	for _, l := range linked {
		seen[l] = true
	}
	for _, r := range recs {
		for _, d := range []*dataset.Dataset{s.data, old} {
			if d == nil {
				continue
			}
			for _, l := range index.Linked(d, r.Kind, r.ID) {
				if !seen[l] {
					seen[l] = true
					linked = append(linked, l)
				}
			}
		}
	}
	s.linked = linked
	rep.Render = time.Since(t)
	return rep, nil
}

// PreviewLinked writes, as Preview writes the edited records' pages, the
// pages of the records that those name or that name them (page.Index's
// Linked), from the data Preview loaded: the pages that show the edit
// besides its own. Lists and the home page wait for Build.
func (s *Session) PreviewLinked() (PreviewReport, error) {
	var rep PreviewReport
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.noPreview != "" || s.data == nil {
		return rep, ErrNoPreview
	}
	t := time.Now()
	if err := s.previewRecords(s.linked, &rep); err != nil {
		return rep, err
	}
	s.linked = nil
	rep.Render = time.Since(t)
	return rep, nil
}

// previewRecords writes the pages of the records refs in every language
// over those in the folder, and counts them in rep; the caller holds
// s.mu.
func (s *Session) previewRecords(refs []page.Ref, rep *PreviewReport) error {
	for _, lang := range Languages {
		pages, missing, err := render.RecordPages(s.data, refs, renderOptions(s.cfg, s.site, lang, s.index, s.log))
		if err != nil {
			return err
		}
		rep.Left += missing // removed records, or drafts: Build removes their pages
		for _, f := range pages {
			if err := s.previewPage(f); err != nil {
				if !errors.Is(err, render.ErrReframe) && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				rep.Left++
				continue
			}
			rep.Pages++
			rep.Previews = append(rep.Previews, f.Out)
		}
	}
	return nil
}

// previewPage writes the page of f over the one in the folder, reframed
// from the last page written there; the caller holds s.mu.
func (s *Session) previewPage(f render.PageFile) error {
	prev, ok := s.previews[f.Out]
	if !ok {
		staged, found := s.pub[f.Staged]
		if !found {
			return fs.ErrNotExist // a new page: Hugo makes it
		}
		out, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(f.Out)))
		if err != nil {
			return err
		}
		prev = preview{staged: staged, out: out}
	}
	out, err := render.Reframe(prev.out, prev.staged, f.Data)
	if err != nil {
		return err
	}
	if err := replaceFile(filepath.Join(s.dir, filepath.FromSlash(f.Out)), out); err != nil {
		return err
	}
	s.previews[f.Out] = preview{gen: s.gen, staged: f.Data, out: out}
	return nil
}

// Update rebuilds after the files changed (slash-separated paths from the
// project root) changed: it loads the data files among them again, then
// builds (Build). Invalid data is an *InvalidError and leaves the folder
// as it was. An error matching ErrFullBuild means the folder may no
// longer be right: build a new session.
func (s *Session) Update(changed []string) (Report, error) {
	// What needs a full build ends the session: its Hugo site would
	// otherwise go on with the old layouts or config.
	for _, p := range changed {
		if !strings.HasPrefix(p, "data/") && !strings.HasPrefix(p, "content/") {
			s.Close()
			return Report{}, fmt.Errorf("%s changed: %w", p, ErrFullBuild)
		}
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Report{}, ErrFullBuild
	}
	err := s.reload(changed, nil)
	s.mu.Unlock()
	if err != nil {
		return Report{}, err
	}
	return s.Build()
}

// Build brings the folder up to date with the data as last loaded (by
// Preview or Update) and the hand-written pages as they are now, and
// checks the pages Preview wrote of that data against Hugo's. Invalid
// data is its *InvalidError and leaves the folder as it was.
func (s *Session) Build() (Report, error) {
	var rep Report
	s.building.Lock()
	defer s.building.Unlock()
	s.mu.Lock()
	d, inv, load, gen, closed := s.data, s.invalid, s.load, s.gen, s.closed
	s.mu.Unlock()
	if s.onBuild != nil {
		s.onBuild()
	}
	switch {
	case closed || s.hugo == nil:
		return rep, ErrFullBuild
	case inv != nil:
		return rep, inv
	}
	start := time.Now()
	stage, files := newMemWriter(), newMemWriter()
	// A build of data that a preview has since superseded stops staging
	// (both cores go to previews) before it changes anything.
	superseded := func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.gen != gen || s.closed
	}
	g, err := generateFrom(s.cfg, d, load, stage, files, superseded)
	rep = g.rep
	if errors.Is(err, render.ErrStopped) {
		return rep, ErrSuperseded
	}
	if err != nil {
		return rep, err
	}
	if g.commit != s.commit {
		s.shut()
		return rep, fmt.Errorf("a new commit: %w", ErrFullBuild)
	}
	// From here on the folder changes: any failure breaks the session.
	fail := func(err error) (Report, error) {
		s.shut()
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
	if err := s.checkPreviews(gen, stage.files); err != nil {
		return fail(err)
	}
	rep.Total = time.Since(start)
	return rep, nil
}

// checkPreviews records the staged files of the build of data gen and
// settles the previews: those of gen are compared with the pages Hugo
// rendered of the same data, and one that differs turns previews off;
// those of earlier data are dropped; those of later data, written while
// the build ran, are written again over what it wrote.
func (s *Session) checkPreviews(gen int, staged map[string][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub = staged
	for _, out := range slices.Sorted(maps.Keys(s.previews)) {
		pv := s.previews[out]
		p := filepath.Join(s.dir, filepath.FromSlash(out))
		switch {
		case pv.gen > gen:
			if err := replaceFile(p, pv.out); err != nil {
				return err
			}
			continue
		case pv.gen == gen:
			got, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(got, pv.out) {
				s.noPreview = fmt.Sprintf("the preview of %s differed from the page Hugo rendered", out)
				fmt.Fprintf(logOf(s.cfg), "previews are off from now on: %s (%s); every edit now waits for Hugo\n", s.noPreview, firstDifference(pv.out, got))
			}
		}
		delete(s.previews, out)
	}
	return nil
}

// firstDifference says where two pages first differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	ctx := func(x []byte) string { return fmt.Sprintf("%q", x[i:min(len(x), i+60)]) }
	return fmt.Sprintf("at byte %d: previewed %s, Hugo %s", i, ctx(a), ctx(b))
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
	s.mu.Lock()
	s.dir, s.files = dir, map[string]uint64{}
	s.mu.Unlock()
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

// Close lets Hugo's site go, once a build running has finished; the
// folder stays.
func (s *Session) Close() {
	// A build running stops first: its data is superseded.
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.building.Lock()
	defer s.building.Unlock()
	s.shut()
}

// shut closes the session; the caller holds s.building.
func (s *Session) shut() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
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
