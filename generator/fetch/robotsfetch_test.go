package fetch

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestRobotsHonoured(t *testing.T) {
	tests := []struct {
		name      string
		robots    http.HandlerFunc
		page      string
		wantErr   error // nil for a fetched page
		wantPages int   // page requests the server must see
	}{
		{"disallow honoured", robotsText("User-agent: *\nDisallow: /private"), "/private/a", ErrRobotsDisallowed, 0},
		{"other path allowed", robotsText("User-agent: *\nDisallow: /private"), "/public/a", nil, 1},
		{"longest allow beats disallow", robotsText("User-agent: *\nDisallow: /docs\nAllow: /docs/public"), "/docs/public/a", nil, 1},
		{"own group", robotsText("User-agent: *\nAllow: /\nUser-agent: InterferenceWatchBot\nDisallow: /"), "/a", ErrRobotsDisallowed, 0},
		{"404 allows all", status(http.StatusNotFound), "/a", nil, 1},
		{"403 allows all", status(http.StatusForbidden), "/a", nil, 1},
		{"500 disallows all", status(http.StatusInternalServerError), "/a", ErrRobotsDisallowed, 0},
		{"503 disallows all", status(http.StatusServiceUnavailable), "/a", ErrRobotsDisallowed, 0},
		{"429 disallows all", status(http.StatusTooManyRequests), "/a", ErrRobotsDisallowed, 0},
		{"unreachable disallows all", hangUp, "/a", ErrRobotsDisallowed, 0},
		{"redirect followed", redirectRobots, "/moved-rules-say-no", ErrRobotsDisallowed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, tt.robots, okPage)
			res, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+tt.page)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && string(res.Body) != "page "+tt.page {
				t.Errorf("body = %q", res.Body)
			}
			if got := len(s.hits(tt.page)); got != tt.wantPages {
				t.Errorf("server saw %d page requests, want %d", got, tt.wantPages)
			}
		})
	}
}

// redirectRobots moves /robots.txt to /robots-moved.txt.
func redirectRobots(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		http.Redirect(w, r, "/robots-moved.txt", http.StatusMovedPermanently)
		return
	}
	robotsText("User-agent: *\nDisallow: /moved")(w, r)
}

func TestRobotsCached(t *testing.T) {
	clk := newFakeClock()
	s := newSite(t, clk.Now, robotsText("User-agent: *\nDisallow: /no"), okPage)
	c := mustClient(t, testConfig(clk))
	steps := []struct {
		advance    time.Duration
		wantRobots int
	}{
		{0, 1},
		{time.Hour, 1},
		{23 * time.Hour, 2}, // 24 h after the first fetch
		{time.Minute, 2},
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		if _, err := c.Get(t.Context(), s.URL+"/page"); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := len(s.hits("/robots.txt")); got != st.wantRobots {
			t.Errorf("step %d: robots.txt fetched %d times, want %d", i, got, st.wantRobots)
		}
	}
}

func TestRobotsFetchedOnceConcurrently(t *testing.T) {
	clk := newFakeClock()
	s := newSite(t, clk.Now, robotsText("User-agent: *\nAllow: /"), okPage)
	c := mustClient(t, testConfig(clk))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), s.URL+"/page"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := len(s.hits("/robots.txt")); got != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", got)
	}
}

func TestCrawlDelayRaisesDelay(t *testing.T) {
	tests := []struct {
		name     string
		robots   string
		minDelay time.Duration
		wantGap  time.Duration
	}{
		{"crawl-delay longer", "User-agent: *\nCrawl-delay: 5", time.Second, 5 * time.Second},
		{"crawl-delay shorter", "User-agent: *\nCrawl-delay: 0.5", 3 * time.Second, 3 * time.Second},
		{"other bot's delay ignored", "User-agent: *\nCrawl-delay: 9\nUser-agent: InterferenceWatchBot\nAllow: /", time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, robotsText(tt.robots), okPage)
			cfg := testConfig(clk)
			cfg.MinDelay = tt.minDelay
			c := mustClient(t, cfg)
			for _, p := range []string{"/a", "/b"} {
				if _, err := c.Get(t.Context(), s.URL+p); err != nil {
					t.Fatal(err)
				}
			}
			gap := s.hits("/b")[0].at.Sub(s.hits("/a")[0].at)
			if gap < tt.wantGap || gap > tt.wantGap+time.Second {
				t.Errorf("gap between pages = %v, want %v", gap, tt.wantGap)
			}
		})
	}
}
