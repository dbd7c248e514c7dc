package render

import (
	"slices"

	"github.com/interference-watch/portal/generator/dataset"
)

// renderer holds what every page builder needs. It is used by several
// goroutines at once: everything in it is read-only after newRenderer.
type renderer struct {
	d     *dataset.Dataset
	back  *backlinks
	prose *Prose
}

func (r *renderer) actorLink(id string) Link {
	if a := r.d.Actor(id); a != nil {
		return Link{Title: a.Name, URL: actorURL(id)}
	}
	return Link{Title: id}
}

func (r *renderer) orgLink(id string) Link {
	if o := r.d.Organization(id); o != nil {
		return Link{Title: o.Name, URL: organizationURL(id)}
	}
	return Link{Title: id}
}

func (r *renderer) placeLink(id string) Link {
	if p := r.d.Place(id); p != nil {
		return Link{Title: p.Name, URL: placeURL(id)}
	}
	return Link{Title: id}
}

func (r *renderer) techniqueLink(id string) Link {
	if t := r.d.Technique(id); t != nil {
		return Link{Title: t.Name, URL: techniqueURL(id)}
	}
	return Link{Title: id}
}

func campaignLinks(cs []*dataset.Campaign) []Link {
	out := make([]Link, len(cs))
	for i, c := range cs {
		out[i] = Link{Title: c.Name, URL: campaignURL(c.ID)}
	}
	return out
}

// RecordParams is the front matter of actor, organization, source,
// technique and place pages.
type RecordParams struct {
	Kind       string      `json:"kind"`
	ID         string      `json:"id"`
	DataPath   string      `json:"data_path"`
	Fields     []Field     `json:"fields,omitempty"`
	Links      []string    `json:"links,omitempty"`
	Campaigns  []Link      `json:"campaigns,omitempty"`
	Attributed []Link      `json:"attributed,omitempty"`
	Sources    []Link      `json:"sources,omitempty"`
	References []Reference `json:"references,omitempty"`
}

// Field is one labelled fact of a record's infobox; Label is an i18n key.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value,omitempty"`
	Link  *Link  `json:"link,omitempty"`
	Date  *Date  `json:"date,omitempty"`
	Href  string `json:"href,omitempty"`
}

func (r *renderer) actor(a *dataset.Actor) (frontMatter, string) {
	n := NewNotes()
	body := r.prose.Render(a.Summary, n, "p")
	p := RecordParams{Kind: "actor", ID: a.ID, DataPath: a.Path, Links: a.Links,
		Campaigns: campaignLinks(r.back.byActor[a.ID])}
	p.Fields = append(p.Fields, Field{Label: "actor_kind", Value: a.Kind})
	if a.Country != "" {
		l := r.placeLink(a.Country)
		p.Fields = append(p.Fields, Field{Label: "country", Link: &l})
	}
	if len(a.Aliases) > 0 {
		p.Fields = append(p.Fields, Field{Label: "also_known_as", Value: joinComma(a.Aliases)})
	}
	p.References = r.references(n)
	return frontMatter{Title: a.Name, Description: Describe(a.Summary), Params: p}, body
}

func (r *renderer) organization(o *dataset.Organization) (frontMatter, string) {
	p := RecordParams{Kind: "organization", ID: o.ID, DataPath: o.Path,
		Attributed: campaignLinks(r.back.byAttributor[o.ID])}
	if o.FullName != "" {
		p.Fields = append(p.Fields, Field{Label: "full_name", Value: o.FullName})
	}
	p.Fields = append(p.Fields, Field{Label: "organization_kind", Value: o.Kind})
	if o.Country != "" {
		l := r.placeLink(o.Country)
		p.Fields = append(p.Fields, Field{Label: "country", Link: &l})
	}
	if o.URL != "" {
		p.Fields = append(p.Fields, Field{Label: "website", Value: o.URL, Href: o.URL})
	}
	srcs := r.back.sourcesByOrg[o.ID]
	for _, s := range srcs[:min(len(srcs), 200)] {
		p.Sources = append(p.Sources, Link{Title: s.Title, URL: sourceURL(s.ID)})
	}
	return frontMatter{Title: o.Name, Params: p}, ""
}

// SourceParams is the front matter of a source page. Sources are most of
// the site's pages, so it is flat: the template needs no loops over
// generic fields.
type SourceParams struct {
	Kind       string `json:"kind"`
	ID         string `json:"id"`
	DataPath   string `json:"data_path"`
	Publisher  Link   `json:"publisher"`
	Published  *Date  `json:"published,omitempty"`
	SourceKind string `json:"source_kind"`
	Language   string `json:"language,omitempty"`
	Authors    string `json:"authors,omitempty"`
	URL        string `json:"url"`
	Archive    string `json:"archive,omitempty"`
	Status     string `json:"status"`
	Campaigns  []Link `json:"campaigns,omitempty"`
}

func (r *renderer) source(s *dataset.Source) (frontMatter, string) {
	p := SourceParams{Kind: "source", ID: s.ID, DataPath: s.Path, Publisher: r.orgLink(s.Publisher), Published: makeDate(s.Published),
		SourceKind: s.Kind, Language: s.Language, Authors: joinComma(s.Authors), URL: s.URL, Archive: s.ArchiveURL,
		Status: s.Status, Campaigns: campaignLinks(r.back.bySource[s.ID])}
	fm := frontMatter{Title: s.Title, Description: s.Excerpt, Params: p}
	if s.Published.Valid() {
		fm.Date = s.Published.Start().Format("2006-01-02")
	}
	return fm, ""
}

func (r *renderer) technique(t *dataset.Technique) (frontMatter, string) {
	p := RecordParams{Kind: "technique", ID: t.ID, DataPath: t.Path, Campaigns: campaignLinks(r.back.byTechnique[t.ID])}
	p.Fields = append(p.Fields, Field{Label: "disarm_id", Value: t.ID}, Field{Label: "tactic", Value: t.Tactic})
	if t.URL != "" {
		p.Fields = append(p.Fields, Field{Label: "disarm_page", Value: t.URL, Href: t.URL})
	}
	return frontMatter{Title: t.ID + " " + t.Name, Params: p}, ""
}

func (r *renderer) place(pl *dataset.Place) (frontMatter, string) {
	p := RecordParams{Kind: "place", ID: pl.ID, DataPath: pl.Path, Campaigns: campaignLinks(r.back.byPlace[pl.ID])}
	p.Fields = append(p.Fields, Field{Label: "iso_code", Value: pl.ID}, Field{Label: "place_kind", Value: pl.Kind})
	if pl.Parent != "" {
		l := r.placeLink(pl.Parent)
		p.Fields = append(p.Fields, Field{Label: "part_of", Link: &l})
	}
	return frontMatter{Title: pl.Name, Params: p}, ""
}

func joinComma(xs []string) string {
	out := ""
	for i, x := range slices.Clip(xs) {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
