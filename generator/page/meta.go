package page

import (
	"net/url"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// How reference managers and search engines read a record page, and why.
//
// A record page is an entry of the portal's database, kept up to date,
// not a scholarly article. Zotero's Embedded Metadata translator takes
// any citation_title tag (Highwire Press) as the sign of a journal
// article when no other citation_* tag names a type, and splits every
// citation_author, DC.creator or author meta tag at its last space
// ("Interference Watch" became the person "Watch, Interference"). Google
// Scholar reads the same Highwire tags, but its inclusion guidelines are
// for scholarly articles (papers, reports, theses), not for database
// entries, news or editorials. So record pages carry no citation_* tag.
// They carry:
//   - Dublin Core title, publisher, date, identifier and language, which
//     Embedded Metadata reads, with Open Graph's og:site_name, as a web
//     page (its own default when a page has such metadata but no Highwire
//     type) of the website Interference Watch, and no personal author;
//   - a COinS span (OpenURL ContextObject, Dublin Core format, "webpage")
//     in the body, which Zotero's COinS translator reads before Embedded
//     Metadata: a web page whose author is the portal as one institutional
//     name (rft.aucorp), never split in two;
//   - schema.org JSON-LD for search engines (recordLD, citationHead).
// Both give the record's own date (its last commit, the version cited)
// and, on a source page, the title "Source record — …": the page is our
// record about the document, not the document. .ci/check-zotero.mjs runs
// Zotero's own translators on the built pages and checks all this.

// citation is what reference managers read of a record page (see
// Citation) with its data file, or nil without a base URL: no permalink
// to cite. A source page's title says that it is the record of the
// document.
func (b *Builder) citation(p *Page, dataPath string) *Citation {
	if b.site.BaseURL == "" {
		return nil
	}
	c := &Citation{Title: p.Meta.Title, Site: SiteTitle, Date: b.dateOrNow(dataPath), Permalink: p.Head.URL, Lang: b.lang}
	if p.Meta.Kind == "source" {
		c.Title = b.sourceRecordTitle(p.Meta.Title)
	}
	return c
}

// sourceRecordTitle is the title of the record of the source titled
// title: "Source record — title". A dash, not a colon: Zotero takes what
// comes before a title's first colon as its short title, which would be
// "Source record" for every source.
func (b *Builder) sourceRecordTitle(title string) string {
	return b.s.T("source_record_page") + " — " + title
}

// ContextObject is the page as an OpenURL 1.0 ContextObject in KEV form
// (Z39.88-2004, Dublin Core format), the title of a COinS span: a web
// page (rft.type, a Zotero item type) whose author is the portal as an
// institution (rft.aucorp), on the portal's website (rft.source), dated
// by the record's last change, with its permalink (rft_id,
// rft.identifier) and language. Zotero reads both "+" and "%2B" in a
// ContextObject as a space, so a title with a plus sign ("200+ new
// sites") has none: Zotero then reads the page's Dublin Core tags, which
// keep the title but give no author.
func (c *Citation) ContextObject() string {
	if strings.Contains(c.Title, "+") {
		return ""
	}
	v := url.Values{}
	v.Set("ctx_ver", "Z39.88-2004")
	v.Set("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc")
	v.Set("rft.type", "webpage")
	v.Set("rft.title", c.Title)
	v.Set("rft.aucorp", c.Site)
	v.Set("rft.source", c.Site)
	v.Set("rft.publisher", c.Site)
	v.Set("rft.date", c.Date)
	v.Set("rft.identifier", c.Permalink)
	v.Set("rft_id", c.Permalink)
	v.Set("rft.language", c.Lang)
	return v.Encode()
}

// citationHead adds to a campaign page's head what reference managers
// (Dublin Core, and COinS in the body) and search engines (schema.org
// JSON-LD) read. A page without a permalink has none.
func (b *Builder) citationHead(c *dataset.Campaign, p *Page, m *Campaign) {
	if m.Cite == nil {
		return
	}
	updated := b.dateOrNow(c.Path)
	if p.Head.Citation = b.citation(p, c.Path); p.Head.Citation != nil {
		m.COinS = p.Head.Citation.ContextObject()
	}
	var cites []map[string]any
	for _, ref := range m.References {
		w := map[string]any{"@type": "CreativeWork", "name": ref.Title, "url": ref.URL}
		if ref.Publisher.Title != "" {
			w["publisher"] = map[string]any{"@type": "Organization", "name": ref.Publisher.Title}
		}
		if ref.Published != nil {
			w["datePublished"] = ref.Published.ISO
		}
		cites = append(cites, w)
	}
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "WebPage", "name": p.Meta.Title, "url": m.Cite.Permalink,
		"inLanguage": b.lang, "datePublished": b.firstDate(c.Path), "dateModified": updated, "isAccessibleForFree": true,
		"publisher": b.ldPublisher(p), "author": map[string]any{"@type": "Organization", "name": SiteTitle},
		"image": p.Head.Image, "citation": cites,
	}
	if p.Meta.Description != "" {
		ld["description"] = p.Meta.Description
	}
	p.Head.JSONLD = ld
}

// recordLD gives a record page (actor, organization, source, technique,
// place) its citation facts (citation) and its schema.org JSON-LD: a web
// page about the record, with the record's own dates (first and last
// commit), the portal as publisher and the site image. A source page is
// about the document, never the document itself: it says so with
// "about". It returns the page's COinS, or "" without a permalink.
func (b *Builder) recordLD(p *Page, dataPath string) string {
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "WebPage", "name": p.Meta.Title, "url": p.Head.URL,
		"inLanguage": b.lang, "datePublished": b.firstDate(dataPath), "dateModified": b.dateOrNow(dataPath),
		"publisher": b.ldPublisher(p), "image": p.Head.Image, "isAccessibleForFree": true,
	}
	if p.Meta.Kind == "source" {
		ld["about"] = map[string]any{"@type": "CreativeWork", "name": p.Meta.Title}
		ld["name"] = b.sourceRecordTitle(p.Meta.Title)
		p.Head.Title = ld["name"].(string) // og:title: a link preview of the record, not of the document
	}
	if p.Meta.Description != "" {
		ld["description"] = p.Meta.Description
	}
	p.Head.JSONLD = ld
	if p.Head.Citation = b.citation(p, dataPath); p.Head.Citation != nil {
		return p.Head.Citation.ContextObject()
	}
	return ""
}

// ldPublisher is the portal as a schema.org organization, with its logo.
func (b *Builder) ldPublisher(p *Page) map[string]any {
	return map[string]any{"@type": "Organization", "name": SiteTitle, "url": b.site.Permalink(b.site.DefaultLang, ""),
		"logo": map[string]any{"@type": "ImageObject", "url": p.Head.Image, "width": SiteImageWidth, "height": SiteImageHeight}}
}

// firstDate is when the data file p entered the history (its first
// commit), else its last change, else today.
func (b *Builder) firstDate(p string) string {
	if a := b.log.Added(p); !a.IsZero() {
		return a.UTC().Format("2006-01-02")
	}
	return b.dateOrNow(p)
}
