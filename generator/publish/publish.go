// Package publish runs the whole pipeline: load and validate the data,
// stage the Hugo project, run Hugo and put the result in place. A build
// that fails at any step leaves the previous output untouched.
package publish

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/export"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/hugosite"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/interference-watch/portal/generator/page"
	"github.com/interference-watch/portal/generator/render"
	"github.com/interference-watch/portal/generator/safefs"
	"github.com/interference-watch/portal/generator/schema"
	"github.com/interference-watch/portal/generator/search"
	"github.com/interference-watch/portal/generator/validate"
	"github.com/pelletier/go-toml/v2"
)

// Config says where the project is and where the site goes.
type Config struct {
	Root    string    // the repository: data/, content/, site/
	Out     string    // the published folder, replaced whole on success
	BaseURL string    // overrides site/hugo.toml's baseURL when set
	Now     time.Time // "today" for date checks; time.Now when zero
	Log     io.Writer // progress and Hugo's warnings; io.Discard when nil
	Version string    // generator version shown in the footer
	Repo    string    // repository URL for "edit this record" links
}

// Languages are the site's languages, each with its folder under content/
// and its strings in site/i18n; the first is the default, at the root.
var Languages = []string{"en", "fr"}

// ErrInvalid is returned, wrapped in an *InvalidError, when the data has
// problems: nothing is published then.
var ErrInvalid = errors.New("the data has problems; nothing was published")

// InvalidError carries the problems that stopped a build.
type InvalidError struct{ Problems []dataset.Problem }

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%d problems in the data; nothing was published", len(e.Problems))
}

func (e *InvalidError) Unwrap() error { return ErrInvalid }

// Report says what a build did and how long each step took.
type Report struct {
	Records int
	Staged  int
	Pages   int
	Load    time.Duration
	Stage   time.Duration
	Files   time.Duration // downloads and search index, written while staging
	Hugo    time.Duration
	Swap    time.Duration // putting the new site in place and removing the old one
	Total   time.Duration
	// Of a Session's Update: the staged pages handed to Hugo, and those
	// it had to be told of again (hugosite.Result.Retold).
	Changed, Retold int
	// Fresh says that Hugo's partial rebuild failed and the staged site
	// was built afresh into a new folder (Session.Dir).
	Fresh bool
}

// Build runs load → validate → stage → Hugo into a fresh folder beside
// Out, then swaps it into place in one atomic step (see outdir). On any
// error Out is left as it was. Out is refused, before anything is read
// or written, when it overlaps the project or is a non-empty folder that
// no build wrote (the error matches outdir.ErrRefused); what killed
// builds left beside it is removed first.
func Build(cfg Config) (Report, error) {
	start := time.Now()
	if cfg.Out == "" {
		return Report{}, errors.New("build: no output folder")
	}
	out, err := outdir.Check(cfg.Root, cfg.Out)
	if err != nil {
		return Report{}, fmt.Errorf("build: %w", err)
	}
	cfg.Out = out
	swept, err := outdir.Sweep(out)
	for _, p := range swept {
		fmt.Fprintf(logOf(cfg), "removed what an interrupted build left: %s\n", p)
	}
	if err != nil {
		return Report{}, fmt.Errorf("build: remove what an interrupted build left: %w", err)
	}
	tmp, lock, err := outdir.Prepare(out)
	if err != nil {
		return Report{}, fmt.Errorf("build: output folder: %w", err)
	}
	defer lock.Unlock()
	rep, err := BuildInto(cfg, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return rep, err
	}
	t := time.Now()
	if err := Swap(tmp, out); err != nil {
		os.RemoveAll(tmp)
		return rep, err
	}
	rep.Swap = time.Since(t)
	rep.Total = time.Since(start)
	return rep, nil
}

func logOf(cfg Config) io.Writer {
	if cfg.Log == nil {
		return io.Discard
	}
	return cfg.Log
}

// BuildInto validates the data and builds the site into dest, which must
// exist and be empty. A complete site holds outdir.Marker, which lets a
// later build replace it.
func BuildInto(cfg Config, dest string) (Report, error) {
	stage, err := hugosite.NewOverlay(filepath.Join(cfg.Root, "site"))
	if err != nil {
		return Report{}, err
	}
	g, err := generate(cfg, stage, export.Dir(dest))
	if err != nil {
		return g.rep, err
	}
	debug.FreeOSMemory() // let the dataset go before Hugo holds every page in memory
	rep := g.rep
	t := time.Now()
	res, err := hugosite.Build(g.hugoOptions(cfg, stage, dest))
	if err != nil {
		return rep, err
	}
	rep.Hugo, rep.Pages = time.Since(t), res.Pages
	if err := outdir.WriteMarker(dest); err != nil {
		return rep, err
	}
	return rep, nil
}

// generated is what the Go part of a build found, besides its files.
type generated struct {
	rep    Report
	repo   string // the repository for edit links: --repo, or params.repo
	commit string // the data's last commit, shown in the footer
	site   Site   // as the build read it, with the flags applied
	log    *history.Log
	index  *page.Index
}

func (g generated) hugoOptions(cfg Config, stage *hugosite.Overlay, dest string) hugosite.Options {
	return hugosite.Options{Overlay: stage, Dest: dest, BaseURL: cfg.BaseURL, Log: logOf(cfg), Sitemaps: true,
		Params: map[string]any{"build": map[string]any{"commit": g.commit, "version": version(cfg.Version)}, "repo": g.repo}}
}

// generate is the Go part of a build: it loads and validates the data,
// stages every page for Hugo through stage and writes the files Hugo does
// not make (downloads, search index, feeds, explore data) through files.
// Invalid data is an *InvalidError, before anything is written.
func generate(cfg Config, stage render.Writer, files export.Writer) (generated, error) {
	t := time.Now()
	d, probs, err := validate.Run(os.DirFS(cfg.Root), "data", validate.Options{Now: cfg.Now})
	if err != nil {
		return generated{}, err
	}
	if err := invalid(cfg, probs); err != nil {
		return generated{}, err
	}
	return generateFrom(cfg, d, time.Since(t), stage, files, nil)
}

// invalid is the *InvalidError of the data's problems with those of the
// project's content/ and site/ files (CheckFiles), or nil when there are
// none.
func invalid(cfg Config, probs []dataset.Problem) error {
	if more := CheckFiles(cfg.Root); len(more) > 0 {
		probs = dataset.SortProblems(append(probs, more...))
	}
	if len(probs) > 0 {
		return &InvalidError{Problems: probs}
	}
	return nil
}

// generateFrom is generate's work once the data is loaded and valid; load
// is how long loading took. When stop is not nil, it is asked as the
// work goes, and once it says true the work stops with
// render.ErrStopped.
func generateFrom(cfg Config, d *dataset.Dataset, load time.Duration, stage render.Writer, files export.Writer, stop func() bool) (generated, error) {
	var g generated
	rep := &g.rep
	rep.Load = load
	for _, n := range d.Counts() {
		rep.Records += n
	}
	site, err := ReadSite(cfg.Root)
	if err != nil {
		return g, err
	}
	site.BaseURL = cmp.Or(cfg.BaseURL, site.BaseURL) // the --base-url flag wins
	cfg.Repo = cmp.Or(cfg.Repo, site.Repo)           // so does --repo, over params.repo
	g.repo, g.commit = cfg.Repo, commit(cfg.Root)
	base := site.BaseURL
	changes := history.Read(context.Background(), cfg.Root, "data")
	g.site, g.log = site, changes
	// The downloads and the search index need only the dataset: they are
	// written while the pages are staged, which keeps both cores busy
	// (staging is CPU work, the downloads mostly file writes). A build
	// that may be stopped (a session's, in the background) writes them
	// after the pages instead: staging stops within a page, while the
	// downloads' larger steps (the bundle, STIX, the search index) run to
	// their end once begun, and would take a core from the previews.
	var filesErr error
	downloads := files
	if stop != nil {
		downloads = stoppingWriter{files, stop}
	}
	writeDownloads := func() {
		t := time.Now()
		defer func() { rep.Files = time.Since(t) }()
		if err := export.WriteTo(d, downloads, export.Options{Schemas: schema.FS(), History: changes, Repo: cfg.Repo}); err != nil {
			filesErr = err
			return
		}
		if stop != nil && stop() {
			filesErr = render.ErrStopped
			return
		}
		filesErr = writeSearch(d, downloads, search.Options{Languages: Languages, URL: page.Site{BaseURL: base, DefaultLang: Languages[0]}.RecordURLs()})
	}
	var wg sync.WaitGroup
	if stop == nil {
		wg.Go(writeDownloads)
	}
	t := time.Now()
	g.index = page.NewIndex(d)
	rep.Staged, err = stageProject(cfg, site, stage, d, g.index, changes, files, stop)
	rep.Stage = time.Since(t)
	wg.Wait()
	if stop != nil && err == nil {
		writeDownloads()
	}
	if err == nil || (errors.Is(err, render.ErrStopped) && filesErr != nil) {
		err = filesErr
	}
	return g, err
}

// stoppingWriter is a writer that refuses, with render.ErrStopped, every
// file after stop says true: the downloads of a superseded build stop.
type stoppingWriter struct {
	w    export.Writer
	stop func() bool
}

func (s stoppingWriter) WriteFile(p string, data []byte) error {
	if s.stop() {
		return render.ErrStopped
	}
	return s.w.WriteFile(p, data)
}

// writeSearch writes the search index under search/: straight into the
// folder when files is one, which writes its many files in parallel.
func writeSearch(d *dataset.Dataset, files export.Writer, o search.Options) error {
	if dir, ok := files.(export.Dir); ok {
		_, err := search.Write(d, string(dir), o)
		return err
	}
	out, _, err := search.Files(d, o)
	if err != nil {
		return err
	}
	for p, data := range out {
		if err := files.WriteFile("search/"+p, data); err != nil {
			return err
		}
	}
	return nil
}

// stageProject lays the hand-written pages of content/ and the generated
// pages over site/, in memory, and writes the generated files that Hugo
// does not make (feeds, explore data) into dest.
func stageProject(cfg Config, site Site, stage render.Writer, d *dataset.Dataset, index *page.Index, log *history.Log, files export.Writer, stop func() bool) (int, error) {
	total := 0
	for _, lang := range Languages {
		o := renderOptions(cfg, site, lang, index, log)
		o.Files, o.Stop = files, stop
		if err := stageContent(cfg.Root, lang, d, stage, o); err != nil {
			return total, err
		}
		n, err := render.Stage(d, stage, o)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// renderOptions are the options of lang's pages in a build: Stage's, and
// a session's previews of one record's pages (render.RecordPages).
func renderOptions(cfg Config, site Site, lang string, index *page.Index, log *history.Log) render.Options {
	return render.Options{Lang: lang, ContentDir: "generated/", FileLang: lang, Index: index,
		Strings: os.DirFS(filepath.Join(cfg.Root, "site", "i18n")), Repo: cfg.Repo, History: log,
		BaseURL: site.BaseURL, DefaultLang: Languages[0], Now: cfg.Now, Languages: site.Languages}
}

// stageContent stages the hand-written pages of content/<lang>, if there
// is such a folder: a real one, never reached through a link; its files
// are read as safefs allows (render.StageContent).
func stageContent(root, lang string, d *dataset.Dataset, w render.Writer, o render.Options) error {
	dir := "content/" + lang
	if err := safefs.CheckDir(os.DirFS(root), dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("stage content: %w", err)
	}
	return render.StageContent(d, os.DirFS(filepath.Join(root, filepath.FromSlash(dir))), w, dir+"/", o)
}

// Swap replaces dst by src in one atomic step and removes the old site
// (see outdir.Swap).
func Swap(src, dst string) error { return outdir.Swap(src, dst) }

// CheckFiles reports, as located problems, what the build refuses to read
// in the project's content/ and site/: symbolic links, special files
// (named pipes, devices) and files over the size limits (safefs.MaxFile
// for a page, safefs.MaxSiteFile for a file of site/). Hidden files of
// content/ are never read and not checked; Hugo reads all of site/.
func CheckFiles(root string) []dataset.Problem {
	fsys := os.DirFS(root)
	var probs []dataset.Problem
	for _, c := range []struct {
		dir   string
		limit int64
		walk  func(fs.FS, string, int64) ([]string, []safefs.Entry, error)
	}{{"content", safefs.MaxFile, safefs.Walk}, {"site", safefs.MaxSiteFile, safefs.WalkAll}} {
		_, refused, err := c.walk(fsys, c.dir, c.limit)
		if err != nil {
			probs = append(probs, dataset.FileProblem(c.dir, c.dir+"/", err))
		}
		for _, r := range refused {
			probs = append(probs, dataset.FileProblem(r.Path, c.dir+"/", r.Err))
		}
	}
	return probs
}

// commit names the data commit the site is built from, or "unknown"
// outside a git checkout.
func commit(root string) string {
	out, err := exec.Command("git", "-C", root, "log", "-1", "--format=%h", "--", "data").Output()
	if err != nil || len(strings.TrimSpace(string(out))) == 0 {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

func version(v string) string {
	if v == "" {
		return "dev"
	}
	return v
}

// Site is what the build takes from the project's site/hugo.toml.
type Site struct {
	BaseURL   string
	Languages []page.Language // in Languages' order, with labels and locales
	Repo      string          // params.repo: the repository, for edit links and the footer
}

// siteConfig is the part of site/hugo.toml the build reads.
type siteConfig struct {
	BaseURL string `toml:"baseURL"`
	Params  struct {
		Repo string `toml:"repo"`
	} `toml:"params"`
	Languages map[string]struct {
		Label  string `toml:"label"`
		Locale string `toml:"locale"`
	} `toml:"languages"`
}

func readSiteConfig(root string) (siteConfig, error) {
	var conf siteConfig
	b, err := safefs.ReadOSFile(filepath.Join(root, "site", "hugo.toml"), safefs.MaxFile)
	if err != nil {
		return conf, fmt.Errorf("site config: %w", err)
	}
	if err := toml.Unmarshal(b, &conf); err != nil {
		return conf, fmt.Errorf("site/hugo.toml: %w", err)
	}
	return conf, nil
}

// ReadSite reads the project's site/hugo.toml. Every language of
// Languages must be configured there with a label.
func ReadSite(root string) (Site, error) {
	conf, err := readSiteConfig(root)
	if err != nil {
		return Site{}, err
	}
	site := Site{BaseURL: conf.BaseURL, Repo: conf.Params.Repo}
	for _, code := range Languages {
		l, ok := conf.Languages[code]
		if !ok || l.Label == "" {
			return Site{}, fmt.Errorf("site/hugo.toml: language %q has no [languages.%s] label", code, code)
		}
		site.Languages = append(site.Languages, page.Language{Code: code, Label: l.Label, Locale: l.Locale})
	}
	return site, nil
}

// SiteBaseURL reads the baseURL of the project's site/hugo.toml.
func SiteBaseURL(root string) (string, error) {
	conf, err := readSiteConfig(root)
	return conf.BaseURL, err
}
