package extract

import (
	"strings"
	"unicode"
)

// titleSeps separate a title from the site name in "Title | Site".
var titleSeps = []string{" | ", " - ", " – ", " — ", " :: "}

// title is og:title, the JSON-LD headline, twitter:title or the Dublin
// Core title with a site-name prefix or suffix removed, else the <title>
// with its site suffix removed, else the first <h1>. A value that is
// only the site name is skipped.
func (p *page) title(site string) string {
	p.sites = p.siteNames(site)
	for _, t := range []string{p.first("og:title"), p.ld.headline(p.docTitle()), p.first("twitter:title"), p.first("dc:title", "dc.title", "dcterms.title")} {
		if t != "" && !p.isSite(t) {
			return p.stripSite(t)
		}
	}
	if t := p.docTitle(); t != "" {
		return p.stripSuffix(t)
	}
	return p.text("h1")
}

// docTitle is the text of the document's <title>.
func (p *page) docTitle() string {
	if t := p.text("head > title"); t != "" {
		return t
	}
	return p.text("title")
}

// stripSite removes a " | Site" suffix or a "Site | " prefix naming the
// site, and returns t unchanged when there is none.
func (p *page) stripSite(t string) string {
	for _, sep := range titleSeps {
		if i := strings.LastIndex(t, sep); i > 0 && p.isSite(t[i+len(sep):]) {
			return strings.TrimSpace(t[:i])
		}
		if i := strings.Index(t, sep); i > 0 && i+len(sep) < len(t) && p.isSite(t[:i]) {
			return strings.TrimSpace(t[i+len(sep):])
		}
	}
	return t
}

// stripSuffix removes the site from a <title>: a part naming the site,
// else the last " | …" part when what remains is a likely title: five
// words or more, or three or more before a suffix of at most three.
func (p *page) stripSuffix(t string) string {
	if s := p.stripSite(t); s != t {
		return s
	}
	last, sep := -1, ""
	for _, s := range titleSeps {
		if i := strings.LastIndex(t, s); i > last {
			last, sep = i, s
		}
	}
	if last < 0 {
		return t
	}
	head, tail := strings.TrimSpace(t[:last]), words(t[last+len(sep):])
	if n := words(head); n >= 5 || n >= 3 && tail <= 3 {
		return head
	}
	return t
}

// isSite reports whether s names the site: the same letters and digits
// as one of p.sites, or a label of the page's host name.
func (p *page) isSite(s string) bool {
	k := siteKey(s)
	if k == "" {
		return false
	}
	for _, name := range p.sites {
		if k == siteKey(name) {
			return true
		}
	}
	if p.base == nil {
		return false
	}
	host := strings.ToLower(strings.TrimPrefix(p.base.Hostname(), "www."))
	if k == siteKey(host) {
		return true
	}
	for _, label := range strings.Split(host, ".") {
		if len(label) > 3 && k == siteKey(label) {
			return true
		}
	}
	return false
}

// siteNames lists the names a page gives its site: site, og:site_name
// and the part of it before a tagline ("Site - tagline"), the JSON-LD
// publisher and application-name.
func (p *page) siteNames(site string) []string {
	names := []string{site, p.first("og:site_name"), p.ld.publisher(), p.first("application-name")}
	for _, sep := range titleSeps {
		if head, _, ok := strings.Cut(p.first("og:site_name"), sep); ok {
			names = append(names, head)
		}
	}
	return names
}

// siteKey keeps the lowercase letters and digits of s.
func siteKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
