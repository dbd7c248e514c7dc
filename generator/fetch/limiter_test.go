package fetch

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPerHostDelay(t *testing.T) {
	tests := []struct {
		name     string
		minDelay time.Duration
		want     time.Duration
	}{
		{"default", 0, DefaultMinDelay},
		{"configured", 7 * time.Second, 7 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, status(http.StatusNotFound), okPage)
			cfg := testConfig(clk)
			cfg.MinDelay = tt.minDelay
			c := mustClient(t, cfg)
			for i := range 3 {
				if _, err := c.Get(t.Context(), fmt.Sprintf("%s/p%d", s.URL, i)); err != nil {
					t.Fatal(err)
				}
			}
			hits := s.hits("/")
			if len(hits) != 4 {
				t.Fatalf("server saw %d requests, want robots.txt and 3 pages", len(hits))
			}
			for i := 1; i < len(hits); i++ {
				if gap := hits[i].at.Sub(hits[i-1].at); gap < tt.want {
					t.Errorf("%s came %v after %s, want ≥ %v", hits[i].path, gap, hits[i-1].path, tt.want)
				}
			}
		})
	}
}

// TestOneRequestAtATimePerHost runs on the real clock with a short delay.
func TestOneRequestAtATimePerHost(t *testing.T) {
	const delay = 50 * time.Millisecond
	var inFlight, maxInFlight atomic.Int32
	pages := func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
		}
		time.Sleep(5 * time.Millisecond)
		okPage(w, r)
	}
	s := newSite(t, time.Now, status(http.StatusNotFound), pages)
	cfg := Config{Version: "1", SiteURL: "https://interference.watch", AllowLoopback: true, MinDelay: delay}
	c := mustClient(t, cfg)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), fmt.Sprintf("%s/p%d", s.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := maxInFlight.Load(); m != 1 {
		t.Errorf("%d requests in flight at once, want 1", m)
	}
	// Starts are spaced by the client; the server sees each request a
	// little after it starts, by an amount that varies with the machine's
	// load (CI has seen 3 ms), so allow 15 ms: without spacing, requests
	// would come 5 ms apart.
	const jitter = 15 * time.Millisecond
	hits := s.hits("/")
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].at.Sub(hits[i-1].at); gap < delay-jitter {
			t.Errorf("%s came %v after %s, want ≥ %v", hits[i].path, gap, hits[i-1].path, delay)
		}
	}
}

// TestHostsInParallel makes host A's page wait until host B's page has
// started: if hosts were served one at a time, A would time out.
func TestHostsInParallel(t *testing.T) {
	bStarted := make(chan struct{})
	a := newSite(t, time.Now, status(http.StatusNotFound), func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-bStarted:
			okPage(w, r)
		case <-time.After(3 * time.Second):
			w.WriteHeader(http.StatusGatewayTimeout)
		}
	})
	b := newSite(t, time.Now, status(http.StatusNotFound), func(w http.ResponseWriter, r *http.Request) {
		close(bStarted)
		okPage(w, r)
	})
	cfg := Config{Version: "1", SiteURL: "https://interference.watch", AllowLoopback: true, MinDelay: 10 * time.Millisecond, MaxAttempts: 1}
	c := mustClient(t, cfg)
	var wg sync.WaitGroup
	for _, u := range []string{a.URL + "/a", b.URL + "/b"} {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), u); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
