package render

import (
	"html"
	"strings"
)

// Language is one of the site's languages as the page head and the
// language switch name it.
type Language struct {
	Code   string // such as "fr": its folder below the site root, unless it is the default
	Label  string // its name in itself, such as "Français"
	Locale string // such as "fr"; Code when empty
}

// The markers that split a generated page's content into the tags of its
// head, its language switch and its body. Hugo's base layout finds them
// (site/layouts/baseof.html) and prints each part in its place, instead of
// working out the same tags with template actions for each of tens of
// thousands of pages. Content with other markers is left alone.
const (
	markHead = "<!--iw:head-->"
	markNav  = "<!--iw:nav-->"
	markBody = "<!--iw:body-->"
)

// pagePath is the site path of a staged file below its language's root,
// as Hugo makes it: campaigns/op.html is campaigns/op/, a folder's
// _index.html is the folder, and paths are lowercase.
func pagePath(rel string) string {
	rel = strings.TrimSuffix(rel, ".html")
	rel = strings.TrimSuffix(rel, "_index")
	if rel != "" && !strings.HasSuffix(rel, "/") {
		rel += "/"
	}
	return strings.ToLower(rel)
}

// withHead prefixes a staged page's body with its head tags and language
// switch: the hreflang alternates, Open Graph tags, and for a campaign its
// citation meta tags and JSON-LD. Every value is escaped here.
func (r *renderer) withHead(rel string, fm *frontMatter, body string) string {
	if len(r.langs) == 0 {
		return body
	}
	p := pagePath(rel)
	var b strings.Builder
	b.Grow(len(body) + 2048)
	w := b.WriteString
	esc := func(s string) { w(html.EscapeString(s)) }
	w(markHead)
	for _, l := range r.langs {
		w(`<link rel="alternate" hreflang="`)
		esc(l.Code)
		w(`" href="`)
		esc(r.permalinkIn(l.Code, p))
		w("\">\n")
	}
	w(`<meta property="og:site_name" content="` + SiteTitle + "\">\n")
	w(`<meta property="og:title" content="`)
	esc(fm.Title)
	w("\">\n")
	kind := "article"
	if strings.HasSuffix(rel, "_index.html") {
		kind = "website"
	}
	w(`<meta property="og:type" content="` + kind + "\">\n")
	w(`<meta property="og:url" content="`)
	esc(r.permalink(p))
	w("\">\n")
	w(`<meta property="og:locale" content="`)
	esc(strings.ReplaceAll(r.locale(), "-", "_"))
	w("\">\n")
	if fm.Description != "" {
		w(`<meta property="og:description" content="`)
		esc(fm.Description)
		w("\">\n")
	}
	if pp, ok := fm.Params.(pageParams); ok && pp.Feed {
		w(`<link rel="alternate" type="application/atom+xml" href="` + FeedName + `" title="`)
		esc(r.pages.t("feed_follow") + ": " + fm.Title)
		w("\">\n")
	}
	if cp, ok := fm.Params.(campaignParams); ok {
		if m := cp.Meta; m != nil {
			tag := func(name, value string) {
				w(`<meta name="` + name + `" content="`)
				esc(value)
				w("\">\n")
			}
			tag("citation_title", m.Title)
			tag("citation_author", SiteTitle)
			tag("citation_publisher", SiteTitle)
			tag("citation_date", strings.ReplaceAll(m.Updated, "-", "/"))
			tag("citation_public_url", m.Permalink)
			tag("citation_language", m.Lang)
			for _, k := range m.Keywords {
				tag("citation_keywords", k)
			}
			tag("DC.title", m.Title)
			tag("DC.creator", SiteTitle)
			tag("DC.publisher", SiteTitle)
			tag("DC.date", m.Updated)
			tag("DC.identifier", m.Permalink)
			tag("DC.language", m.Lang)
			tag("DC.type", "Text")
		}
		if cp.JSONLD != "" {
			// JSON made with encoding/json, which escapes <, > and &: it
			// cannot close its script element.
			w(`<script type="application/ld+json">` + cp.JSONLD + "</script>\n")
		}
		fm.Params = cp.pageParams // the head holds them now
	}
	w(markNav)
	for _, l := range r.langs {
		if l.Code == r.lang {
			continue
		}
		code := html.EscapeString(l.Code)
		w("\n<li><a href=\"")
		esc(sitePrefix(r.baseURL, l.Code, r.defaultLang) + p)
		w(`" hreflang="` + code + `" lang="` + code + `" rel="alternate">`)
		esc(l.Label)
		w("</a></li>")
	}
	w(markBody)
	w(body)
	return b.String()
}

// locale is the page language's locale.
func (r *renderer) locale() string {
	for _, l := range r.langs {
		if l.Code == r.lang && l.Locale != "" {
			return l.Locale
		}
	}
	return r.lang
}
