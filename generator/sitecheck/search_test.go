package sitecheck

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/interference-watch/portal/generator/search"
)

const bigCampaign = "big-french-overseas-territories"

// searchState is what the search page shows.
type searchState struct {
	Status   string     `json:"status"`
	Hrefs    []string   `json:"hrefs"`
	Marks    [][]string `json:"marks"` // the <mark> texts of each result
	Kinds    []string   `json:"kinds"`
	Tags     []string   `json:"tags"` // every element type inside the results
	Query    string     `json:"query"`
	Input    string     `json:"input"`
	Fallback bool       `json:"fallback"` // the "needs JavaScript" links show
	Injected bool       `json:"injected"`
}

const readSearch = `(() => {
  const r = document.getElementById("search-results");
  return {
    status: document.getElementById("search-status").textContent,
    hrefs: [...r.querySelectorAll("li h2 a")].map(a => a.getAttribute("href")),
    marks: [...r.querySelectorAll("li")].map(li => [...li.querySelectorAll("mark")].map(m => m.textContent)),
    kinds: [...r.querySelectorAll(".search-kind")].map(k => k.textContent),
    tags: [...new Set([...r.querySelectorAll("*")].map(e => e.tagName.toLowerCase()))].sort(),
    query: new URLSearchParams(location.search).get("q") || "",
    input: document.getElementById("search-q").value,
    fallback: !document.getElementById("search-fallback").hidden,
    injected: window.injected !== undefined || document.querySelectorAll("main script, main img, main iframe").length > 0,
  };
})()`

// waitSearch waits until the page has shown the answer to the last query
// and reads it.
func waitSearch(t *testing.T, b *browser) searchState {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.getElementById("search-results").getAttribute("aria-busy") === "false"`)); err != nil {
		t.Fatalf("search did not finish: %v", err)
	}
	st, err := chromedp.Run(b.ctx, chromedp.Evaluate[searchState](readSearch))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// mustSearchBrowser is a browser that enforces the pages' CSP, so the
// test checks that the policy lets the search script and its fetches run.
func mustSearchBrowser(t *testing.T) *browser {
	t.Helper()
	b := mustBrowser(t)
	if _, err := chromedp.Call(b.ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: false}); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSearchFindsBothLanguages opens the search page with ?q= in English
// and French: accents, case and hyphens do not matter, a French word
// finds a record from the English pages, the results link to the page's
// language and mark the words found, and the page shows exactly what the
// Go implementation of the same algorithm finds, in the same order.
func TestSearchFindsBothLanguages(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	ix, err := search.Open(os.DirFS(filepath.Join(s.dir, "search")))
	if err != nil {
		t.Fatal(err)
	}
	b := mustSearchBrowser(t)
	for _, c := range []struct{ lang, q, mark string }{
		{"fr", "Bakou", "Bakou"},
		{"en", "Bakou", "Bakou"},
		{"en", "Baku", "Baku"},
		{"fr", "baku", "Baku"},
		{"fr", "Nouvelle-Calédonie", "Calédonie"},
		{"en", "nouvelle caledonie", "Calédonie"},
		{"en", "NOUVELLE CALEDONIE", "Nouvelle"},
		{"en", "new caledonia", "Caledonia"},
	} {
		prefix := map[string]string{"en": "/", "fr": "/fr/"}[c.lang]
		if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+prefix+"search/?q="+url.QueryEscape(c.q))); err != nil {
			t.Fatal(err)
		}
		st := waitSearch(t, b)
		i := slices.Index(st.Hrefs, prefix+"campaigns/"+bigCampaign+"/")
		if i < 0 {
			t.Errorf("%s %q: no link to BIG in %v (%q)", c.lang, c.q, st.Hrefs, st.Status)
			continue
		}
		if !slices.Contains(st.Marks[i], c.mark) {
			t.Errorf("%s %q: BIG's result marks %q, want %q among them", c.lang, c.q, st.Marks[i], c.mark)
		}
		if st.Input != c.q || st.Fallback || !slices.Contains([]string{"Campaign", "Campagne"}, st.Kinds[i]) {
			t.Errorf("%s %q: input %q, fallback shown %v, kind %q", c.lang, c.q, st.Input, st.Fallback, st.Kinds[i])
		}
		a, err := ix.Search(c.q, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, r := range a.Page {
			want = append(want, strings.TrimPrefix(r.URL, s.srv.URL))
		}
		if !slices.Equal(st.Hrefs, want) {
			t.Errorf("%s %q: the page shows\n%v\nGo's Index.Search finds\n%v", c.lang, c.q, st.Hrefs, want)
		}
	}
	b.checkTraffic(t, s.srv.URL)
}

// TestSearchHostileInput types queries with HTML and regular-expression
// characters: nothing is injected, no error is thrown, and the page says
// there is no result or finds the literal words. The query follows into
// the address as it is typed; an empty query shows nothing.
func TestSearchHostileInput(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustSearchBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+"/search/"), chromedp.WaitVisible(chromedp.CSS("#search-q"))); err != nil {
		t.Fatal(err)
	}
	none := "No results. Check the spelling, or try fewer or other words."
	for _, c := range []struct {
		q, status, first string
	}{
		{`<script>window.injected=1</script>`, none, ""},
		{`<img src=x onerror="window.injected=1">`, none, ""},
		{`.*(`, none, ""},
		{`[`, none, ""},
		{`Spamouflage (DRAGONBRIDGE) .*`, "", "/campaigns/spamouflage/"},
		{`storm-1516`, "", "/campaigns/storm-1516/"},
		{`<Doppelgänger>`, "", "/campaigns/rrn-doppelganger/"},
	} {
		if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#search-q"), c.q)); err != nil {
			t.Fatal(err)
		}
		st := waitSearch(t, b)
		if st.Injected || st.Query != c.q || st.Input != c.q {
			t.Errorf("%q: injected %v, address has %q, input %q", c.q, st.Injected, st.Query, st.Input)
		}
		if c.status != "" && st.Status != c.status {
			t.Errorf("%q: status %q, want %q", c.q, st.Status, c.status)
		}
		if c.first != "" && (len(st.Hrefs) == 0 || st.Hrefs[0] != c.first) {
			t.Errorf("%q: results %v, want %s first", c.q, st.Hrefs, c.first)
		}
		for _, tag := range st.Tags {
			if !slices.Contains([]string{"li", "h2", "a", "p", "mark"}, tag) {
				t.Errorf("%q: unexpected <%s> in the results", c.q, tag)
			}
		}
	}
	// Clearing the box shows nothing and drops the query from the address.
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = "x"`),
		chromedp.SendKeys(chromedp.CSS("#search-q"), "\b")); err != nil {
		t.Fatal(err)
	}
	if st := waitSearch(t, b); st.Status != "" || len(st.Hrefs) != 0 || st.Query != "" {
		t.Errorf("empty query: status %q, results %v, address query %q", st.Status, st.Hrefs, st.Query)
	}
	b.checkTraffic(t, s.srv.URL)
}

// TestSearchWithoutScript checks the page as served: it says search needs
// JavaScript and links to the lists, and loads one script file, no
// inline script.
func TestSearchWithoutScript(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	for _, c := range []struct{ path, says string }{
		{"/search/", "Search needs JavaScript"},
		{"/fr/search/", "La recherche a besoin de JavaScript"},
	} {
		resp, err := http.Get(s.srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		html := string(body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(html, c.says) {
			t.Errorf("%s: %s, says %q: %v", c.path, resp.Status, c.says, strings.Contains(html, c.says))
		}
		root := strings.TrimSuffix(c.path, "search/")
		for _, list := range []string{"campaigns", "actors", "organizations", "sources"} {
			if !strings.Contains(html, fmt.Sprintf(`href="%s%s/"`, root, list)) {
				t.Errorf("%s: no link to %s%s/", c.path, root, list)
			}
		}
		if strings.Count(html, "<script") != 1 || !strings.Contains(html, `<script src="/js/search.`) {
			t.Errorf("%s: want one external search script, got %d script tags", c.path, strings.Count(html, "<script"))
		}
	}
}

// TestSearchAccessibility runs axe-core on the search page showing
// results, in both languages.
func TestSearchAccessibility(t *testing.T) {
	axe := axeSource(t)
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustBrowser(t)
	for _, p := range []string{"/search/?q=Bakou", "/fr/search/?q=nouvelle+caledonie"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+p)); err != nil {
			t.Fatal(err)
		}
		if st := waitSearch(t, b); len(st.Hrefs) == 0 {
			t.Fatalf("%s: no results to check", p)
		}
		b.checkAxe(t, axe, p)
	}
	b.checkTraffic(t, s.srv.URL)
}
