package render

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestStagedHead checks the head tags and language switch the generator
// puts before each page's body when it knows the site's languages.
func TestStagedHead(t *testing.T) {
	d := facetData()
	pages := &mapWriter{}
	langs := []Language{{Code: "en", Label: "English", Locale: "en"}, {Code: "fr", Label: "Français", Locale: "fr-FR"}}
	for _, lang := range []string{"en", "fr"} {
		if _, err := Stage(d, pages, Options{Lang: lang, FileLang: lang, Strings: os.DirFS("../../site/i18n"), BaseURL: "https://example.org/iw/",
			DefaultLang: "en", Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Languages: langs}); err != nil {
			t.Fatal(err)
		}
	}
	parts := func(p string) (fm, head, nav, body string) {
		t.Helper()
		s := string(pages.files["content/"+p])
		fm, rest, ok := strings.Cut(s, markHead)
		head, rest, ok2 := strings.Cut(rest, markNav)
		nav, body, ok3 := strings.Cut(rest, markBody)
		if !ok || !ok2 || !ok3 {
			t.Fatalf("%s lacks the head markers:\n%s", p, s)
		}
		return fm, head, nav, body
	}
	fm, head, nav, body := parts("techniques/T0049.fr.html")
	for _, want := range []string{`<link rel="alternate" hreflang="en" href="https://example.org/iw/techniques/t0049/">`,
		`<link rel="alternate" hreflang="fr" href="https://example.org/iw/fr/techniques/t0049/">`,
		`<meta property="og:url" content="https://example.org/iw/fr/techniques/t0049/">`, `<meta property="og:locale" content="fr_FR">`,
		`<meta property="og:type" content="article">`, `<link rel="alternate" type="application/atom+xml" href="atom.xml"`} {
		if !strings.Contains(head, want) {
			t.Errorf("technique head lacks %s:\n%s", want, head)
		}
	}
	if nav != "\n"+`<li><a href="/iw/techniques/t0049/" hreflang="en" lang="en" rel="alternate">English</a></li>` {
		t.Errorf("French technique language switch = %q", nav)
	}
	if !strings.Contains(fm, `"kind":"technique"`) || strings.Contains(body, markBody) {
		t.Errorf("front matter %q / body %q", fm, body)
	}
	// A campaign: its title escaped, its citation tags and JSON-LD in the
	// head, no longer in the front matter.
	fm, head, _, _ = parts("campaigns/big.en.html")
	if !strings.Contains(head, `<meta property="og:title" content="BIG &lt;script&gt;alert(1)&lt;/script&gt;">`) ||
		strings.Contains(head, "<script>alert") {
		t.Errorf("campaign title not escaped in the head:\n%s", head)
	}
	if !strings.Contains(head, `<meta name="DC.identifier" content="https://example.org/iw/campaigns/big/">`) ||
		!strings.Contains(head, `<script type="application/ld+json">`) || strings.Contains(fm, "jsonld") {
		t.Errorf("campaign head:\n%s\nfront matter: %s", head, fm)
	}
	// A list page is a website, at its folder.
	_, head, _, _ = parts("campaigns/_index.en.html")
	if !strings.Contains(head, `<meta property="og:type" content="website">`) || !strings.Contains(head, `href="https://example.org/iw/fr/campaigns/"`) {
		t.Errorf("list head:\n%s", head)
	}
}
