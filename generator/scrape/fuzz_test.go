package scrape

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/interference-watch/portal/generator/dataset"
)

// assertCleanItems checks what every parser promises about its items.
func assertCleanItems(t *testing.T, items []Item) {
	t.Helper()
	for _, it := range items {
		if it.Title == "" || strings.ContainsAny(it.Title+it.Summary, "<>\x00") {
			t.Errorf("unclean text: %q / %q", it.Title, it.Summary)
		}
		if !utf8.ValidString(it.Title) || !utf8.ValidString(it.Summary) {
			t.Errorf("invalid UTF-8: %q", it.Title)
		}
		if again, ok := SafeLink(nil, it.Link); !ok || again != it.Link {
			t.Errorf("unsafe link %q (again %q, %v)", it.Link, again, ok)
		}
		if !it.Date.IsZero() && !it.Date.Valid() {
			t.Errorf("bad date %q", it.Date)
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "hostile.xml", "sitemap.xml", "sitemap-index.xml"} {
		f.Add(mustRead(f, name))
	}
	base := mustURL(f, "https://agency.example/feed/")
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _, err := ParseFeed(data, base)
		if err == nil {
			assertCleanItems(t, items)
		}
		if sm, err := ParseSitemap(data, base); err == nil {
			assertCleanItems(t, sm.Items)
			for _, c := range sm.Children {
				if again, ok := SafeLink(nil, c); !ok || again != c {
					t.Errorf("unsafe child sitemap %q", c)
				}
			}
		}
	})
}

func FuzzParseHTML(f *testing.F) {
	f.Add(mustRead(f, "listing.html"))
	f.Add([]byte(`<div class="fr-card"><h3 class="fr-card__title"><a href="javascript:x">t</a></h3></div>`))
	base := mustURL(f, "https://agency.example/publications")
	sel := Selectors{Item: ".fr-card", Title: ".fr-card__title", Link: ".fr-card__title a@href", Date: ".fr-card__detail", Summary: ".fr-card__desc"}
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _, stats, err := ParseHTML(data, "", base, sel)
		if err != nil {
			return
		}
		assertCleanItems(t, items)
		if len(items) > stats.Elements {
			t.Errorf("%d items from %d elements", len(items), stats.Elements)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Mon, 02 Dec 2024 10:00:00 +0100", "2024-07", "1er décembre 2024", "06/30/2024", "2024", "Sept. 30th 2023", "2024-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		back, err := dataset.ParseDate(d.String())
		if err != nil || back.String() != d.String() || d.Year < 1900 || d.Year > 2199 {
			t.Errorf("ParseDate(%q) = %q, which does not round-trip (%v)", s, d, err)
		}
	})
}
