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
		"inLanguage": b.lang, "dateModified": updated, "isAccessibleForFree": true,
		"publisher": map[string]any{"@type": "Organization", "name": SiteTitle},
		"author":    map[string]any{"@type": "Organization", "name": SiteTitle},
		"citation":  cites,
	}
	if p.Meta.Description != "" {
		ld["description"] = p.Meta.Description
	}
	p.Head.JSONLD = ld
}
