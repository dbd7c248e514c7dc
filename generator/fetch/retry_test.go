package fetch

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// reply is one scripted answer; retryAfter is added to the fake clock's
// now when dated is set, else sent as seconds.
type reply struct {
	status     int
	retryAfter time.Duration
	dated      bool
}

// script answers page requests with replies in turn, then 200.
func script(clk *fakeClock, replies ...reply) http.HandlerFunc {
	var mu sync.Mutex
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		var rp reply
		if len(replies) > 0 {
			rp, replies = replies[0], replies[1:]
		}
		mu.Unlock()
		if rp.status == 0 {
			okPage(w, r)
			return
		}
		switch {
		case rp.dated:
			w.Header().Set("Retry-After", clk.Now().Add(rp.retryAfter).UTC().Format(http.TimeFormat))
		case rp.retryAfter > 0:
			w.Header().Set("Retry-After", strconv.Itoa(int(rp.retryAfter/time.Second)))
		}
		w.WriteHeader(rp.status)
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		replies    []reply
		wantHits   int
		wantStatus int           // of the StatusError; 0 for success
		minGap     time.Duration // between the last two page requests
	}{
		{"429 with Retry-After seconds", []reply{{status: 429, retryAfter: 7 * time.Second}}, 2, 0, 7 * time.Second},
		{"503 with Retry-After date", []reply{{status: 503, retryAfter: 9 * time.Second, dated: true}}, 2, 0, 8 * time.Second},
		{"408 retried", []reply{{status: 408}}, 2, 0, 0},
		{"500 then success", []reply{{status: 500}, {status: 502}}, 3, 0, 0},
		{"500 three times", []reply{{status: 500}, {status: 500}, {status: 500}}, 3, 500, 0},
		{"404 not retried", []reply{{status: 404}}, 1, 404, 0},
		{"403 not retried", []reply{{status: 403}}, 1, 403, 0},
		{"410 not retried", []reply{{status: 410}}, 1, 410, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, status(http.StatusNotFound), script(clk, tt.replies...))
			res, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+"/p")
			hits := s.hits("/p")
			if len(hits) != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", len(hits), tt.wantHits)
			}
			var se *StatusError
			switch {
			case tt.wantStatus == 0 && err != nil:
				t.Fatalf("Get: %v", err)
			case tt.wantStatus == 0 && res.Attempts != tt.wantHits:
				t.Errorf("Attempts = %d, want %d", res.Attempts, tt.wantHits)
			case tt.wantStatus != 0 && (!errors.As(err, &se) || se.Status != tt.wantStatus || se.Attempts != tt.wantHits):
				t.Errorf("error = %v, want status %d after %d attempts", err, tt.wantStatus, tt.wantHits)
			}
			if n := len(hits); tt.minGap > 0 && n >= 2 {
				if gap := hits[n-1].at.Sub(hits[n-2].at); gap < tt.minGap {
					t.Errorf("retried after %v, want ≥ %v", gap, tt.minGap)
				}
			}
		})
	}
}

// truncated promises a body it does not send, then hangs up.
func truncated(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
	buf.Flush()
}

func TestNetworkErrorRetried(t *testing.T) {
	clk := newFakeClock()
	var mu sync.Mutex
	calls := 0
	s := newSite(t, clk.Now, status(http.StatusNotFound), func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			truncated(w, r)
			return
		}
		okPage(w, r)
	})
	res, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+"/p")
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 2 {
		t.Errorf("Attempts = %d, want 2", res.Attempts)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	clk := newFakeClock()
	s := newSite(t, clk.Now, status(http.StatusNotFound), func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release) // runs before the server's Close
	cfg := testConfig(clk)
	cfg.Timeout = 100 * time.Millisecond
	start := time.Now()
	_, err := mustClient(t, cfg).Get(t.Context(), s.URL+"/hang")
	if err == nil {
		t.Fatal("Get of a hanging server succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Get took %v, want about 3 × 100ms", d)
	}
	if n := len(s.hits("/hang")); n != DefaultMaxAttempts {
		t.Errorf("server saw %d attempts, want %d", n, DefaultMaxAttempts)
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{" 3 ", 3 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"99999999999999999999", 0, false},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		h := http.Header{"Retry-After": {tt.header}}
		got, ok := retryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	for n := 1; n <= 3; n++ {
		hi := retryBase << (n - 1)
		for range 100 {
			if d := backoff(n); d < hi/2 || d >= hi {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v)", n, d, hi/2, hi)
			}
		}
	}
}

// TestWaitsAreCapped: a host that asks for a longer wait than MaxWait
// (Crawl-delay, Retry-After), or a wait that would outlast the run's
// deadline, is reported as too slow at once, never waited for.
func TestWaitsAreCapped(t *testing.T) {
	t.Run("Retry-After an hour", func(t *testing.T) {
		clk := newFakeClock()
		s := newSite(t, clk.Now, status(http.StatusNotFound), script(clk, reply{status: 429, retryAfter: time.Hour}))
		_, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+"/p")
		if !errors.Is(err, ErrTooSlow) || len(s.hits("/p")) != 1 {
			t.Errorf("err = %v after %d requests; want ErrTooSlow after 1", err, len(s.hits("/p")))
		}
	})
	t.Run("Crawl-delay a day", func(t *testing.T) {
		clk := newFakeClock()
		s := newSite(t, clk.Now, robotsText("User-agent: *\nCrawl-delay: 86000\n"), okPage)
		start := clk.Now()
		_, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+"/p")
		if !errors.Is(err, ErrTooSlow) {
			t.Errorf("err = %v, want ErrTooSlow", err)
		}
		if waited := clk.Now().Sub(start); waited > MaxWait {
			t.Errorf("waited %s on the fake clock", waited)
		}
	})
	t.Run("retry past the deadline", func(t *testing.T) {
		clk := newFakeClock()
		s := newSite(t, clk.Now, status(http.StatusNotFound), script(clk, reply{status: 503, retryAfter: 30 * time.Second}, reply{status: 200}))
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		_, err := mustClient(t, testConfig(clk)).Get(ctx, s.URL+"/p")
		if !errors.Is(err, ErrTooSlow) || len(s.hits("/p")) != 1 {
			t.Errorf("err = %v after %d requests; want ErrTooSlow after 1", err, len(s.hits("/p")))
		}
	})
	for n := 1; n < 40; n++ {
		if d := backoff(n); d > MaxWait || d < 0 {
			t.Fatalf("backoff(%d) = %s", n, d)
		}
	}
}
