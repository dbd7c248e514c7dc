package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/interference-watch/portal/generator/publish"
	"github.com/spf13/cobra"
)

func serveCmd(e *env) *cobra.Command {
	var f buildFlags
	var addr string
	var watch bool
	c := &cobra.Command{
		Use:   "serve",
		Short: "Build the site, serve it on 127.0.0.1:1313 and rebuild when data/, content/ or site/ change",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.baseURL == "" {
				f.baseURL = "http://" + addr + "/"
			}
			return e.serve(cmd.Context(), f, addr, watch)
		},
	}
	f.register(c, "")
	c.Flags().Lookup("out").Usage = "also publish every good build into this folder, as build does, and serve it from there (default: a temporary folder)"
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on")
	c.Flags().BoolVar(&watch, "watch", true, "rebuild when data/, content/ or site/ change")
	return c
}

// stopRemoval is how long a stopping serve spends removing its folder.
var stopRemoval = 2 * time.Second

// liveSite serves whichever built folder is current; a rebuild swaps the
// pointer only once the new folder is complete.
type liveSite struct {
	dir atomic.Pointer[string]
}

func (s *liveSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	dir := s.dir.Load()
	if dir == nil {
		noSite.ServeHTTP(w, r)
		return
	}
	publish.Handler(*dir).ServeHTTP(w, r)
}

func (e *env) serve(ctx context.Context, f buildFlags, addr string, watch bool) error {
	// With --out, every good build is published there as by build, and
	// served from there; the folder is checked before anything is built.
	if f.out != "" {
		cfg := e.config(f)
		if _, err := outdir.Check(cfg.Root, cfg.Out); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	// Without it the builds live in a folder of this process's own; the
	// folders of serve processes that were killed go first.
	cache, lock, removed, err := outdir.Session(os.TempDir(), "portal-serve-")
	for _, p := range removed {
		fmt.Fprintf(e.stderr, "removed the folder of a serve that is no longer running: %s\n", p)
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer lock.Unlock()
	// Stopping does not wait for the whole folder to go: at scale it holds
	// a million files, which took minutes to remove while Ctrl+C waited.
	defer func() {
		if !outdir.RemoveWithin(cache, stopRemoval) {
			fmt.Fprintf(e.stderr, "stopped; the next portal serve removes what is left of %s\n", cache)
		}
	}()
	// The port first: a busy port is said at once, not after a build.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	site := &liveSite{}
	dev := &devState{}
	// Without --out, a build session is kept between builds: a change to
	// data/ or content/ rebuilds only what it changed (publish.Session);
	// anything else, or a failed incremental rebuild, builds a new session
	// in full into a new folder, which replaces the served one only once
	// complete.
	var (
		session *publish.Session
		// building is held by every build, in turn: a full one, an
		// Update, or the Build that follows a preview. sessionMu guards
		// the session variable, which a preview reads while a build runs;
		// reporting guards what builds and previews report.
		building, sessionMu, reporting sync.Mutex
	)
	current := func() *publish.Session {
		sessionMu.Lock()
		defer sessionMu.Unlock()
		return session
	}
	setSession := func(s *publish.Session) {
		sessionMu.Lock()
		defer sessionMu.Unlock()
		session = s
	}
	buildError := func(err error) error {
		reporting.Lock()
		defer reporting.Unlock()
		return e.buildError(err)
	}
	full := func() error {
		cfg := e.config(f)
		cfg.Out = filepath.Join(cache, "site")
		dest, err := os.MkdirTemp(cache, "build-")
		if err != nil {
			return err
		}
		s, rep, err := publish.StartSession(cfg, dest)
		if err != nil {
			os.RemoveAll(dest)
			return buildError(err)
		}
		if old := current(); old != nil {
			old.Close()
		}
		setSession(s)
		old := site.dir.Swap(&dest)
		if old != nil {
			time.AfterFunc(30*time.Second, func() { os.RemoveAll(*old) })
		}
		fmt.Fprintf(e.stderr, "built %d pages in %s\n", rep.Pages, (rep.Load + rep.Stage + rep.Hugo).Round(time.Millisecond))
		return nil
	}
	var settled func(*publish.Session, func() (publish.Report, error)) error
	build := func(changed []string) error {
		if f.out != "" {
			cfg := e.config(f)
			rep, err := publish.Build(cfg)
			if err != nil {
				return buildError(err)
			}
			site.dir.Store(&cfg.Out)
			fmt.Fprintf(e.stderr, "built %d pages into %s in %s\n", rep.Pages, cfg.Out, rep.Total.Round(time.Millisecond))
			return nil
		}
		session := current()
		if session == nil || changed == nil {
			return full()
		}
		return settled(session, func() (publish.Report, error) { return session.Update(changed) })
	}
	// settled says what an Update or Build of the session did, and
	// builds in full when it could not.
	settled = func(session *publish.Session, update func() (publish.Report, error)) error {
		rep, err := update()
		switch {
		case err == nil && rep.Fresh:
			dest := session.Dir()
			if old := site.dir.Swap(&dest); old != nil && *old != dest {
				time.AfterFunc(30*time.Second, func() { os.RemoveAll(*old) })
			}
			fmt.Fprintf(e.stderr, "built the staged pages afresh (load %s, render %s, hugo %s)\n",
				rep.Load.Round(time.Millisecond), rep.Stage.Round(time.Millisecond), rep.Hugo.Round(time.Millisecond))
			return nil
		case err == nil:
			fmt.Fprintf(e.stderr, "updated in place: %d pages to Hugo, %d told again (load %s, render %s, downloads and search %s, hugo %s)\n",
				rep.Changed, rep.Retold, rep.Load.Round(time.Millisecond), rep.Stage.Round(time.Millisecond), rep.Files.Round(time.Millisecond), rep.Hugo.Round(time.Millisecond))
			return nil
		case errors.Is(err, publish.ErrSuperseded):
			return err
		case errors.Is(err, publish.ErrFullBuild):
			// The served folder may be half updated: no further update
			// goes into it, and a full build replaces it.
			session.Close()
			setSession(nil)
			fmt.Fprintf(e.stderr, "building in full: %v\n", err)
			return full()
		default:
			return buildError(err)
		}
	}
	// rebuild builds and tells the open pages: they reload, and show the
	// problems over the last good page when the data is invalid.
	told := func(err error) error {
		var inv *publish.InvalidError
		switch {
		case err == nil:
			dev.built(nil, "")
		case errors.As(err, &inv) || errors.Is(err, ErrProblems):
			reporting.Lock()
			dev.built(e.lastProblems, "")
			reporting.Unlock()
		default:
			dev.built(nil, err.Error())
		}
		return err
	}
	rebuild := func(changed []string) error {
		building.Lock()
		defer building.Unlock()
		return told(build(changed))
	}
	// After a preview, the rest of the site is built in the background:
	// the edited record's page is already served. Previews of later
	// edits go on meanwhile; their builds follow one after the other.
	rest := make(chan struct{}, 1)
	var resting sync.WaitGroup
	restCtx, stopRest := context.WithCancel(ctx)
	defer resting.Wait()
	defer stopRest()
	resting.Go(func() {
		for {
			select {
			case <-restCtx.Done():
				return
			case <-rest:
			}
			start := time.Now()
			building.Lock()
			var err error
			if s := current(); s != nil {
				err = settled(s, s.Build)
				if !errors.Is(err, publish.ErrSuperseded) {
					err = told(err)
				}
			}
			building.Unlock()
			if errors.Is(err, publish.ErrSuperseded) {
				// A later edit was previewed meanwhile: its build is due.
				fmt.Fprintf(e.stderr, "the rest of the site: a later edit came after %s; building that\n", time.Since(start).Round(time.Millisecond))
				continue
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "the rest of the site failed to build after %s: %v\n", time.Since(start).Round(time.Millisecond), err)
			} else {
				fmt.Fprintf(e.stderr, "the rest of the site rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
			}
		}
	})
	// change shows an edit: by a preview of the edited records' pages
	// when it can, then the rest in the background; else by a rebuild.
	change := func(changed []string) (string, error) {
		if s := current(); s != nil && f.out == "" {
			rep, err := s.Preview(changed)
			var inv *publish.InvalidError
			switch {
			case err == nil:
				dev.built(nil, "")
				said := fmt.Sprintf("previewed %d pages in %s (load %s, render %s)",
					rep.Pages, (rep.Load + rep.Render).Round(time.Millisecond), rep.Load.Round(time.Millisecond), rep.Render.Round(time.Millisecond))
				// Then the pages of the records it names or that name it;
				// an open page reloads only if it changed.
				if linked, err := s.PreviewLinked(); err == nil && linked.Pages > 0 {
					dev.built(nil, "")
					said += fmt.Sprintf(", then %d pages of linked records in %s", linked.Pages, linked.Render.Round(time.Millisecond))
				} else if err != nil && !errors.Is(err, publish.ErrNoPreview) {
					fmt.Fprintf(e.stderr, "preview of the linked records failed: %v\n", err)
				}
				select {
				case rest <- struct{}{}:
				default: // a build is already due
				}
				return said + "; the rest of the site follows", nil
			case errors.As(err, &inv):
				return "", told(buildError(err))
			case !errors.Is(err, publish.ErrNoPreview):
				fmt.Fprintf(e.stderr, "preview failed, rebuilding: %v\n", err)
			}
		}
		// A background build of data this change supersedes stops first,
		// instead of making the rebuild wait for its end.
		if s := current(); s != nil {
			s.Supersede()
		}
		start := time.Now()
		if err := rebuild(changed); err != nil {
			return "", err
		}
		return fmt.Sprintf("rebuilt in %s", time.Since(start).Round(time.Millisecond)), nil
	}
	defer func() {
		if s := current(); s != nil {
			s.Close()
		}
	}()
	if err := rebuild(nil); err != nil && !errors.Is(err, ErrProblems) {
		ln.Close()
		return err
	} else if err != nil {
		fmt.Fprintln(e.stderr, "the data has problems: serving them in the browser until a rebuild succeeds")
	}
	srv := &http.Server{Handler: devHandler(site, dev), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.stderr, "serving http://%s/ (Ctrl+C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// The watcher stops, its rebuild done, before the session closes.
	wctx, stop := context.WithCancel(ctx)
	var watching sync.WaitGroup
	defer watching.Wait()
	defer stop()
	if watch {
		watching.Go(func() { e.watch(wctx, change) })
	}
	select {
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// settle is how long the watcher waits for changes to stop before it
// shows them: an editor's save is a few events within a millisecond.
var settle = 20 * time.Millisecond

// watch shows changes once they settle, naming the files that changed
// and saying what change made of them. A failed rebuild keeps the last
// good site online and reports why.
func (e *env) watch(ctx context.Context, change func(changed []string) (string, error)) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		fmt.Fprintf(e.stderr, "watch: %v\n", err)
		return
	}
	defer w.Close()
	for _, dir := range []string{"data", "content", "site"} {
		_ = filepath.WalkDir(filepath.Join(e.root, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = w.Add(p)
			}
			return nil
		})
	}
	var timer <-chan time.Time
	var first time.Time // when the first change of the batch came
	changed := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-w.Events:
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					_ = w.Add(ev.Name)
				}
			}
			rel, err := filepath.Rel(e.root, ev.Name)
			if err != nil || unread(filepath.ToSlash(rel)) {
				continue
			}
			changed[filepath.ToSlash(rel)] = true
			if first.IsZero() {
				first = time.Now()
			}
			timer = time.After(settle)
		case err := <-w.Errors:
			fmt.Fprintf(e.stderr, "watch: %v\n", err)
		case <-timer:
			for name := range changed { // an editor's temporary file, already gone
				if _, err := os.Lstat(filepath.Join(e.root, name)); err != nil && !recordLike(name) {
					delete(changed, name)
				}
			}
			all := slices.Sorted(maps.Keys(changed))
			clear(changed)
			since := first
			first = time.Time{}
			if len(all) == 0 {
				continue
			}
			names := all
			if len(names) > 5 {
				names = append(slices.Clone(names[:5]), fmt.Sprintf("and %d more", len(names)-5))
			}
			fmt.Fprintf(e.stderr, "changed: %s\n", strings.Join(names, ", "))
			start := time.Now()
			if said, err := change(all); err != nil {
				fmt.Fprintf(e.stderr, "rebuild failed after %s, still serving the last good site (the problems show in the browser): %v\n",
					time.Since(start).Round(time.Millisecond), err)
			} else {
				fmt.Fprintf(e.stderr, "%s; shown %s after the first change\n", said, time.Since(since).Round(time.Millisecond))
			}
		}
	}
}

// unread reports whether a build never reads the file at rel: an
// editor's hidden swap or lock file (.op.yaml.swp) in data/ or content/,
// or its backup in data/ (op.yaml~), which the loaders skip. Vim writes
// its swap file as it saves; counted as a change, it would make every
// save a rebuild instead of a preview.
func unread(rel string) bool {
	name := path.Base(rel)
	switch {
	case strings.HasPrefix(rel, "data/"):
		return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
	case strings.HasPrefix(rel, "content/"):
		return strings.HasPrefix(name, ".")
	}
	return false
}

// recordLike reports whether a removed file was one the site is built
// from (a record, a page, a layout, a style), not an editor's temporary.
func recordLike(name string) bool {
	switch filepath.Ext(name) {
	case ".yaml", ".yml", ".md", ".toml", ".html", ".css", ".js", ".json", ".svg":
		return true
	}
	return false
}
