package page

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

func TestFormatDate(t *testing.T) {
	tests := []struct{ in, lang, want string }{
		{"2024", "en", "2024"},
		{"2023-07", "en", "July 2023"},
		{"2024-12-02", "en", "2 December 2024"},
		{"2023-07", "fr", "juillet 2023"},
		{"2024-12-01", "fr", "1er décembre 2024"},
		{"2024-12-02", "fr", "2 décembre 2024"},
		{"2024-12-02", "xx", "2 December 2024"},
	}
	for _, tt := range tests {
		if got := FormatDate(dataset.MustDate(tt.in), tt.lang); got != tt.want {
			t.Errorf("FormatDate(%s, %s) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	got := Describe("A *short* paragraph [@a; @b].\n\nSecond paragraph.")
	if got != "A short paragraph." {
		t.Errorf("Describe = %q", got)
	}
	long := Describe(strings.Repeat("word ", 100) + "[@a]")
	if r := []rune(long); len(r) > 160 || !strings.HasSuffix(long, "…") {
		t.Errorf("long description = %q (%d runes)", long, len(r))
	}
}

func TestSiteURLs(t *testing.T) {
	tests := []struct{ base, lang, root, permalink string }{
		{"http://127.0.0.1:1313/", "en", "/", "http://127.0.0.1:1313/campaigns/op/"},
		{"http://127.0.0.1:1313/", "fr", "/fr/", "http://127.0.0.1:1313/fr/campaigns/op/"},
		{"https://example.github.io/portal", "en", "/portal/", "https://example.github.io/portal/campaigns/op/"},
		{"https://example.github.io/portal/", "fr", "/portal/fr/", "https://example.github.io/portal/fr/campaigns/op/"},
	}
	for _, tt := range tests {
		s := Site{BaseURL: tt.base, DefaultLang: "en"}
		if got := s.Root(tt.lang); got != tt.root {
			t.Errorf("Root(%q, %q) = %q, want %q", tt.base, tt.lang, got, tt.root)
		}
		p := RecordPath(dataset.KindCampaign, "Op")
		if got := s.Permalink(tt.lang, p); got != tt.permalink {
			t.Errorf("Permalink(%q, %q) = %q, want %q", tt.base, tt.lang, got, tt.permalink)
		}
		if got := s.RecordURLs()(tt.lang, dataset.KindCampaign, "Op"); got != tt.root+"campaigns/op/" {
			t.Errorf("RecordURLs(%q, %q) = %q", tt.base, tt.lang, got)
		}
	}
	for rel, want := range map[string]string{"campaigns/Op.html": "campaigns/op/", "_index.html": "", "explore/_index.html": "explore/", "changes.html": "changes/"} {
		if got := StagedPath(rel); got != want {
			t.Errorf("StagedPath(%q) = %q, want %q", rel, got, want)
		}
	}
}

func TestCitationFormats(t *testing.T) {
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	w := citeWork{ID: "campaign-op", Title: "Op {50%} & co_\nnext", URL: "https://x.example/campaigns/op/", Lang: "en",
		Updated: day, Accessed: day, Site: "Interference Watch"}
	if b := bibtex(w); !strings.Contains(b, `title = {Op \{50\%\} \& co\_ next}`) || !strings.HasPrefix(b, "@misc{iw-campaign-op-en,") ||
		!strings.Contains(b, "month = {11}") || !strings.Contains(b, `howpublished = {\url{https://x.example/campaigns/op/}}`) {
		t.Errorf("bibtex not escaped, folded or dated as classic BibTeX reads it:\n%s", b)
	}
	if b := biblatex(w); !strings.HasPrefix(b, "@online{iw-campaign-op-en,") || !strings.Contains(b, "date = {2026-11-28}") ||
		strings.Contains(b, "month") || !strings.Contains(b, "langid = {english}") {
		t.Errorf("biblatex entry:\n%s", b)
	}
	if fr := w; true {
		fr.Lang = "fr"
		if bibKey(fr) == bibKey(w) {
			t.Error("the English and French pages share a BibTeX key")
		}
	}
	r := ris(w)
	if !strings.Contains(r, "TI  - Op {50%} & co_ next\n") || !strings.HasSuffix(r, "ER  - ") {
		t.Errorf("ris line breaks not folded:\n%s", r)
	}
	var csl []map[string]any
	if err := json.Unmarshal([]byte(cslJSON(w)), &csl); err != nil || csl[0]["URL"] != w.URL || csl[0]["type"] != "webpage" {
		t.Errorf("csl-json = %v (%v)", csl, err)
	}
	if a := apa(w); !strings.Contains(a, "(2026, November 28)") || !strings.HasSuffix(a, w.URL) {
		t.Errorf("apa = %q", a)
	}
	// A title that ends a sentence takes no full stop after it, as in
	// citeproc's output with the official styles and en-US.
	w.Title = "Who lies?"
	for _, f := range []struct{ got, want string }{
		{apa(w), "Interference Watch. (2026, November 28). Who lies? Interference Watch. https://x.example/campaigns/op/"},
		{mla(w), "Interference Watch. “Who Lies?” Interference Watch, 28 Nov. 2026, https://x.example/campaigns/op/."},
		{chicago(w), "Interference Watch. 2026. “Who Lies?” Interference Watch, November 28. https://x.example/campaigns/op/."},
	} {
		if f.got != f.want {
			t.Errorf("got  %q\nwant %q", f.got, f.want)
		}
	}
}

// TestTitleCase: English titles are title-cased as citeproc does for MLA
// and Chicago (the .ci/run check compares every page with citeproc).
func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{
		"Baku Initiative Group operation against French overseas territories": "Baku Initiative Group Operation against French Overseas Territories",
		"China-based network on COVID-19 origins":                             "China-Based Network on COVID-19 Origins",
		"Iranian hack-and-leak operation against the 2024 Trump campaign":     "Iranian Hack-and-Leak Operation against the 2024 Trump Campaign",
		"GRU-linked fake accounts":                                            "GRU-Linked Fake Accounts",
		"MacronLeaks: hack and leak":                                          "MacronLeaks: Hack and Leak",
	} {
		if got := titleCase(in, "en"); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
	if got := titleCase("Opération du Baku Initiative Group", "fr"); got != "Opération du Baku Initiative Group" {
		t.Errorf("a French title was changed: %q", got)
	}
	if got := typographic(`China-based 'Wilson Edwards' network and Russia's "war"`); got != "China-based “Wilson Edwards” network and Russia’s “war”" {
		t.Errorf("typographic = %q", got)
	}
}

// TestFrenchCitations: French APA, MLA and Chicago texts are what
// citeproc (citation-js 0.7.21 with the official styles and the fr-FR
// locale) printed for the same CSL-JSON; .ci/check-citations.mjs compares
// every French page with citeproc itself.
func TestFrenchCitations(t *testing.T) {
	w := citeWork{ID: "campaign-op", URL: "https://e.org/fr/x/", Lang: "fr", Site: "Interference Watch",
		Updated: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Accessed: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	const nb, nn = "\u00a0", "\u202f"
	for _, tt := range []struct{ title, apa, mla, chicago string }{
		{`Opération "X" : test ; oui ? non ! l'État "a" et 'b'`,
			"Interference Watch. (2025, janvier 1). Opération «" + nb + "X" + nb + "»" + nn + ": test" + nn + "; oui" + nn + "? non" + nn + "! l’État «" + nb + "a" + nb + "» et “b”. Interference Watch. https://e.org/fr/x/",
			"Interference Watch. «" + nb + "Opération “X”" + nn + ": test" + nn + "; oui" + nn + "? non" + nn + "! l’État “a” et “b”" + nb + "». Interference Watch, 1 janvier 2025, https://e.org/fr/x/.",
			"Interference Watch. 2025. «" + nb + "Opération “X”" + nn + ": test" + nn + "; oui" + nn + "? non" + nn + "! l’État “a” et “b”" + nb + "». Interference Watch, janvier 1. https://e.org/fr/x/."},
		{"Qui ment ?",
			"Interference Watch. (2025, janvier 1). Qui ment" + nn + "? Interference Watch. https://e.org/fr/x/",
			"Interference Watch. «" + nb + "Qui ment" + nn + "?" + nb + "» Interference Watch, 1 janvier 2025, https://e.org/fr/x/.",
			"Interference Watch. 2025. «" + nb + "Qui ment" + nn + "?" + nb + "» Interference Watch, janvier 1. https://e.org/fr/x/."},
		{"a: b « e » f",
			"Interference Watch. (2025, janvier 1). a: b «" + nn + "e" + nn + "» f. Interference Watch. https://e.org/fr/x/",
			"Interference Watch. «" + nb + "a: b «" + nn + "e" + nn + "» f" + nb + "». Interference Watch, 1 janvier 2025, https://e.org/fr/x/.",
			"Interference Watch. 2025. «" + nb + "a: b «" + nn + "e" + nn + "» f" + nb + "». Interference Watch, janvier 1. https://e.org/fr/x/."},
	} {
		w.Title = tt.title
		for _, f := range []struct{ name, got, want string }{{"APA", apa(w), tt.apa}, {"MLA", mla(w), tt.mla}, {"Chicago", chicago(w), tt.chicago}} {
			if f.got != f.want {
				t.Errorf("%s of %q:\n got  %q\n want %q", f.name, tt.title, f.got, f.want)
			}
		}
	}
	w.Title, w.Updated = "Essai", time.Date(2025, 8, 3, 0, 0, 0, 0, time.UTC)
	if got := mla(w); !strings.Contains(got, ", 3 août 2025, ") {
		t.Errorf("MLA date: %q", got)
	}
}
