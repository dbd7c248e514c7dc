package page

import (
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// citationHead adds to a campaign page's head what reference managers
// (Highwire citation_* and Dublin Core tags) and search engines
// (schema.org JSON-LD) read. A page without a permalink has none.
func (b *Builder) citationHead(c *dataset.Campaign, p *Page, m *Campaign) {
	if m.Cite == nil {
		return
	}
	updated := b.dateOrNow(c.Path)
	p.Head.Citation = &Citation{Title: p.Meta.Title, Site: SiteTitle, Date: strings.ReplaceAll(updated, "-", "/"), Updated: updated,
		Permalink: m.Cite.Permalink, Lang: b.lang, Keywords: c.Aliases.Names()}
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
		"@context": "https://schema.org", "@type": "Article", "headline": p.Meta.Title, "url": m.Cite.Permalink,
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
// place) its schema.org JSON-LD: a web page about the record, with the
// record's own dates (first and last commit), the portal as publisher
// and the site image. A source page is about the document, never the
// document itself: it says so with "about".
func (b *Builder) recordLD(p *Page, dataPath string) {
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "WebPage", "name": p.Meta.Title, "url": p.Head.URL,
		"inLanguage": b.lang, "datePublished": b.firstDate(dataPath), "dateModified": b.dateOrNow(dataPath),
		"publisher": b.ldPublisher(p), "image": p.Head.Image, "isAccessibleForFree": true,
	}
	if p.Meta.Kind == "source" {
		ld["about"] = map[string]any{"@type": "CreativeWork", "name": p.Meta.Title}
		ld["name"] = b.s.T("source_record_page") + ": " + p.Meta.Title
	}
	if p.Meta.Description != "" {
		ld["description"] = p.Meta.Description
	}
	p.Head.JSONLD = ld
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
