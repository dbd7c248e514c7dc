// Package scrape turns publishers' listings of reports into new,
// unreviewed source records.
//
// # Definitions
//
// Each publisher is a declarative definition in data/publishers/<id>.yaml
// (see generator/schema/publisher.schema.json): an RSS or Atom feed, a
// sitemap, or an HTML listing read with CSS selectors, an optional keyword
// filter, and the number of entries the listing is expected to hold.
// [LoadPublishers] checks them and reports problems as path:line:col.
//
// # A run
//
// [Run] fetches every listing through the polite [fetch.Client] (hosts in
// parallel, one request at a time per host), parses it, keeps the entries
// that pass the keyword filter, and drops those whose canonical URL
// ([fetch.Normalize], scheme ignored) is already recorded under
// data/sources — reviewed or not — or was met earlier in the run. Each
// remaining entry becomes data/sources/<organization>-<year>-<slug>.yaml
// with status: unreviewed. Publishers are committed in id order, so ids
// are the same whatever the network timing.
//
// # Safety
//
// Scraped text is untrusted: titles and summaries are reduced to plain
// text, links to absolute http(s) URLs. A file is written to a temporary
// name and linked into place, so a crash leaves the old state or the new
// file, never a part, and an existing file is never replaced. A listing
// that yields nothing, too few or too many entries, fails to fetch or
// parse, or panics, fails that publisher alone: nothing of it is written,
// and the others go on.
package scrape

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
)

// Config is one scrape run.
type Config struct {
	// Root is the project folder; data/publishers, data/organizations and
	// data/sources are read under it and new sources written there.
	Root string
	// Fetch configures the HTTP client; Version and SiteURL are required.
	Fetch fetch.Config
	// Only, when set, limits the run to the publisher with this id.
	Only string
	// DryRun fetches and reports but writes nothing.
	DryRun bool
	// Now is the clock (default time.Now): the retrieved date and the year
	// of undated entries.
	Now func() time.Time
	// Progress, when set, is called after each publisher's listing is
	// read, one call at a time.
	Progress func(Progress)

	hooks hooks
}

// hooks let tests inject faults.
type hooks struct {
	beforeFetch func(p *Publisher)        // called first for each publisher; may panic
	wrapWrite   func(io.Writer) io.Writer // wraps each record's temporary file
}

// Progress reports that one more publisher's listing has been read.
type Progress struct {
	Done, Total int
	Result      *Result
}

// ErrUnknownPublisher is returned by Run when Config.Only names no definition.
var ErrUnknownPublisher = errors.New("unknown publisher")

// runner holds what one run shares between its goroutines.
type runner struct {
	cfg    Config
	client *fetch.Client
	orgs   map[string]string // organization id → kind
	store  *store            // used only by the goroutine that runs runAll
	today  dataset.Date

	mu   sync.Mutex // guards done, and serializes Progress calls
	done int
}

// Run scrapes every publisher (or Config.Only) and writes the new
// sources, unless DryRun. It returns an error only when the run cannot
// start (unreadable definitions or sources, bad fetch configuration, an
// unknown publisher); a publisher that fails is reported in its Result,
// and Report.Failed lists them.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	started := cfg.Now()
	client, err := fetch.New(cfg.Fetch)
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	defs, err := LoadPublishers(os.DirFS(cfg.Root), "data")
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	st, err := openStore(filepath.Join(cfg.Root, "data", "sources"))
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	st.wrap = cfg.hooks.wrapWrite
	pubs, invalid, err := selectPublishers(defs, cfg.Only)
	if err != nil {
		return nil, fmt.Errorf("scrape: %w", err)
	}
	r := &runner{cfg: cfg, client: client, orgs: defs.orgs, store: st,
		today: dataset.MustDate(cfg.Now().UTC().Format(time.DateOnly))}
	results := r.runAll(ctx, pubs, invalid)
	return &Report{Started: started, Duration: cfg.Now().Sub(started), DryRun: cfg.DryRun,
		Results: results, Problems: defs.Problems}, nil
}

// selectPublishers picks the publishers to run and turns invalid
// definitions among them into failed results.
func selectPublishers(defs *Definitions, only string) ([]*Publisher, []*Result, error) {
	var pubs []*Publisher
	var invalid []*Result
	for _, p := range defs.Publishers {
		if only == "" || p.ID == only {
			pubs = append(pubs, p)
		}
	}
	for id, probs := range defs.Invalid {
		if only == "" || id == only {
			invalid = append(invalid, invalidResult(id, probs))
		}
	}
	if only != "" && len(pubs)+len(invalid) == 0 {
		return nil, nil, fmt.Errorf("%w %q: no data/publishers/%s.yaml", ErrUnknownPublisher, only, only)
	}
	return pubs, invalid, nil
}

func invalidResult(id string, probs []dataset.Problem) *Result {
	msgs := make([]string, len(probs))
	for i, p := range probs {
		msgs[i] = p.String()
	}
	return &Result{ID: id, Status: StatusFailed, Err: fmt.Errorf("invalid definition: %s", strings.Join(msgs, "; "))}
}

// runAll reads every listing and commits each publisher in id order as
// soon as it and every publisher before it have been read: writing
// overlaps the network waits, and ids do not depend on timing.
func (r *runner) runAll(ctx context.Context, pubs []*Publisher, invalid []*Result) []*Result {
	ready := map[string]*Result{}
	order := make([]string, 0, len(pubs)+len(invalid))
	for _, p := range pubs {
		order = append(order, p.ID)
	}
	for _, res := range invalid {
		order = append(order, res.ID)
		ready[res.ID] = res
	}
	slices.Sort(order)
	out := make([]*Result, 0, len(order))
	flush := func() {
		for len(out) < len(order) && ready[order[len(out)]] != nil {
			res := ready[order[len(out)]]
			if res.Status == StatusOK {
				r.commitSafely(res, r.store, r.today)
			}
			out = append(out, res)
		}
	}
	flush()
	for res := range r.readAll(ctx, pubs) {
		ready[res.ID] = res
		flush()
	}
	return out
}

// readAll reads every listing: hosts in parallel, the publishers of one
// host one after the other (the client would serialize them anyway). The
// channel is closed when all are read.
func (r *runner) readAll(ctx context.Context, pubs []*Publisher) <-chan *Result {
	byHost := map[string][]*Publisher{}
	var hosts []string
	for _, p := range pubs {
		h := hostOf(p.URL)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], p)
	}
	results := make(chan *Result, len(pubs))
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Go(func() {
			for _, p := range byHost[h] {
				res := r.readSafely(ctx, p)
				r.progress(res, len(pubs))
				results <- res
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return strings.ToLower(u.Host)
	}
	return raw
}

// readSafely reads one publisher's listing; a panic fails that publisher
// only.
func (r *runner) readSafely(ctx context.Context, p *Publisher) (res *Result) {
	res = newResult(p)
	start := time.Now()
	defer func() {
		res.Duration += time.Since(start)
		if v := recover(); v != nil {
			res.fail(fmt.Errorf("panic: %v", v))
		}
	}()
	if r.cfg.hooks.beforeFetch != nil {
		r.cfg.hooks.beforeFetch(p)
	}
	items, err := r.readListing(ctx, p, &res.Health)
	if err != nil {
		res.fail(err)
		return res
	}
	res.Items = len(items)
	for _, it := range items {
		if p.matches(it) {
			res.matched = append(res.matched, it)
		}
	}
	res.Matched = len(res.matched)
	return res
}

func (r *runner) progress(res *Result, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done++
	if r.cfg.Progress != nil {
		r.cfg.Progress(Progress{Done: r.done, Total: total, Result: res})
	}
}
