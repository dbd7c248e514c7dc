package hugosite

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/resources/page"
)

// sitemapLimit is the most URLs one sitemap file may list (sitemaps.org).
const sitemapLimit = 50000

// sitemapEntry is one page of one language.
type sitemapEntry struct {
	loc     string
	lastmod time.Time
	key     string // the page's path below its language's root
}

// sitemapLang is one language's pages for the sitemaps.
type sitemapLang struct {
	code, locale, root string // root: the language's home path, such as /fr/
	entries            []sitemapEntry
}

// writeSitemaps writes what Hugo's sitemap templates would, in Go, which
// at 60,000 pages takes a few milliseconds instead of most of a second per
// language: /sitemap.xml, an index of /<lang>/sitemap.xml for each
// language, each listing that language's pages with their translations
// as alternates. Unlike Hugo's, a language with more than 50,000 pages,
// the protocol's limit, gets further files /<lang>/sitemap-2.xml and so on.
func writeSitemaps(sites *hugolib.HugoSites, dst string) error {
	// Listing a language's pages sorts them, which takes most of the time:
	// the languages are listed in parallel.
	langs := make([]*sitemapLang, len(sites.Sites))
	var wg sync.WaitGroup
	for i, s := range sites.Sites {
		wg.Go(func() {
			l := &sitemapLang{code: s.Language().Lang, locale: s.Language().Locale(), root: s.Home().RelPermalink()}
			for _, p := range s.Pages() {
				if !inSitemap(p) || p.Permalink() == "" || p.Sitemap().Disable {
					continue
				}
				l.entries = append(l.entries, sitemapEntry{loc: p.Permalink(), lastmod: p.Lastmod(), key: strings.TrimPrefix(p.RelPermalink(), l.root)})
			}
			langs[i] = l
		})
	}
	wg.Wait()
	home := sites.Sites[0].Home()
	for rel, data := range sitemapFiles(langs, home.Permalink(), home.RelPermalink(), sitemapLimit) {
		if err := writeFile(filepath.Join(dst, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
	}
	return nil
}

// sitemapFiles makes the sitemap files, by path from the site root, for
// a site whose root is at siteURL (absolute) and rootPath (its path), with
// at most limit URLs per file.
func sitemapFiles(langs []*sitemapLang, siteURL, rootPath string, limit int) map[string][]byte {
	host := strings.TrimSuffix(siteURL, strings.TrimPrefix(rootPath, "/"))
	byKey := map[string][]int{} // a page's path below its language root → the languages that have it
	for i, l := range langs {
		if l.locale == "" {
			l.locale = l.code
		}
		slices.SortFunc(l.entries, func(a, b sitemapEntry) int { return strings.Compare(a.loc, b.loc) })
		for _, e := range l.entries {
			byKey[e.key] = append(byKey[e.key], i)
		}
	}
	files := map[string][]byte{}
	var index bytes.Buffer
	index.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range langs {
		var newest time.Time
		for _, e := range l.entries {
			if e.lastmod.After(newest) {
				newest = e.lastmod
			}
		}
		for part := 0; part == 0 || part*limit < len(l.entries); part++ {
			name := "sitemap.xml"
			if part > 0 {
				name = fmt.Sprintf("sitemap-%d.xml", part+1)
			}
			var b bytes.Buffer
			b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
			for _, e := range l.entries[part*limit : min(len(l.entries), (part+1)*limit)] {
				b.WriteString("<url><loc>" + escapeXML(e.loc) + "</loc>")
				if !e.lastmod.IsZero() {
					b.WriteString("<lastmod>" + e.lastmod.Format("2006-01-02T15:04:05-07:00") + "</lastmod>")
				}
				if others := byKey[e.key]; len(others) > 1 {
					for _, i := range others {
						o := langs[i]
						b.WriteString(`<xhtml:link rel="alternate" hreflang="` + escapeXML(o.locale) + `" href="` +
							escapeXML(host+strings.TrimPrefix(o.root, "/")+e.key) + `"/>`)
					}
				}
				b.WriteString("</url>\n")
			}
			b.WriteString("</urlset>\n")
			rel := l.code + "/" + name
			files[rel] = b.Bytes()
			index.WriteString("<sitemap><loc>" + escapeXML(siteURL+rel) + "</loc>")
			if !newest.IsZero() {
				index.WriteString("<lastmod>" + newest.Format("2006-01-02T15:04:05-07:00") + "</lastmod>")
			}
			index.WriteString("</sitemap>\n")
		}
	}
	index.WriteString("</sitemapindex>\n")
	files["sitemap.xml"] = index.Bytes()
	return files
}

// inSitemap keeps the kinds of page Hugo's sitemap lists: pages,
// sections and home pages, not the 404 page or feeds.
func inSitemap(p page.Page) bool {
	switch p.Kind() {
	case "page", "section", "home":
		return true
	}
	return false
}

func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
