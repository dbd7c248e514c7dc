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
	var session *publish.Session
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
			return e.buildError(err)
		}
		if session != nil {
			session.Close()
		}
		session = s
		old := site.dir.Swap(&dest)
		if old != nil {
			time.AfterFunc(30*time.Second, func() { os.RemoveAll(*old) })
		}
		fmt.Fprintf(e.stderr, "built %d pages in %s\n", rep.Pages, (rep.Load + rep.Stage + rep.Hugo).Round(time.Millisecond))
		return nil
	}
	build := func(changed []string) error {
		if f.out != "" {
			cfg := e.config(f)
			rep, err := publish.Build(cfg)
			if err != nil {
				return e.buildError(err)
			}
			site.dir.Store(&cfg.Out)
			fmt.Fprintf(e.stderr, "built %d pages into %s in %s\n", rep.Pages, cfg.Out, rep.Total.Round(time.Millisecond))
			return nil
		}
		if session == nil || changed == nil {
			return full()
		}
		rep, err := session.Update(changed)
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
			fmt.Fprintf(e.stderr, "updated in place: %d pages to Hugo, %d told again (load %s, render %s, downloads and search %s alongside, hugo %s)\n",
				rep.Changed, rep.Retold, rep.Load.Round(time.Millisecond), rep.Stage.Round(time.Millisecond), rep.Files.Round(time.Millisecond), rep.Hugo.Round(time.Millisecond))
			return nil
		case errors.Is(err, publish.ErrFullBuild):
			// The served folder may be half updated: no further update
			// goes into it, and a full build replaces it.
			session.Close()
			session = nil
			fmt.Fprintf(e.stderr, "building in full: %v\n", err)
			return full()
		default:
			return e.buildError(err)
		}
	}
	// rebuild builds and tells the open pages: they reload, and show the
	// problems over the last good page when the data is invalid.
	rebuild := func(changed []string) error {
		err := build(changed)
		var inv *publish.InvalidError
		switch {
		case err == nil:
			dev.built(nil, "")
		case errors.As(err, &inv) || errors.Is(err, ErrProblems):
			dev.built(e.lastProblems, "")
		default:
			dev.built(nil, err.Error())
		}
		return err
	}
	defer func() {
		if session != nil {
			session.Close()
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
		watching.Go(func() { e.watch(wctx, rebuild) })
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

// watch rebuilds after changes settle for 100 ms, naming the files that
// changed and how long the rebuild took. A failed rebuild keeps the last
// good site online and reports why.
func (e *env) watch(ctx context.Context, rebuild func(changed []string) error) {
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
			if rel, err := filepath.Rel(e.root, ev.Name); err == nil {
				changed[filepath.ToSlash(rel)] = true
			}
			timer = time.After(100 * time.Millisecond)
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
			if len(all) == 0 {
				continue
			}
			names := all
			if len(names) > 5 {
				names = append(slices.Clone(names[:5]), fmt.Sprintf("and %d more", len(names)-5))
			}
			fmt.Fprintf(e.stderr, "changed: %s; rebuilding\n", strings.Join(names, ", "))
			start := time.Now()
			if err := rebuild(all); err != nil {
				fmt.Fprintf(e.stderr, "rebuild failed after %s, still serving the last good site (the problems show in the browser): %v\n",
					time.Since(start).Round(time.Millisecond), err)
			} else {
				fmt.Fprintf(e.stderr, "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
			}
		}
	}
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
