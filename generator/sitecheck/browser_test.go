package sitecheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser is one headless chromium for a test, recording every request
// and every console error of the pages it loads.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex // guards requests and errors
	requests []string
	errors   []string
}

func chromiumPath() (string, error) {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return exec.LookPath("chromium")
}

// mustBrowser starts chromium with the flags this machine needs: no
// sandbox as root, and no background networking (which would try to
// reach Google).
func mustBrowser(t *testing.T) *browser {
	t.Helper()
	path, err := chromiumPath()
	needTool(t, "chromium", err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{ctx: ctx}
	listen := func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			b.errors = append(b.errors, e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				b.errors = append(b.errors, "console.error")
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	// axe-core is injected through DevTools; the pages' own policy allows
	// no script, which is the point, so the test browser bypasses it.
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	return b
}

// checkTraffic fails on any request that left the loopback server or any
// console error.
func (b *browser) checkTraffic(t *testing.T, base string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && !strings.HasPrefix(r, base)) {
			t.Errorf("request left the site: %s", r)
		}
	}
	for _, e := range b.errors {
		t.Errorf("console error: %s", e)
	}
}

func TestPagesRenderAndStayLocal(t *testing.T) {
	s := mustSite(t, "fixture", filepath.Join("testdata", "data"))
	b := mustBrowser(t)
	for _, p := range []string{"/", "/campaigns/", "/campaigns/op/", "/campaigns/sorted/name/", "/techniques/", "/places/",
		"/places/nc/", "/sources/report/", "/actors/group/", "/organizations/agency/", "/about/", "/methodology/",
		"/changes/", "/data/", "/fr/", "/fr/campaigns/op/", "/no-such-page/"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		h1, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("h1") ? document.querySelector("h1").textContent : ""`))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if strings.TrimSpace(h1) == "" {
			t.Errorf("%s: empty h1", p)
		}
	}
	b.checkTraffic(t, s.srv.URL)
}

// TestCitationMarkersLandOnReferences clicks every citation marker of a
// campaign page and checks it lands on its reference, and that the
// reference's first back link returns to a marker.
func TestCitationMarkersLandOnReferences(t *testing.T) {
	s := mustSite(t, "fixture", filepath.Join("testdata", "data"))
	b := mustBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+"/campaigns/op/")); err != nil {
		t.Fatal(err)
	}
	ids, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("sup.cite a")].map(a => a.id)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 5 {
		t.Fatalf("only %d markers on the page", len(ids))
	}
	for _, id := range ids {
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS("#"+id))); err != nil {
			t.Fatalf("click %s: %v", id, err)
		}
		target, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const t = document.querySelector(":target"); return t ? t.id + "|" + (t.closest(".references") ? "ref" : "") : ""; })()`))
		if err != nil {
			t.Fatal(err)
		}
		num := strings.Split(strings.TrimPrefix(id, "cite-"), "-")[0]
		if target != "ref-"+num+"|ref" {
			t.Errorf("marker %s landed on %q, want ref-%s in the reference list", id, target, num)
		}
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="#%s"]`, id)))); err != nil {
			t.Fatalf("back link to %s: %v", id, err)
		}
		back, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector(":target") ? document.querySelector(":target").id : ""`))
		if err != nil {
			t.Fatal(err)
		}
		if back != id {
			t.Errorf("back link of %s landed on %q", id, back)
		}
	}
	b.checkTraffic(t, s.srv.URL)
}

// TestLanguageSwitchKeepsRecord follows the language switch both ways.
func TestLanguageSwitchKeepsRecord(t *testing.T) {
	s := mustSite(t, "fixture", filepath.Join("testdata", "data"))
	b := mustBrowser(t)
	for _, c := range []struct{ from, want, lang string }{
		{"/campaigns/op/", "/fr/campaigns/op/", "fr"},
		{"/fr/campaigns/op/", "/campaigns/op/", "en"},
		{"/sources/report/", "/fr/sources/report/", "fr"},
	} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+c.from)); err != nil {
			t.Fatalf("%s: %v", c.from, err)
		}
		if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(`nav.languages a[hreflang="`+c.lang+`"]`))); err != nil {
			t.Fatalf("%s: switch: %v", c.from, err)
		}
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		htmlLang, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		if err != nil {
			t.Fatal(err)
		}
		if loc != s.srv.URL+c.want || htmlLang != c.lang {
			t.Errorf("switch from %s: at %s (lang %q), want %s (%s)", c.from, loc, htmlLang, c.want, c.lang)
		}
	}
	b.checkTraffic(t, s.srv.URL)
}

// axeResult is the part of axe-core's results the test reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeSource reads axe-core, installed by .ci/run.
func axeSource(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "node_modules", "axe-core", "axe.min.js"))
	needTool(t, "axe-core (npm ci --prefix .ci)", err)
	return src
}

// checkAxe runs axe-core's WCAG 2.0–2.2 A and AA rules on the page the
// browser shows, named page in failures, and fails on every violation.
func (b *browser) checkAxe(t *testing.T, axe []byte, page string) {
	t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](string(axe)+
		`; axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => JSON.stringify(r))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe output: %v", page, err)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		t.Errorf("%s: %s (%s): %s at %s", page, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
	}
}

// TestAccessibility runs axe-core (WCAG 2.2 A and AA rules) on the seed
// site's home, BIG campaign page, campaigns list, techniques matrix, a
// place page, a source page and the explore pages, in English and French.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustBrowser(t)
	for _, p := range []string{"/", "/campaigns/big-french-overseas-territories/", "/campaigns/", "/techniques/", "/places/nc/",
		"/fr/", "/fr/campaigns/big-french-overseas-territories/", "/sources/vie-publique-2024-big-azerbaidjan/",
		"/explore/?target=FR", "/fr/explore/?year=2024", "/explore/platform/telegram/"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if strings.Contains(p, "?") { // the explore filters, once the script has drawn them
			if err := chromedp.Do(b.ctx, chromedp.WaitVisible(chromedp.CSS(".explore-count"))); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
		}
		b.checkAxe(t, axe, p)
	}
}
