// Package linkcheck checks that the documents the sources cite are still
// online, and finds archived copies for sources that lack one.
//
// Every request goes through a [Fetcher], in production the project's
// polite fetch.Client, which obeys robots.txt and spaces requests to a
// host. A link is dead when its last answer, after the fetcher's retries,
// is a 4xx or 5xx status or no answer at all. For each source without an
// archive_url the Wayback Machine's availability API is asked for the
// closest snapshot; the answer is only a suggestion, listed in the report.
// The package never edits data files: what it learns goes to a [State]
// file and a [Report].
package linkcheck

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
)

// Fetcher gets a URL; *fetch.Client is one. Tests pass a client that may
// reach httptest servers.
type Fetcher interface {
	Get(ctx context.Context, rawURL string) (*fetch.Result, error)
}

// DefaultWayback is the Wayback Machine's availability API.
const DefaultWayback = "https://archive.org/wayback/available"

// DefaultWorkers is how many links are checked at once by default; the
// fetcher still sends one request at a time to each host.
const DefaultWorkers = 4

// waybackRecheck is how long an availability answer without a snapshot
// is trusted before the API is asked again.
const waybackRecheck = 7 * 24 * time.Hour

// Config configures [Check]. Fetcher is required.
type Config struct {
	Fetcher Fetcher
	// Wayback is the availability API endpoint (default DefaultWayback).
	Wayback string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Recheck, when positive, reuses the state of a link found live or
	// redirected less than Recheck ago instead of fetching it again. Dead
	// and unchecked links are always fetched.
	Recheck time.Duration
	// Workers is how many links are checked at once (default DefaultWorkers).
	Workers int
}

// Result is what one source's link came to.
type Result struct {
	Source     *dataset.Source
	Link       Link
	Fresh      bool   // fetched in this run, not reused from the state
	ArchiveErr string // the availability lookup failed; empty otherwise
}

// CheckedURL is the address checked for source s: the original
// document's when known, else the copy it was read from.
func CheckedURL(s *dataset.Source) string {
	if s.URL != "" {
		return s.URL
	}
	if s.Via != nil {
		return s.Via.URL
	}
	return ""
}

// Report is the outcome of one [Check].
type Report struct {
	Checked   time.Time
	Results   []Result   // sorted by source file path
	Proposals []Proposal // what ProposeArchives did, when it ran
}

// Check fetches the URL of every source, each distinct URL once, records
// the outcome in st and returns the report. Only a cancelled ctx stops it
// early, with ctx's error; st then holds what was checked so far. Save st
// afterwards.
func Check(ctx context.Context, cfg Config, sources []*dataset.Source, st *State) (*Report, error) {
	if cfg.Fetcher == nil {
		return nil, errors.New("linkcheck: no Fetcher")
	}
	cfg.Wayback = cmp.Or(cfg.Wayback, DefaultWayback)
	cfg.Workers = cmp.Or(max(cfg.Workers, 0), DefaultWorkers)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	jobs := plan(sources)
	archiveErrs := run(ctx, cfg, jobs, st)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("linkcheck: %w", err)
	}
	st.retain(func(k string) bool { _, ok := jobs[k]; return ok })
	return report(cfg.Now(), sources, st, jobs, archiveErrs), nil
}

// key identifies a link in the state: the URL as fetch.Normalize puts
// it, so that two spellings of one address are checked once.
func key(u string) string {
	if k, err := fetch.Normalize(u); err == nil {
		return k
	}
	return u
}

// job is one distinct link to check.
type job struct {
	key         string // the link's key
	url         string // the URL fetched: the first source's spelling
	wantArchive bool   // some source with this URL has no archive_url
	date        string // retrieved or published date of such a source, YYYYMMDD
	fresh       bool   // set by run
}

// plan groups the sources by the key of their URL.
func plan(sources []*dataset.Source) map[string]*job {
	jobs := map[string]*job{}
	for _, s := range sources {
		u := CheckedURL(s)
		if u == "" {
			continue
		}
		k := key(u)
		j := jobs[k]
		if j == nil {
			j = &job{key: k, url: u}
			jobs[k] = j
		}
		if s.ArchiveURL == "" && !j.wantArchive {
			j.wantArchive, j.date = true, timestamp(s)
		}
	}
	return jobs
}

// timestamp is the date a snapshot should be closest to: when the source
// was retrieved, else published, as the API's YYYY[MM[DD]].
func timestamp(s *dataset.Source) string {
	for _, d := range []dataset.Date{s.Retrieved, s.Published} {
		if d.Valid() {
			return strings.ReplaceAll(d.String(), "-", "")
		}
	}
	return ""
}

// run checks the jobs with cfg.Workers goroutines and returns the failed
// archive lookups by key.
func run(ctx context.Context, cfg Config, jobs map[string]*job, st *State) map[string]string {
	queue := make(chan *job)
	var mu sync.Mutex // guards archiveErrs
	archiveErrs := map[string]string{}
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Go(func() {
			for j := range queue {
				if msg := checkOne(ctx, cfg, j, st); msg != "" {
					mu.Lock()
					archiveErrs[j.key] = msg
					mu.Unlock()
				}
			}
		})
	}
	for _, u := range slices.Sorted(maps.Keys(jobs)) {
		if ctx.Err() != nil {
			break
		}
		queue <- jobs[u]
	}
	close(queue)
	wg.Wait()
	return archiveErrs
}

// checkOne checks one URL and asks for an archived copy if needed. It
// stores the outcome in st unless ctx ended, and returns the archive
// lookup's error message, if any.
func checkOne(ctx context.Context, cfg Config, j *job, st *State) string {
	prev := st.Link(j.key)
	l := prev
	if !reusable(prev, cfg.Now(), cfg.Recheck) {
		res, err := cfg.Fetcher.Get(ctx, j.url)
		if ctx.Err() != nil {
			return ""
		}
		l, j.fresh = classify(j.url, res, err, cfg.Now(), prev), true
	}
	var archiveErr string
	if j.wantArchive && l.Archive == "" && cfg.Now().Sub(l.ArchiveChecked) >= waybackRecheck {
		snap, err := wayback(ctx, cfg, j.url, j.date)
		if ctx.Err() != nil {
			return ""
		}
		if err != nil {
			archiveErr = err.Error()
		} else {
			l.Archive, l.ArchiveChecked = snap, cfg.Now()
		}
	}
	st.put(j.key, l)
	return archiveErr
}

// report assembles one Result per source from the state.
func report(now time.Time, sources []*dataset.Source, st *State, jobs map[string]*job, archiveErrs map[string]string) *Report {
	r := &Report{Checked: now}
	for _, s := range sources {
		u := CheckedURL(s)
		if u == "" {
			continue
		}
		k := key(u)
		r.Results = append(r.Results, Result{Source: s, Link: st.Link(k), Fresh: jobs[k].fresh, ArchiveErr: archiveErrs[k]})
	}
	slices.SortStableFunc(r.Results, func(a, b Result) int { return cmp.Compare(a.Source.Path, b.Source.Path) })
	return r
}
