package schedule

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// mustStart runs s on a loopback port and returns its URL and a function
// that cancels the run and returns Run's error.
func mustStart(t *testing.T, s *Scheduler) (string, func() error) {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, ln) }()
	stop := func() error {
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("Run did not return after the context ended")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return "http://" + ln.Addr().String(), stop
}

// waitFor polls cond every 20 ms for up to 15 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func healthy(url string) bool {
	res, err := http.Get(url + "/healthz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// TestRunSkipsOverlapsAndShutsDownGracefully runs every second with a
// scrape that blocks until the context ends: the first run (build only)
// brings the site up, later ticks find the blocked run and are skipped,
// and cancelling the context ends the run and the server cleanly.
func TestRunSkipsOverlapsAndShutsDownGracefully(t *testing.T) {
	cfg, logs := mustConfig(t)
	cfg.Spec, cfg.Seconds = "* * * * * *", true
	var scrapes atomic.Int32
	cfg.Scrape = func(ctx context.Context) error {
		scrapes.Add(1)
		<-ctx.Done()
		return ctx.Err()
	}
	s := mustNew(t, cfg)
	url, stop := mustStart(t, s)
	waitFor(t, "a good build", func() bool { return healthy(url) })
	assertGet(t, url+"/campaigns/op/", http.StatusOK, "Operation")
	assertGet(t, url+"/_status", http.StatusOK, "(no scrape)")
	waitFor(t, "a scheduled scrape", func() bool { return scrapes.Load() == 1 })
	waitFor(t, "a skipped run", func() bool { return strings.Contains(logs.String(), "run skipped") })
	if n := scrapes.Load(); n != 1 {
		t.Errorf("%d scrapes overlapped, want 1", n)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second); err == nil {
		t.Error("still listening after shutdown")
	}
	if left := leftIn(cfg.StateDir); len(left) != 0 {
		t.Errorf("state folder not cleaned up: %v", left)
	}
	for _, want := range []string{"scrape: context canceled", "stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// TestRunRecoversFromPanic checks that a panicking run is logged, shown
// as failed, and does not stop later runs.
func TestRunRecoversFromPanic(t *testing.T) {
	cfg, logs := mustConfig(t)
	cfg.Spec, cfg.Seconds = "* * * * * *", true
	var scrapes atomic.Int32
	cfg.Scrape = func(context.Context) error {
		scrapes.Add(1)
		panic("scraper bug")
	}
	s := mustNew(t, cfg)
	url, stop := mustStart(t, s)
	waitFor(t, "two scheduled runs", func() bool { return scrapes.Load() >= 2 })
	if err := s.Status().Last.Err; err == nil || !strings.Contains(err.Error(), "panic: scraper bug") {
		t.Errorf("last run error = %v, want the panic", err)
	}
	waitFor(t, "a good build", func() bool { return healthy(url) })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.Contains(logs.String(), "cron: panic") {
		t.Error("panic not logged by cron.Recover")
	}
}

func TestRunReportsServeError(t *testing.T) {
	cfg, _ := mustConfig(t)
	s := mustNew(t, cfg)
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close() // Serve fails at once
	if err := s.Run(context.Background(), ln); err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the listener's error", err)
	}
}
