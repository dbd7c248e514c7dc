package render

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/history"
)

// TestCitationMetadata checks what reference managers read of record
// pages (page.Citation): Dublin Core and a COinS span, no Highwire
// citation_* tag (Zotero took a citation_title for a journal article) and
// no DC.creator (Zotero split the portal into "Watch, Interference"); the
// record's last change as date; a source page titled as the record of
// the document, not as the document. .ci/check-zotero.mjs runs Zotero's
// own translators on the same markup.
func TestCitationMetadata(t *testing.T) {
	log := history.FromChanges([]history.Change{
		{Commit: "b", Date: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC), Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("M")},
		{Commit: "a", Date: time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC), Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("A")},
	})
	pages, _ := stageBoth(t, facetData(), log)
	coins := regexp.MustCompile(`<span class="Z3988" title="([^"]*)"></span>`)
	read := func(name string) (head string, co url.Values) {
		t.Helper()
		fm, body := staged(t, pages.files[name])
		m := coins.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no COinS span in the body:\n%s", name, body)
		}
		co, err := url.ParseQuery(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("%s: COinS %q: %v", name, m[1], err)
		}
		return fm.Params.Head, co
	}
	check := func(name, title, date, permalink, lang string) {
		t.Helper()
		head, co := read(name)
		for _, bad := range []string{"citation_", "DC.creator", `name="author"`} {
			if strings.Contains(head, bad) {
				t.Errorf("%s: the head has %s:\n%s", name, bad, head)
			}
		}
		esc := html.EscapeString(title)
		for _, want := range []string{`<meta name="DC.title" content="` + esc + `">`, `<meta name="DC.publisher" content="Interference Watch">`,
			`<meta name="DC.date" content="` + date + `">`, `<meta name="DC.identifier" content="` + permalink + `">`,
			`<meta name="DC.language" content="` + lang + `">`} {
			if !strings.Contains(head, want) {
				t.Errorf("%s: the head lacks %s:\n%s", name, want, head)
			}
		}
		want := map[string]string{"ctx_ver": "Z39.88-2004", "rft_val_fmt": "info:ofi/fmt:kev:mtx:dc", "rft.type": "webpage",
			"rft.title": title, "rft.aucorp": "Interference Watch", "rft.source": "Interference Watch", "rft.date": date,
			"rft_id": permalink, "rft.identifier": permalink, "rft.language": lang}
		for k, v := range want {
			if got := co.Get(k); got != v {
				t.Errorf("%s: COinS %s = %q, want %q", name, k, got, v)
			}
		}
		if co.Has("rft.au") || co.Has("rft.aulast") {
			t.Errorf("%s: COinS names a personal author: %v", name, co)
		}
	}
	// A campaign: its own title, dated by its last change, not by today.
	check("content/campaigns/big.en.html", "BIG <script>alert(1)</script>", "2026-03-04", "https://example.org/iw/campaigns/big/", "en")
	check("content/campaigns/big.fr.html", "BIG en Nouvelle-Calédonie", "2026-03-04", "https://example.org/iw/fr/campaigns/big/", "fr")
	// A source: the record's title, in DC, COinS and Open Graph alike.
	check("content/sources/s2.en.html", "Source record — Statement & reply", "2026-11-28", "https://example.org/iw/sources/s2/", "en")
	check("content/sources/s2.fr.html", "Fiche de source — Statement & reply", "2026-11-28", "https://example.org/iw/fr/sources/s2/", "fr")
	if head, _ := read("content/sources/s2.en.html"); !strings.Contains(head, `<meta property="og:title" content="Source record — Statement &amp; reply">`) {
		t.Errorf("source og:title is not the record's:\n%s", head)
	}
	for _, name := range []string{"content/actors/baku.en.html", "content/organizations/viginum.fr.html", "content/techniques/T0049.en.html", "content/places/NC.fr.html"} {
		if _, ok := pages.files[name]; !ok {
			continue
		}
		if _, co := read(name); co.Get("rft.aucorp") != "Interference Watch" {
			t.Errorf("%s: COinS %v", name, co)
		}
	}
}
