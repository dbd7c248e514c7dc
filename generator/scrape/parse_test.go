package scrape

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
)

// mustRead returns a testdata file.
func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func item(title, link, date, summary string) Item {
	it := Item{Title: title, Link: link, Summary: summary}
	if date != "" {
		it.Date = dataset.MustDate(date)
	}
	return it
}

func TestParseFeed(t *testing.T) {
	tests := []struct {
		name, file, base string
		want             []Item
		dropped          int
	}{
		{"rss", "rss.xml", "https://agency.example/feed/", []Item{
			item("Ingérence numérique : le réseau « Alpha »", "https://agency.example/reports/alpha", "2024-12-02", "Un rapport sur une campagne de désinformation."),
			item("Annual budget", "https://agency.example/budget", "2024-06", "Money matters."),
			item("Relative link", "https://agency.example/reports/beta", "", ""),
		}, 1},
		{"atom", "atom.xml", "https://lab.example/feed/atom/", []Item{
			item("Influence operation Gamma targets elections", "https://lab.example/2024/11/gamma/", "2024-11-28", "A network of inauthentic accounts."),
			item("Updated only", "https://lab.example/2024/10/delta/", "2024-10-05", "Text"),
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dropped, err := ParseFeed(mustRead(t, tt.file), mustURL(t, tt.base))
			if err != nil {
				t.Fatal(err)
			}
			assertItems(t, got, tt.want)
			if dropped != tt.dropped {
				t.Errorf("dropped = %d, want %d", dropped, tt.dropped)
			}
		})
	}
}

func TestParseFeedRejectsOtherDocuments(t *testing.T) {
	for _, doc := range []string{"<html><body>Not found</body></html>", "", "{\"json\": true}", "<urlset></urlset>"} {
		if _, _, err := ParseFeed([]byte(doc), nil); err == nil {
			t.Errorf("ParseFeed(%q) accepted it", doc)
		}
	}
}

func TestParseSitemap(t *testing.T) {
	base := mustURL(t, "https://research.example/sitemap.xml")
	sm, err := ParseSitemap(mustRead(t, "sitemap.xml"), base)
	if err != nil {
		t.Fatal(err)
	}
	assertItems(t, sm.Items, []Item{
		item("Spamouflage breakout", "https://research.example/reports/spamouflage-breakout", "2024-09-03", ""),
		item("Glass onion", "https://research.example/reports/glass-onion", "2024-07", ""),
		item("Influence ops in 2024", "https://research.example/news/influence-ops-2024", "2024-12-20", ""),
	})
	if sm.Dropped != 1 {
		t.Errorf("dropped = %d, want 1 (the home page has no title)", sm.Dropped)
	}
	idx, err := ParseSitemap(mustRead(t, "sitemap-index.xml"), base)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://research.example/sitemap-new.xml", "https://research.example/sitemap-old.xml"}
	if !reflect.DeepEqual(idx.Children, want) {
		t.Errorf("children = %q, want %q", idx.Children, want)
	}
}

func TestParseHTML(t *testing.T) {
	sel := Selectors{Item: ".fr-card", Title: ".fr-card__title", Link: ".fr-card__title a@href", Date: ".fr-card__detail", Summary: ".fr-card__desc"}
	got, dropped, stats, err := ParseHTML(mustRead(t, "listing.html"), "text/html; charset=utf-8", mustURL(t, "https://www.agency.example/publications?type=1"), sel)
	if err != nil {
		t.Fatal(err)
	}
	assertItems(t, got, []Item{
		item("Analyse du mode opératoire informationnel russe Storm-1516", "https://www.agency.example/publications/rapport-storm-1516", "2025-05-07", "Un rapport de VIGINUM sur une campagne d'ingérence."),
		item("Matriochka", "https://www.agency.example/publications/matriochka?x=1", "2024-06-10", "Une campagne pro-russe."),
	})
	if dropped != 2 {
		t.Errorf("dropped = %d, want 2 (a javascript: link, an empty title)", dropped)
	}
	if want := (HTMLStats{Elements: 4, Titles: 3, Links: 4, Dates: 2, Summaries: 2}); stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
	if _, _, _, err := ParseHTML(nil, "", nil, Selectors{Item: "a[[", Title: "a", Link: "a"}); err == nil {
		t.Error("a bad item selector was accepted")
	}
}

func assertItems(t *testing.T, got, want []Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items, want %d:\n got %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Title != w.Title || g.Link != w.Link || g.Summary != w.Summary || g.Date.String() != w.Date.String() {
			t.Errorf("item %d:\n got %q %q %q %q\nwant %q %q %q %q", i, g.Title, g.Link, g.Date, g.Summary, w.Title, w.Link, w.Date, w.Summary)
		}
	}
}

func TestParseLegacyEncodings(t *testing.T) {
	feed := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Ing\xe9rence</title><link>https://a.example/i</link></item></channel></rss>"
	items, _, err := ParseFeed([]byte(feed), nil)
	if err != nil || len(items) != 1 || items[0].Title != "Ingérence" {
		t.Errorf("latin-1 feed: %v %+v", err, items)
	}
	page := "<meta charset=\"windows-1252\"><ul><li><a href=\"https://a.example/d\">D\xe9sinformation \x93cit\xe9e\x94</a></li></ul>"
	items, _, _, err = ParseHTML([]byte(page), "text/html", nil, Selectors{Item: "li", Title: "a", Link: "a"})
	if err != nil || len(items) != 1 || items[0].Title != "Désinformation “citée”" {
		t.Errorf("windows-1252 page: %v %+v", err, items)
	}
}

func TestParseHTMLLinkFallbacks(t *testing.T) {
	base := mustURL(t, "https://a.example/list/")
	tests := []struct {
		name, page, link, want string
	}{
		{"href of the element", `<li><a href="/x"><b>T</b></a></li>`, "a", "https://a.example/x"},
		{"href of a descendant", `<li><h3><a href="y"><b>T</b></a></h3></li>`, "h3", "https://a.example/list/y"},
		{"the item itself", `<li data-url="/z"><b>T</b></li>`, "@data-url", "https://a.example/z"},
		{"an absolute URL as text", `<li><code>https://b.example/w</code><b>T</b></li>`, "code", "https://b.example/w"},
		{"other text is no link", `<li><span>4 mars</span><b>T</b></li>`, "span", ""},
		{"missing attribute", `<li><a><b>T</b></a></li>`, "a@href", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _, _, err := ParseHTML([]byte("<ul>"+tt.page+"</ul>"), "", base, Selectors{Item: "li", Title: "b", Link: tt.link})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(items) == 1 {
				got = items[0].Link
			}
			if got != tt.want {
				t.Errorf("link = %q, want %q", got, tt.want)
			}
		})
	}
}
