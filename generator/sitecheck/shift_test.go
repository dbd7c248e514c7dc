package sitecheck

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/publish"
)

// observeShifts is run in every page before its own scripts: it adds up
// the layout shifts not caused by the reader (CLS as browsers report it,
// over the whole visit) and names the elements that moved.
const observeShifts = `window.__cls = 0; window.__moved = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__cls += e.value;
    for (const s of e.sources || []) {
      const n = s.node;
      window.__moved.push(n ? n.nodeName.toLowerCase() + (n.className ? "." + String(n.className).split(" ")[0] : "") + (n.id ? "#" + n.id : "") : "?");
    }
  }
}).observe({ type: "layout-shift", buffered: true });`

// slowServer serves the built site with the scripts and the data they
// fetch held back, as on a slow phone network: what a script adds or
// changes then comes well after the first paint.
func slowServer(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	files := publish.Handler(dir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".json") || strings.HasPrefix(p, "/search/") && !strings.HasSuffix(p, "/") {
			time.Sleep(400 * time.Millisecond)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestExploreAndSearchDoNotShift loads the explore and search pages, with
// and without a selection or query in the address, at 390 and 1280 px,
// with their scripts and data arriving late, and fails when the layout
// shifts (cumulative layout shift over 0.01) before the reader does
// anything.
func TestExploreAndSearchDoNotShift(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	srv := slowServer(t, s.dir)
	b := mustBrowser(t)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observeShifts}); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ path, ready string }{
		{"/explore/", exploreReady}, {"/fr/explore/", exploreReady}, {"/explore/?target=FR&year=2024", exploreReady},
		{"/explore/?target=ZZ", exploreReady}, {"/search/", ""}, {"/search/?q=baku", searchReady}, {"/fr/search/?q=corse", searchReady},
	}
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+p.path)); err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			if p.ready != "" {
				if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](p.ready)); err != nil {
					t.Fatalf("%d px %s: the script did not finish: %v", width, p.path, err)
				}
			}
			time.Sleep(300 * time.Millisecond) // let the last frames paint and report
			got, err := chromedp.Run(b.ctx, chromedp.Evaluate[shifts](`({ cls: window.__cls, moved: window.__moved })`))
			if err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			t.Logf("%d px %s: layout shift %.4f", width, p.path, got.CLS)
			if got.CLS > 0.01 {
				slices.Sort(got.Moved)
				t.Errorf("%d px %s: layout shift %.3f; moved: %v", width, p.path, got.CLS, slices.Compact(got.Moved))
			}
		}
	}
	b.checkTraffic(t, srv.URL)
}

type shifts struct {
	CLS   float64  `json:"cls"`
	Moved []string `json:"moved"`
}

const (
	exploreReady = `!!document.querySelector(".explore-count")`
	searchReady  = `document.getElementById("search-results").getAttribute("aria-busy") === "false" && document.querySelectorAll("#search-results li").length > 0`
)

// facetCounts reads the number beside each value of the explore form, by
// facet and value id.
const facetCounts = `(() => {
  const out = {};
  for (const box of document.querySelectorAll(".explore-form input[type=checkbox]")) {
    const n = box.parentNode.querySelector(".n").textContent.replace(/[()]/g, "");
    (out[box.name] = out[box.name] || {})[box.value] = Number(n);
  }
  return out;
})()`

// TestExploreCountsFollowSelection ticks filters on the explore page and
// checks the number beside every value against the seed data, computed
// here in Go: for a value, the campaigns that have it and meet the
// choices made in every other filter (its own filter's choices are
// alternatives to it, so they do not count against it).
func TestExploreCountsFollowSelection(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+"/explore/")); err != nil {
		t.Fatal(err)
	}
	waitExplore(t, b)
	d, err := seedData()
	if err != nil {
		t.Fatal(err)
	}
	has := map[string]func(c *dataset.Campaign, v string) bool{
		"target":   targets,
		"platform": onPlatform,
		"year":     func(c *dataset.Campaign, v string) bool { var y int; fmt.Sscan(v, &y); return activeIn(c, y) },
	}
	check := func(step string, chosen map[string][]string) {
		t.Helper()
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[map[string]map[string]int](facetCounts))
		if err != nil {
			t.Fatal(err)
		}
		for facet, values := range map[string][]string{"target": {"FR", "DE", "US", "NC"}, "platform": {"facebook", "x", "telegram"}, "year": {"2024", "2019"}} {
			for _, v := range values {
				want := 0
				for _, c := range d.Campaigns {
					if !has[facet](c, v) {
						continue
					}
					ok := true
					for other, vs := range chosen {
						if other != facet && !slices.ContainsFunc(vs, func(x string) bool { return has[other](c, x) }) {
							ok = false
						}
					}
					if ok {
						want++
					}
				}
				if got[facet][v] != want {
					t.Errorf("%s: %s %s shows %d, want %d", step, facet, v, got[facet][v], want)
				}
			}
		}
	}
	check("no filter", nil)
	if err := chromedp.Do(b.ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll(".explore-form details").forEach(d => d.open = true)`),
		chromedp.Click(chromedp.CSS(`input[name="target"][value="FR"]`))); err != nil {
		t.Fatal(err)
	}
	check("France", map[string][]string{"target": {"FR"}})
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`input[name="platform"][value="facebook"]`))); err != nil {
		t.Fatal(err)
	}
	check("France and Facebook", map[string][]string{"target": {"FR"}, "platform": {"facebook"}})
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`input[name="target"][value="DE"]`))); err != nil {
		t.Fatal(err)
	}
	check("France or Germany, and Facebook", map[string][]string{"target": {"FR", "DE"}, "platform": {"facebook"}})
	b.checkTraffic(t, s.srv.URL)
}

// TestSearchSaysItIsLoading checks that the search page, asked a query
// while its index is still on its way, says so in its status line
// instead of showing an empty area, then shows the results.
func TestSearchSaysItIsLoading(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	srv := slowServer(t, s.dir)
	b := mustBrowser(t)
	for _, c := range []struct{ path, loading string }{
		{"/search/?q=baku", "Loading the search index…"}, {"/fr/search/?q=corse", "Chargement de l'index de recherche…"},
	} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(srv.URL+c.path)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("search-status").textContent === %q`, c.loading),
			chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("%s: the status line never said %q while the index loaded: %v", c.path, c.loading, err)
		}
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](searchReady)); err != nil {
			t.Fatalf("%s: no results: %v", c.path, err)
		}
	}
	b.checkTraffic(t, srv.URL)
}
