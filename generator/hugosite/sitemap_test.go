package hugosite

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
)

type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
		Links   []struct {
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

type sitemapIndex struct {
	Maps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

func TestSitemapFiles(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	en := &sitemapLang{code: "en", locale: "en", root: "/iw/"}
	fr := &sitemapLang{code: "fr", locale: "fr", root: "/iw/fr/"}
	for i := range 5 {
		key := fmt.Sprintf("campaigns/op-%d/", i)
		en.entries = append(en.entries, sitemapEntry{loc: "https://example.org/iw/" + key, key: key, lastmod: day})
		if i < 4 { // op-4 is not translated
			fr.entries = append(fr.entries, sitemapEntry{loc: "https://example.org/iw/fr/" + key, key: key})
		}
	}
	files := sitemapFiles([]*sitemapLang{en, fr}, "https://example.org/iw/", "/iw/", 2)
	var idx sitemapIndex
	if err := xml.Unmarshal(files["sitemap.xml"], &idx); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, m := range idx.Maps {
		locs = append(locs, m.Loc)
	}
	// Five English pages at two per file: three files; four French: two.
	want := "https://example.org/iw/en/sitemap.xml https://example.org/iw/en/sitemap-2.xml https://example.org/iw/en/sitemap-3.xml " +
		"https://example.org/iw/fr/sitemap.xml https://example.org/iw/fr/sitemap-2.xml"
	if got := strings.Join(locs, " "); got != want {
		t.Errorf("index = %s\nwant    %s", got, want)
	}
	total := 0
	for _, name := range []string{"en/sitemap.xml", "en/sitemap-2.xml", "en/sitemap-3.xml"} {
		var us urlset
		if err := xml.Unmarshal(files[name], &us); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		total += len(us.URLs)
		if len(us.URLs) > 2 {
			t.Errorf("%s has %d URLs, over the limit", name, len(us.URLs))
		}
	}
	if total != 5 {
		t.Errorf("English sitemaps list %d URLs, want 5", total)
	}
	var first urlset
	_ = xml.Unmarshal(files["en/sitemap.xml"], &first)
	u := first.URLs[0]
	if u.Loc != "https://example.org/iw/campaigns/op-0/" || u.Lastmod != "2026-03-01T00:00:00+00:00" || len(u.Links) != 2 ||
		u.Links[1].Hreflang != "fr" || u.Links[1].Href != "https://example.org/iw/fr/campaigns/op-0/" {
		t.Errorf("first URL = %+v", u)
	}
	var last urlset
	_ = xml.Unmarshal(files["en/sitemap-3.xml"], &last)
	if len(last.URLs) != 1 || len(last.URLs[0].Links) != 0 {
		t.Errorf("an untranslated page has alternates: %+v", last.URLs)
	}
}
