// Package hugosite runs Hugo, embedded as a Go library, over a staged
// project folder. It is the only package that imports Hugo: Hugo's Go API
// has no stability promise, so every use of it stays behind this door, and
// the version is pinned in go.mod.
package hugosite

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
)

// Options says what to build and where.
type Options struct {
	Overlay *Overlay  // the Hugo project (site/) with generated content laid over it
	Dest    string    // the folder to publish into; it should be empty
	BaseURL string    // overrides hugo.toml's baseURL when set
	Log     io.Writer // Hugo's warnings and errors; io.Discard when nil
	Params  map[string]any
	// Sitemaps writes the sitemaps in Go (sitemap.go), for a site whose
	// hugo.toml disables Hugo's own ("sitemap" in disableKinds).
	Sitemaps bool
}

// Result reports what Hugo built.
type Result struct {
	Pages int
	// Retold counts the pages a Session's rebuild had to tell Hugo of
	// again, found with their old text after the first pass.
	Retold int
}

// Build runs one Hugo build. Warnings go to Log; any error, including a
// template error, fails the build.
func Build(o Options) (Result, error) {
	s, res, err := start(o, false)
	if s != nil {
		s.Close()
	}
	return res, err
}

// start loads Hugo's configuration over the overlay and runs a first,
// full build. With watch, Hugo tracks what each page depends on, so that
// the Session it returns can rebuild only what changed.
func start(o Options, watch bool) (*Session, Result, error) {
	src := o.Overlay.Root()
	dst, err := filepath.Abs(o.Dest)
	if err != nil {
		return nil, Result{}, err
	}
	w := o.Log
	if w == nil {
		w = io.Discard
	}
	flags := config.New()
	flags.Set("workingDir", src)
	flags.Set("publishDir", dst)
	flags.Set("cacheDir", filepath.Join(os.TempDir(), "portal-hugo-cache"))
	if o.BaseURL != "" {
		flags.Set("baseURL", o.BaseURL)
	}
	if os.Getenv("PORTAL_HUGO_METRICS") != "" { // Hugo's template metrics, for profiling
		flags.Set("templateMetrics", true)
	}
	for k, v := range o.Params {
		flags.Set("params."+k, v)
	}
	if watch {
		// As hugo server sets it, but not "running": the pages are built
		// exactly as by a one-off build (hugo.IsServer stays false).
		flags.Set("internal", map[string]any{"watch": true})
	}
	// Hugo's leveled messages (warnings, errors) go to its StdErr, which is
	// the log; its unleveled prints (a "Source changed" line for every page
	// of a partial rebuild) go to StdOut, which nobody needs to read.
	logger := loggers.New(loggers.Options{StdOut: io.Discard, StdErr: w, Level: logg.LevelWarn, DistinctLevel: logg.LevelWarn})
	sfs := o.Overlay.fs()
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs: sfs, Flags: flags, Filename: filepath.Join(src, "hugo.toml"), Logger: logger, Environ: []string{"HUGO_ENVIRONMENT=production"},
	})
	if err != nil {
		return nil, Result{}, fmt.Errorf("hugo config: %w", err)
	}
	fs := hugofs.NewFromSourceAndDestination(sfs, hugofs.Os, flags)
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{Fs: fs, Configs: configs, LogLevel: logg.LevelWarn, StdOut: io.Discard, StdErr: w})
	if err != nil {
		return nil, Result{}, fmt.Errorf("hugo: %w", err)
	}
	s := &Session{o: o, src: src, dst: dst, sites: sites, logger: logger}
	if err := sites.Build(hugolib.BuildCfg{}); err != nil {
		s.Close()
		return nil, Result{}, fmt.Errorf("hugo build: %w", err)
	}
	s.root = sites.Sites[0].Home().RelPermalink()
	res, err := s.finish()
	if err != nil {
		s.Close()
		return nil, Result{}, err
	}
	if err := copyStatic(src, dst); err != nil {
		s.Close()
		return nil, Result{}, fmt.Errorf("hugo build: static files: %w", err)
	}
	return s, res, nil
}

// finish checks a build's log for errors and writes the sitemaps.
func (s *Session) finish() (Result, error) {
	if n := s.logger.LoggCount(logg.LevelError); n > s.errors {
		s.errors = n
		return Result{}, fmt.Errorf("hugo build: %d errors logged", n)
	}
	if s.o.Sitemaps {
		if err := writeSitemaps(s.sites, s.dst); err != nil {
			return Result{}, fmt.Errorf("hugo build: sitemap: %w", err)
		}
	}
	return Result{Pages: len(s.sites.Pages())}, nil
}
