package page

import (
	"strings"
)

// Page is one generated page: where it is staged, its front matter, its
// head and language switch, and its body's model.
type Page struct {
	// Rel is the staged file's path below the content folder, such as
	// campaigns/op.html; Hugo makes it campaigns/op/ (StagedPath).
	Rel  string
	Meta Meta
	Head Head
	// Languages is the language switch: the page in the other languages.
	Languages []Alternate
	// Body is the model of what the page shows below its title: one of
	// *Campaign, *Source, *Record, *Home, *CampaignList, *Section,
	// *Matrix, *Places, *Explore, *Facet, *Changes, *Indicators,
	// *IndicatorsSection.
	Body any
}

// Meta is what Hugo needs to know of a generated page: its title, dates,
// description and outputs, and what the layouts print around the body.
type Meta struct {
	Title       string
	Date        string // YYYY-MM-DD: the page's date in feeds
	Lastmod     string // YYYY-MM-DD: for the sitemap
	Description string
	Outputs     []string // Hugo output formats, when not the default
	Kind        string   // the page's kind: its article class and the layouts' switch
	ID          string   // the record's id
	TitleLang   string   // the title's language, when not the page's
	Feed        bool     // the page folder has an Atom feed (atom.xml)
}

// Head is the page's head tags: hreflang alternates, Open Graph, the
// record's Atom feed and, on record pages, the Dublin Core tags and the
// JSON-LD.
type Head struct {
	Alternates  []Alternate
	SiteName    string
	Title       string
	Type        string // Open Graph type: article or website
	URL         string
	Locale      string // such as fr_FR
	Description string
	Feed        *Link // the Atom feed: href and title
	Citation    *Citation
	JSONLD      any    // schema.org data, encoded as JSON
	Image       string // the site's image for Open Graph and JSON-LD (site/static/og.png)
}

// SiteImage is the site's image for link previews and JSON-LD, a PNG in
// site/static, and its size.
const (
	SiteImage       = "og.png"
	SiteImageWidth  = 1200
	SiteImageHeight = 630
)

// Alternate is the page in one language.
type Alternate struct {
	Lang  string
	Label string
	Href  string
}

// Citation is what reference managers read of a record page: the Dublin
// Core tags of its head and the COinS span of its body (ContextObject).
// The page is a web page of the portal's database, cited as such: its
// title is the record page's (on a source page "Source record — …", never
// the document's own title), its date the record's last change (the
// version cited, as in the page's own APA, MLA and Chicago texts).
type Citation struct {
	Title     string
	Site      string
	Date      string // YYYY-MM-DD: the record's last commit
	Permalink string
	Lang      string
}

// SiteTitle is the site's name.
const SiteTitle = "Interference Watch"

// FeedName is the file name of a record's Atom feed, in its page folder.
const FeedName = "atom.xml"

// finish fills in what every generated page has: its head and language
// switch, from its path and front matter.
func (b *Builder) finish(p *Page) {
	path := StagedPath(p.Rel)
	h := &p.Head
	for _, l := range b.langs {
		h.Alternates = append(h.Alternates, Alternate{Lang: l.Code, Label: l.Label, Href: b.site.Permalink(l.Code, path)})
		if l.Code != b.lang {
			p.Languages = append(p.Languages, Alternate{Lang: l.Code, Label: l.Label, Href: b.site.Link(l.Code, path)})
		}
	}
	h.SiteName, h.Title, h.URL, h.Description = SiteTitle, p.Meta.Title, b.permalink(path), p.Meta.Description
	h.Type = "article"
	if strings.HasSuffix(p.Rel, "_index.html") {
		h.Type = "website"
	}
	h.Locale = strings.ReplaceAll(b.locale(), "-", "_")
	h.Image = b.site.Permalink(b.site.DefaultLang, SiteImage)
	if p.Meta.Feed {
		h.Feed = &Link{Title: b.s.T("feed_follow") + ": " + p.Meta.Title, URL: FeedName}
	}
}

// locale is the page language's locale.
func (b *Builder) locale() string {
	for _, l := range b.langs {
		if l.Code == b.lang && l.Locale != "" {
			return l.Locale
		}
	}
	return b.lang
}

// ContentPage is a hand-written page of content/, at rel (such as
// about.html or _index.html) below its language's root: only its head
// and language switch are the generator's.
func (b *Builder) ContentPage(rel, title, description string) Page {
	p := Page{Rel: rel, Meta: Meta{Title: title, Description: description}}
	b.finish(&p)
	return p
}
