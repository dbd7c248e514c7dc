// Package scrapebench measures how close a scrape run comes to the
// politeness bound: 200 publishers spread over 20 local hosts, each host
// answering every request after 50 ms.
//
//	go test ./bench/scrape -run x -bench . -benchtime 1x
//
// The fetch client makes one request at a time per host and starts them at
// least MinDelay apart, so one host's n requests cannot take less than
// (n−1)×max(delay, latency) + latency. The metrics:
//
//   - ratio: wall time ÷ (max over hosts of requests × delay), the bound
//     the issue names (target ≤ 1.3);
//   - ratio-floor: wall time ÷ the least time the politeness rules allow;
//     1.0 means no time is lost elsewhere.
package scrapebench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fetch"
	"github.com/interference-watch/portal/generator/scrape"
)

const (
	hosts      = 20
	publishers = 200
	latency    = 50 * time.Millisecond
	itemsEach  = 2
)

// host is one fake publisher host and how many requests it answered.
type host struct {
	srv      *httptest.Server
	requests atomic.Int64
}

func newHost(b *testing.B, n int) *host {
	h := &host{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		time.Sleep(latency)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel>`)
		for i := range itemsEach {
			fmt.Fprintf(w, `<item><title>Influence operation %d on host %d %s</title><link>https://bench.example/h%d%s/%d</link>`+
				`<pubDate>Mon, 02 Dec 2024 10:00:00 GMT</pubDate><description>A report.</description></item>`,
				i, n, r.URL.Path, n, r.URL.Path, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	b.Cleanup(h.srv.Close)
	return h
}

// writeProject writes a project whose publishers are spread round-robin
// over the hosts.
func writeProject(b *testing.B, hs []*host) string {
	b.Helper()
	root := b.TempDir()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range []string{"organizations", "publishers", "sources"} {
		must(os.MkdirAll(filepath.Join(root, "data", d), 0o755))
	}
	must(os.WriteFile(filepath.Join(root, "data", "organizations", "lab.yaml"), []byte("name: Lab\nkind: research\n"), 0o644))
	for i := range publishers {
		def := fmt.Sprintf("name: P%d\norganization: lab\nurl: %s/feed-%d.xml\nkind: rss\nlanguage: en\nmin_items: 1\nmax_items: 10\nchecked: false\n",
			i, hs[i%hosts].srv.URL, i)
		must(os.WriteFile(filepath.Join(root, "data", "publishers", fmt.Sprintf("p%03d.yaml", i)), []byte(def), 0o644))
	}
	return root
}

func BenchmarkScrapePoliteness(b *testing.B) {
	for _, delay := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond} {
		b.Run("delay="+delay.String(), func(b *testing.B) { benchPoliteness(b, delay) })
	}
}

func benchPoliteness(b *testing.B, delay time.Duration) {
	hs := make([]*host, hosts)
	for i := range hs {
		hs[i] = newHost(b, i)
	}
	var wall time.Duration
	var perHost int64
	for range b.N {
		b.StopTimer()
		root := writeProject(b, hs)
		for _, h := range hs {
			h.requests.Store(0)
		}
		cfg := scrape.Config{Root: root, Fetch: fetch.Config{Version: "bench", SiteURL: "https://watch.example/",
			AllowLoopback: true, MinDelay: delay, MaxAttempts: 1}}
		b.StartTimer()
		start := time.Now()
		rep, err := scrape.Run(context.Background(), cfg)
		wall += time.Since(start)
		b.StopTimer()
		if err != nil || len(rep.Failed()) > 0 || rep.NewCount() != publishers*itemsEach {
			b.Fatalf("run: %v, %d failed, %d new", err, len(rep.Failed()), rep.NewCount())
		}
		perHost = maxRequests(hs)
	}
	mean := wall / time.Duration(b.N)
	bound := time.Duration(perHost) * delay
	floor := time.Duration(perHost-1)*max(delay, latency) + latency
	b.ReportMetric(mean.Seconds(), "s/run")
	b.ReportMetric(float64(perHost), "requests/host")
	b.ReportMetric(mean.Seconds()/bound.Seconds(), "ratio")
	b.ReportMetric(mean.Seconds()/floor.Seconds(), "ratio-floor")
}

func maxRequests(hs []*host) int64 {
	var m int64
	for _, h := range hs {
		m = max(m, h.requests.Load())
	}
	return m
}
