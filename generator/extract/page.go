package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// page is a parsed document with its metadata indexed once.
type page struct {
	doc  *goquery.Document
	base *url.URL // the page URL; nil when unknown or not http(s)
	// meta maps each lowercase name, property, itemprop or http-equiv of
	// a <meta> element to the cleaned contents, in document order.
	meta map[string][]string
	ld   *jsonLD
	// sites lists the names the page gives its site, set by title.
	sites []string
}

// newPage indexes the meta tags and JSON-LD of doc.
func newPage(doc *goquery.Document, base *url.URL) *page {
	p := &page{doc: doc, base: base, meta: map[string][]string{}}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content, ok := s.Attr("content")
		if !ok {
			content = s.AttrOr("value", "")
		}
		content = clean(content)
		if content == "" {
			return
		}
		for _, attr := range []string{"property", "name", "itemprop", "http-equiv"} {
			for _, key := range strings.Fields(strings.ToLower(s.AttrOr(attr, ""))) {
				p.meta[key] = append(p.meta[key], content)
			}
		}
	})
	p.ld = parseJSONLD(doc)
	return p
}

// first returns the first content of the first key that has one.
func (p *page) first(keys ...string) string {
	for _, k := range keys {
		if vs := p.meta[k]; len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// text returns the cleaned text of the first element matching selector.
func (p *page) text(selector string) string {
	return clean(p.doc.Find(selector).First().Text())
}

// attr returns the cleaned attribute of the first element matching
// selector that has a non-empty one.
func (p *page) attr(selector, name string) string {
	var out string
	p.doc.Find(selector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		out = clean(s.AttrOr(name, ""))
		return out == ""
	})
	return out
}

// resolve makes ref absolute against the page URL and keeps it only if
// it is an http(s) URL with a host and without white space.
func (p *page) resolve(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if p.base != nil {
		u = p.base.ResolveReference(u)
	}
	s := u.String()
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || clean(s) != s {
		return ""
	}
	return s
}

// canonical is the <link rel=canonical>, else og:url, else the page URL.
func (p *page) canonical() string {
	var out string
	p.doc.Find("link[rel][href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		for _, rel := range strings.Fields(strings.ToLower(s.AttrOr("rel", ""))) {
			if rel == "canonical" {
				out = p.resolve(s.AttrOr("href", ""))
				return out == ""
			}
		}
		return true
	})
	if out == "" {
		out = p.resolve(p.first("og:url"))
	}
	if out == "" && p.base != nil {
		out = p.resolve(p.base.String())
	}
	return out
}

// siteName is og:site_name, the JSON-LD publisher, application-name,
// else the host without "www.".
func (p *page) siteName() string {
	name := firstNonEmpty(p.first("og:site_name"), p.ld.publisher(), p.first("application-name"))
	if name == "" && p.base != nil {
		name = strings.TrimPrefix(p.base.Hostname(), "www.")
	}
	return name
}

// description is og:description, the meta description, the JSON-LD
// description, else twitter:description.
func (p *page) description() string {
	return firstNonEmpty(p.first("og:description", "description"), p.ld.str("description"), p.first("twitter:description"))
}

// author is the first meta author or article:author that is more than a
// URL, else the JSON-LD author names joined with commas, else the Dublin
// Core creator.
func (p *page) author() string {
	for _, a := range slices.Concat(p.meta["author"], p.meta["article:author"]) {
		if a = cleanAuthor(a); a != "" {
			return a
		}
	}
	if names := p.ld.authors(); len(names) > 0 {
		return strings.Join(names, ", ")
	}
	return cleanAuthor(p.first("dc.creator", "dc:creator", "dcterms.creator"))
}

var (
	urlInTextRe = regexp.MustCompile(`\(?\b(?:https?://|www\.)[^\s()]*\)?`)
	byRe        = regexp.MustCompile(`(?i)^(?:by|par|por|von|di|door)\s+`)
)

// cleanAuthor removes URLs and a leading "By " from a byline.
func cleanAuthor(a string) string {
	return byRe.ReplaceAllString(collapse(urlInTextRe.ReplaceAllString(a, "")), "")
}
