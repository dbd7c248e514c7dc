package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// staged splits a staged file into its front matter and body.
func staged(t *testing.T, data []byte) (FrontMatter, string) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	var fm FrontMatter
	if err := dec.Decode(&fm); err != nil {
		t.Fatalf("front matter: %v\n%s", err, data)
	}
	return fm, strings.TrimPrefix(string(data[dec.InputOffset():]), "\n")
}

// TestStagedHead checks the head tags and language switch every staged
// page carries in its front matter (FrontMatter.Params).
func TestStagedHead(t *testing.T) {
	pages, _ := stageBoth(t, facetData(), nil)
	fm, body := staged(t, pages.files["content/techniques/T0049.fr.html"])
	for _, want := range []string{`<link rel="alternate" hreflang="en" href="https://example.org/iw/techniques/t0049/">`,
		`<link rel="alternate" hreflang="fr" href="https://example.org/iw/fr/techniques/t0049/">`,
		`<meta property="og:url" content="https://example.org/iw/fr/techniques/t0049/">`, `<meta property="og:locale" content="fr_FR">`,
		`<meta property="og:type" content="article">`, `<link rel="alternate" type="application/atom+xml" href="atom.xml"`} {
		if !strings.Contains(fm.Params.Head, want) {
			t.Errorf("technique head lacks %s:\n%s", want, fm.Params.Head)
		}
	}
	if fm.Params.Languages != `<li><a href="/iw/techniques/t0049/" hreflang="en" lang="en" rel="alternate">English</a></li>` {
		t.Errorf("French technique language switch = %q", fm.Params.Languages)
	}
	if fm.Params.Kind != "technique" || strings.Contains(body, "<link") {
		t.Errorf("front matter %+v / body %q", fm, body)
	}
	// A campaign: its title escaped, its citation tags and JSON-LD in the
	// head.
	fm, _ = staged(t, pages.files["content/campaigns/big.en.html"])
	head := fm.Params.Head
	if !strings.Contains(head, `<meta property="og:title" content="BIG &lt;script&gt;alert(1)&lt;/script&gt;">`) ||
		strings.Contains(head, "<script>alert") {
		t.Errorf("campaign title not escaped in the head:\n%s", head)
	}
	if !strings.Contains(head, `<meta name="DC.identifier" content="https://example.org/iw/campaigns/big/">`) ||
		!strings.Contains(head, `<script type="application/ld+json">`) {
		t.Errorf("campaign head:\n%s", head)
	}
	// A list page is a website, at its folder.
	fm, _ = staged(t, pages.files["content/campaigns/_index.en.html"])
	if !strings.Contains(fm.Params.Head, `<meta property="og:type" content="website">`) || !strings.Contains(fm.Params.Head, `href="https://example.org/iw/fr/campaigns/"`) {
		t.Errorf("list head:\n%s", fm.Params.Head)
	}
}

// TestLanguagesRequired: staging without the site's languages fails (it
// used to stage pages without head tags, which the layouts could not
// build).
func TestLanguagesRequired(t *testing.T) {
	_, err := Stage(facetData(), &mapWriter{}, Options{Lang: "en", Strings: os.DirFS("../../site/i18n"), Now: time.Now()})
	if !errors.Is(err, ErrNoLanguages) {
		t.Errorf("err = %v, want ErrNoLanguages", err)
	}
}

// TestLayoutsReadFrontMatter keeps FrontMatter and site/layouts in step:
// the layouts read the params the generator writes, and no longer look
// for the comment markers of old.
func TestLayoutsReadFrontMatter(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile("../../site/layouts/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	base := read("baseof.html")
	for _, want := range []string{".Params.head", ".Params.languages"} {
		if !strings.Contains(base, want) {
			t.Errorf("baseof.html does not read %s", want)
		}
	}
	for _, name := range []string{"single.html", "section.html", "home.html"} {
		if !strings.Contains(read(name), "{{ if .Params.kind }}{{ .RawContent | safeHTML }}") {
			t.Errorf("%s does not print a generated body from the raw content", name)
		}
	}
	for _, name := range []string{"baseof.html", "single.html", "section.html", "home.html"} {
		if strings.Contains(read(name), "<!--iw:") {
			t.Errorf("%s still looks for comment markers", name)
		}
	}
	var fm map[string]any
	data, _ := json.Marshal(FrontMatter{Params: Params{Kind: "k", Head: "h", Languages: "l", ID: "i", Lang: "fr"}})
	_ = json.Unmarshal(data, &fm)
	params := fm["params"].(map[string]any)
	for _, k := range []string{"kind", "head", "languages", "id", "lang"} {
		if _, ok := params[k]; !ok {
			t.Errorf("FrontMatter has no params.%s", k)
		}
	}
}
