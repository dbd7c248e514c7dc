package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
)

// mustFetcher is a polite fetch.Client allowed to reach httptest servers,
// whose politeness and retry waits cost no time.
func mustFetcher(t *testing.T) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Config{
		Version: "test", SiteURL: "https://interference.watch", AllowLoopback: true,
		Timeout: 5 * time.Second, ConnectTimeout: time.Second, MinDelay: time.Millisecond,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// publisher is a site with live, missing, failing, moved and forbidden
// pages; it counts the requests for each path.
type publisher struct {
	*httptest.Server
	mu   sync.Mutex // guards hits
	hits map[string]int
}

func newPublisher(t *testing.T) *publisher {
	p := &publisher{hits: map[string]int{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.hits[r.URL.Path]++
		p.mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case "/live", "/new-home":
			fmt.Fprint(w, "<html>ok</html>")
		case "/moved":
			http.Redirect(w, r, "/new-home", http.StatusMovedPermanently)
		case "/broken":
			http.Error(w, "oops", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *publisher) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

// archive is a fake Wayback availability API holding a snapshot of every
// URL whose path contains "kept", and answering garbage for "garbled".
type archive struct {
	*httptest.Server
	mu      sync.Mutex // guards queries
	queries []string
}

func newArchive(t *testing.T) *archive {
	a := &archive{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/wayback/available" {
			http.NotFound(w, r)
			return
		}
		u := r.URL.Query().Get("url")
		a.mu.Lock()
		a.queries = append(a.queries, r.URL.RawQuery)
		a.mu.Unlock()
		switch {
		case strings.Contains(u, "garbled"):
			fmt.Fprint(w, "<html>not json")
		case strings.Contains(u, "kept") || strings.Contains(u, "live"):
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {"closest": {"status": "200", "available": true,
				"url": "http://web.archive.org/web/20240102030405/%s", "timestamp": "20240102030405"}}}`, u, u)
		default:
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {}}`, u)
		}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *archive) asked() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.queries...)
}

func source(id, url, archiveURL string) *dataset.Source {
	return &dataset.Source{Meta: dataset.Meta{ID: id, Path: "data/sources/" + id + ".yaml"}, URL: url, ArchiveURL: archiveURL,
		Retrieved: dataset.MustDate("2024-05-06")}
}

func mustCheck(t *testing.T, cfg Config, st *State, sources ...*dataset.Source) *Report {
	t.Helper()
	r, err := Check(context.Background(), cfg, sources, st)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func byID(r *Report) map[string]Result {
	m := map[string]Result{}
	for _, res := range r.Results {
		m[res.Source.ID] = res
	}
	return m
}

func TestCheckVerdicts(t *testing.T) {
	pub, arc := newPublisher(t), newArchive(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	cfg := Config{Fetcher: mustFetcher(t), Wayback: arc.URL + "/wayback/available"}
	tests := []struct {
		id, path     string
		host         *httptest.Server // pub when nil
		verdict      Verdict
		status       int
		finalPath    string
		hits         int // requests for the path, retries included
		errorContain string
	}{
		{"live", "/live", nil, Live, 200, "", 1, ""},
		{"live-fragment", "/live#part", nil, Live, 200, "", 1, ""},
		{"missing", "/missing", nil, Missing, 404, "", 1, "status 404"},
		{"broken", "/broken", nil, Failing, 500, "", 3, "status 500 after 3"},
		{"moved", "/moved", nil, Redirected, 200, "/new-home", 1, ""},
		{"private", "/private/x", nil, Blocked, 0, "", 0, "robots.txt disallows"},
		{"unreachable", "/x", gone, Unreachable, 0, "", 0, "network: could not connect"},
		{"site failing", "/x", failing, Failing, 0, "", 0, "robots.txt status 503"},
	}
	base := func(host *httptest.Server) string {
		if host == nil {
			return pub.URL
		}
		return host.URL
	}
	var sources []*dataset.Source
	for _, tc := range tests {
		sources = append(sources, source(tc.id, base(tc.host)+tc.path, "https://web.archive.org/web/2024/x"))
	}
	got := byID(mustCheck(t, cfg, mustState(t, ""), sources...))
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			l := got[tc.id].Link
			final := ""
			if tc.finalPath != "" {
				final = pub.URL + tc.finalPath
			}
			if l.Verdict != tc.verdict || l.Status != tc.status || l.FinalURL != final || !strings.Contains(l.Error, tc.errorContain) {
				t.Errorf("link = %+v, want verdict %s, status %d, final URL %q, error with %q", l, tc.verdict, tc.status, final, tc.errorContain)
			}
			if n := pub.count(strings.Split(tc.path, "#")[0]); tc.host == nil && n != tc.hits {
				t.Errorf("%d requests for %s, want %d", n, tc.path, tc.hits)
			}
			if (l.Verdict == Dead || l.Verdict == Missing) != !l.DeadSince.IsZero() {
				t.Errorf("verdict %s with dead_since %v", l.Verdict, l.DeadSince)
			}
		})
	}
	if pub.count("/live") != 1 {
		t.Errorf("/live fetched %d times; want once for two sources citing it", pub.count("/live"))
	}
	if q := arc.asked(); len(q) != 0 {
		t.Errorf("archive asked %v for sources that have an archive_url", q)
	}
}

func TestArchiveSuggestions(t *testing.T) {
	pub, arc := newPublisher(t), newArchive(t)
	cfg := Config{Fetcher: mustFetcher(t), Wayback: arc.URL + "/wayback/available"}
	tests := []struct {
		id, path, archiveURL string
		suggestion           string
		archiveErr           string
	}{
		{"dead-but-kept", "/kept-page", "", "https://web.archive.org/web/20240102030405/" + pub.URL + "/kept-page", ""},
		{"never-archived", "/lost", "", "", ""},
		{"garbled-answer", "/garbled", "", "", "read answer"},
		{"has-archive", "/kept-too", "https://web.archive.org/web/2020/x", "", ""},
	}
	var sources []*dataset.Source
	for _, tc := range tests {
		sources = append(sources, source(tc.id, pub.URL+tc.path, tc.archiveURL))
	}
	r := mustCheck(t, cfg, mustState(t, ""), sources...)
	got := byID(r)
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			res := got[tc.id]
			if res.Link.Archive != tc.suggestion || !strings.Contains(res.ArchiveErr, tc.archiveErr) || (tc.archiveErr == "") != (res.ArchiveErr == "") {
				t.Errorf("archive %q, error %q; want %q, error with %q", res.Link.Archive, res.ArchiveErr, tc.suggestion, tc.archiveErr)
			}
		})
	}
	if s := r.Suggestions(); len(s) != 1 || s[0].Source.ID != "dead-but-kept" {
		t.Errorf("suggestions = %+v", s)
	}
	for _, q := range arc.asked() {
		if !strings.Contains(q, "timestamp=20240506") {
			t.Errorf("query %q lacks the retrieved date as timestamp", q)
		}
		if strings.Contains(q, "kept-too") {
			t.Errorf("asked about a source that has an archive_url: %q", q)
		}
	}
}

func TestCheckNeedsFetcherAndStopsOnCancel(t *testing.T) {
	if _, err := Check(context.Background(), Config{}, nil, mustState(t, "")); err == nil {
		t.Error("no error without a Fetcher")
	}
	pub := newPublisher(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Check(ctx, Config{Fetcher: mustFetcher(t)}, []*dataset.Source{source("a", pub.URL+"/live", "x")}, mustState(t, ""))
	if err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("err = %v, want context canceled", err)
	}
}
