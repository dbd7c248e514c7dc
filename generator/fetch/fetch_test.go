package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a Config.Clock whose Sleep only moves time forward, so
// politeness delays cost no real time.
type fakeClock struct {
	mu  sync.Mutex // guards now
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testConfig is a Config for httptest servers on a fake clock.
func testConfig(clk *fakeClock) Config {
	return Config{
		Version:        "1.2.3",
		SiteURL:        "https://interference.watch",
		AllowLoopback:  true,
		Clock:          clk.Now,
		Sleep:          clk.Sleep,
		Timeout:        5 * time.Second,
		ConnectTimeout: time.Second,
	}
}

func mustClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hit is one request a site received.
type hit struct {
	path   string
	at     time.Time
	header http.Header
}

// site is an httptest server that logs every request, answers paths
// starting with /robots with robots and everything else with pages.
type site struct {
	*httptest.Server
	now func() time.Time

	mu  sync.Mutex // guards log
	log []hit
}

func newSite(t *testing.T, now func() time.Time, robots, pages http.HandlerFunc) *site {
	t.Helper()
	s := &site{now: now}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, hit{path: r.URL.RequestURI(), at: s.now(), header: r.Header.Clone()})
		s.mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/robots") {
			robots(w, r)
			return
		}
		pages(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// hits returns the logged requests whose path starts with prefix.
func (s *site) hits(prefix string) []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.log {
		if strings.HasPrefix(h.path, prefix) {
			out = append(out, h)
		}
	}
	return out
}

func robotsText(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
}

func okPage(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page "+r.URL.Path) }

func TestUserAgentExact(t *testing.T) {
	tests := []struct {
		name, version, siteURL, want string
	}{
		{"plain", "1.2.3", "https://interference.watch", "InterferenceWatchBot/1.2.3 (+https://interference.watch/about/#bot)"},
		{"trailing slash", "0.9", "https://interference.watch/", "InterferenceWatchBot/0.9 (+https://interference.watch/about/#bot)"},
		{"sub-path", "2", "http://example.org/iw", "InterferenceWatchBot/2 (+http://example.org/iw/about/#bot)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, status(404), okPage)
			cfg := testConfig(clk)
			cfg.Version, cfg.SiteURL = tt.version, tt.siteURL
			if _, err := mustClient(t, cfg).Get(t.Context(), s.URL+"/a"); err != nil {
				t.Fatal(err)
			}
			for _, h := range s.hits("/") {
				if got := h.header.Get("User-Agent"); got != tt.want {
					t.Errorf("%s: User-Agent = %q, want %q", h.path, got, tt.want)
				}
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"no version", func(c *Config) { c.Version = "" }},
		{"version with space", func(c *Config) { c.Version = "1 2" }},
		{"version with newline", func(c *Config) { c.Version = "1\r\nX-Evil: 1" }},
		{"no site", func(c *Config) { c.SiteURL = "" }},
		{"relative site", func(c *Config) { c.SiteURL = "/about" }},
		{"ftp site", func(c *Config) { c.SiteURL = "ftp://example.org" }},
		{"negative delay", func(c *Config) { c.MinDelay = -time.Second }},
		{"negative attempts", func(c *Config) { c.MaxAttempts = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(newFakeClock())
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
}

func TestGetRejectsScheme(t *testing.T) {
	c := mustClient(t, testConfig(newFakeClock()))
	for _, raw := range []string{"ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"} {
		if _, err := c.Get(t.Context(), raw); !errors.Is(err, ErrScheme) {
			t.Errorf("Get(%q) error = %v, want ErrScheme", raw, err)
		}
	}
}

func TestGetHonoursContext(t *testing.T) {
	clk := newFakeClock()
	s := newSite(t, clk.Now, status(404), okPage)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := mustClient(t, testConfig(clk)).Get(ctx, s.URL+"/a")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if n := len(s.hits("/")); n != 0 {
		t.Errorf("server saw %d requests after cancel, want 0", n)
	}
}
