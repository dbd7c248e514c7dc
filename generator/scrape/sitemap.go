package scrape

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"
)

// maxChildSitemaps is how many sitemaps of a sitemap index are read.
const maxChildSitemaps = 10

// sitemapDoc is a sitemap (<urlset>) or a sitemap index (<sitemapindex>).
type sitemapDoc struct {
	XMLName  xml.Name
	URLs     []sitemapURL `xml:"url"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Title string `xml:"title"`
		Date  string `xml:"publication_date"`
	} `xml:"news"`
}

type sitemapRef struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

// Sitemap is a parsed sitemap: its pages as items, or, for a sitemap
// index, the sitemaps it lists.
type Sitemap struct {
	Items    []Item
	Dropped  int
	Children []string // for an index: child sitemap URLs, newest first, at most maxChildSitemaps
}

// ParseSitemap reads a sitemap or sitemap index fetched from base; a
// gzip-compressed file is decompressed first (up to maxGunzip bytes).
// Sitemaps carry no titles except Google News ones: a page without one is
// titled after the last segment of its path ("big-report" becomes "Big
// report"), so keywords still match it.
func ParseSitemap(data []byte, base *url.URL) (*Sitemap, error) {
	data, err := gunzipIfNeeded(data)
	if err != nil {
		return nil, fmt.Errorf("parse sitemap: %w", err)
	}
	var doc sitemapDoc
	if err := newXMLDecoder(data).Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse sitemap: %w", err)
	}
	switch strings.ToLower(doc.XMLName.Local) {
	case "urlset":
		var raws []rawItem
		for _, u := range doc.URLs {
			raws = append(raws, rawItem{title: firstNonEmpty(u.News.Title, titleFromURL(u.Loc)),
				link: u.Loc, date: firstNonEmpty(u.News.Date, u.LastMod)})
		}
		s := &Sitemap{}
		s.Items, s.Dropped = cleanAll(raws, base)
		return s, nil
	case "sitemapindex":
		return &Sitemap{Children: childSitemaps(doc.Sitemaps, base)}, nil
	}
	return nil, fmt.Errorf("parse sitemap: %w: root element <%s>", ErrNotListing, doc.XMLName.Local)
}

// childSitemaps orders an index's sitemaps newest first (by lastmod, as
// written; stable otherwise) and keeps the first few usable ones.
func childSitemaps(refs []sitemapRef, base *url.URL) []string {
	refs = slices.Clone(refs)
	slices.SortStableFunc(refs, func(a, b sitemapRef) int {
		return strings.Compare(strings.TrimSpace(b.LastMod), strings.TrimSpace(a.LastMod))
	})
	var out []string
	for _, r := range refs {
		if link, ok := SafeLink(base, r.Loc); ok && !slices.Contains(out, link) {
			out = append(out, link)
		}
		if len(out) == maxChildSitemaps {
			break
		}
	}
	return out
}

// titleFromURL makes a readable title from the last path segment of a
// page URL, or "" when there is none.
func titleFromURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	seg := path.Base(strings.TrimSuffix(u.Path, "/"))
	seg = strings.TrimSuffix(seg, path.Ext(seg))
	if seg == "." || seg == "/" || seg == "" {
		return ""
	}
	words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' })
	t := []rune(strings.Join(words, " "))
	if len(t) == 0 {
		return ""
	}
	return string(unicode.ToUpper(t[0])) + string(t[1:])
}

// maxGunzip caps a decompressed sitemap (the protocol allows 50 MB).
const maxGunzip = 50 << 20

func gunzipIfNeeded(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxGunzip+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if len(out) > maxGunzip {
		return nil, fmt.Errorf("gunzip: more than %d bytes", maxGunzip)
	}
	return out, nil
}
