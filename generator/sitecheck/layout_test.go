package sitecheck

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// overflowJS lists the elements that stick out of the viewport to the
// right, outside any scroll container (an element that scrolls on its
// own, such as a wide table's wrapper, may hold wider content).
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth, out = [];
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 && !scrolls(el)) out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + " right " + Math.round(r.right) + " > " + vw);
  }
  return out.slice(0, 5);
})()`

// TestNothingOverflowsOnPhoneOrDesktop loads a page of every kind at a
// 390 px phone width and at 1280 px, and fails when an element sticks out
// of the viewport outside a scroll container: content clipped, or a page
// a reader must scroll sideways.
func TestNothingOverflowsOnPhoneOrDesktop(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustBrowser(t)
	pages := []string{"/", "/campaigns/", "/campaigns/big-french-overseas-territories/", "/fr/campaigns/big-french-overseas-territories/",
		"/campaigns/rrn-doppelganger/", "/indicators/rrn-doppelganger/", "/techniques/", "/techniques/t0049/", "/places/", "/places/fr/",
		"/actors/", "/actors/baku-initiative-group/", "/organizations/", "/organizations/viginum/", "/sources/",
		"/sources/reuters-2024-azerbaijan-new-caledonia/", "/explore/", "/search/", "/changes/", "/data/", "/methodology/", "/about/", "/fr/"}
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+p)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			bad, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](overflowJS))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if len(bad) > 0 {
				t.Errorf("%d px %s: %v", width, p, bad)
			}
		}
	}
}
