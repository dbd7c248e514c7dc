package sitecheck

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// matrixFit lists the tactics of the techniques matrix that do not lie
// wholly inside the viewport, and the elements around them that scroll
// sideways (a column reached only by scrolling is cut at the edge).
const matrixFit = `(() => {
  const vw = document.documentElement.clientWidth, out = [];
  const tactics = document.querySelectorAll(".tactic");
  if (tactics.length < 16) out.push("only " + tactics.length + " tactics");
  for (const t of tactics) {
    const r = t.getBoundingClientRect();
    if (r.left < 0 || r.right > vw + 1) out.push(t.querySelector("h2, h3").textContent + " spans " + Math.round(r.left) + "–" + Math.round(r.right) + " of " + vw);
    for (let p = t.parentElement; p; p = p.parentElement) {
      if (p.scrollWidth > p.clientWidth + 1 && getComputedStyle(p).overflowX !== "visible") { out.push(p.className + " scrolls sideways"); break; }
    }
  }
  return [...new Set(out)].slice(0, 5);
})()`

// TestMatrixFitsPhoneAndDesktop checks, in both languages, that every
// tactic of the techniques matrix is wholly visible at 1280 px and at a
// 390 px phone width, with no sideways scrolling.
func TestMatrixFitsPhoneAndDesktop(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustBrowser(t)
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/techniques/", "/fr/techniques/"} {
			if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+p)); err != nil {
				t.Fatal(err)
			}
			bad, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](matrixFit))
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 {
				t.Errorf("%d px %s: %v", width, p, bad)
			}
		}
	}
}
