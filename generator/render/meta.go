package render

import (
	"cmp"
	"encoding/json"

	"github.com/interference-watch/portal/generator/dataset"
)

// campaignParams is the front matter of a campaign page: who it is, and
// what the page head needs for reference managers (Highwire citation_*
// and Dublin Core tags) and search engines (schema.org JSON-LD).
type campaignParams struct {
	pageParams
	Meta *PageMeta `json:"meta,omitempty"`
	// JSONLD is schema.org JSON made by encoding/json, which escapes <, >
	// and &, so it cannot close its script element. It is a string because
	// Hugo lowercases the keys of front matter maps.
	JSONLD string `json:"jsonld,omitempty"`
}

// PageMeta holds the citation facts of a page for the head's meta tags.
type PageMeta struct {
	Title     string   `json:"title"`
	Updated   string   `json:"updated"` // YYYY-MM-DD
	Permalink string   `json:"permalink"`
	Lang      string   `json:"lang"`
	Keywords  []string `json:"keywords,omitempty"`
}

func (r *renderer) campaignMeta(c *dataset.Campaign, fm frontMatter, p CampaignParams) any {
	base, _ := fm.Params.(pageParams)
	if p.Cite == nil {
		return base
	}
	updated := cmp.Or(r.lastmod(c.Path), r.now.UTC().Format("2006-01-02"))
	m := &PageMeta{Title: fm.Title, Updated: updated, Permalink: p.Cite.Permalink, Lang: r.lang, Keywords: c.Aliases.Names()}
	var cites []map[string]any
	for _, ref := range p.References {
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
		"@context": "https://schema.org", "@type": "Article", "headline": fm.Title, "url": m.Permalink,
		"inLanguage": r.lang, "dateModified": updated, "isAccessibleForFree": true,
		"publisher": map[string]any{"@type": "Organization", "name": "Interference Watch"},
		"author":    map[string]any{"@type": "Organization", "name": "Interference Watch"},
		"citation":  cites,
	}
	if fm.Description != "" {
		ld["description"] = fm.Description
	}
	js, err := json.Marshal(ld)
	if err != nil {
		return base
	}
	return campaignParams{pageParams: base, Meta: m, JSONLD: string(js)}
}
