package render

import (
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
)

// renderer holds what every page builder needs. It is used by several
// goroutines at once: everything in it is read-only once built.
type renderer struct {
	d     *dataset.Dataset
	back  *backlinks
	prose *Prose
	pages *pageSet
	lang  string
	log   *history.Log
	// baseURL is the site's absolute URL with a trailing slash, for
	// permalinks; defaultLang is the language served at its root.
	baseURL, defaultLang string
	now                  time.Time
	langs                []Language

	rowsOnce sync.Once // guards rows
	rows     []Row

	descriptions sync.Map // *dataset.Campaign → its description (string)
}

// otherLang returns lang when it differs from the page language, for a
// lang attribute on text in another language.
func otherLang(lang, page string) string {
	if lang == "" || lang == page || strings.HasPrefix(lang, page+"-") {
		return ""
	}
	return lang
}

// pageParams is the whole front matter of a record page: its body is
// rendered already.
type pageParams struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Lang string `json:"lang,omitempty"` // the title's language, when not the page's
	Feed bool   `json:"feed,omitempty"` // the page folder has an Atom feed (atom.xml)
}

// html renders prose for a Go template: the Markdown renderer's output is
// escaped already (raw HTML off, http(s) links only).
func (r *renderer) html(text string, n *Notes, prefix string) template.HTML {
	return template.HTML(r.prose.Render(text, n, prefix)) // #nosec G203 -- sanitised by Prose
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
		return Link{Title: r.placeName(p), URL: placeURL(id)}
	}
	return Link{Title: id}
}

func (r *renderer) techniqueLink(id string) Link {
	if t := r.d.Technique(id); t != nil {
		return Link{Title: t.Name, URL: techniqueURL(id)}
	}
	return Link{Title: id}
}

func (r *renderer) campaignLinks(cs []*dataset.Campaign) []Link {
	out := make([]Link, len(cs))
	for i, c := range cs {
		out[i] = Link{Title: r.campaignName(c), URL: campaignURL(c.ID)}
	}
	return out
}

// RecordParams is the front matter of actor, organization, source,
// technique and place pages.
type RecordParams struct {
	Kind        string        `json:"kind"`
	ID          string        `json:"id"`
	DataPath    string        `json:"data_path"`
	Fields      []Field       `json:"fields,omitempty"`
	Links       []string      `json:"links,omitempty"`
	Campaigns   []Link        `json:"campaigns,omitempty"`
	Attributed  []Link        `json:"attributed,omitempty"`
	Sources     []Link        `json:"sources,omitempty"`
	References  []Reference   `json:"references,omitempty"`
	SummaryHTML template.HTML `json:"-"`
	Fallback    bool          `json:"-"`
	History     *HistoryView  `json:"-"`
}

// Field is one labelled fact of a record's infobox; Label is an i18n key.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value,omitempty"`
	Link  *Link  `json:"link,omitempty"`
	Date  *Date  `json:"date,omitempty"`
	Href  string `json:"href,omitempty"`
}

func (r *renderer) actor(a *dataset.Actor) (frontMatter, string, error) {
	n := NewNotes()
	summary := a.Summary
	if tr := translation(a.FR, r.lang); tr != nil && tr.Summary != "" {
		summary = tr.Summary
	}
	p := RecordParams{Kind: "actor", ID: a.ID, DataPath: a.Path, Links: a.Links,
		Campaigns: r.campaignLinks(r.back.byActor[a.ID]), SummaryHTML: r.html(summary, n, "p"),
		Fallback: r.lang != "en" && summary == a.Summary}
	p.Fields = append(p.Fields, Field{Label: "actor_kind", Value: a.Kind})
	if a.Country != "" {
		l := r.placeLink(a.Country)
		p.Fields = append(p.Fields, Field{Label: "country", Link: &l})
	}
	if len(a.Aliases) > 0 {
		p.Fields = append(p.Fields, Field{Label: "also_known_as", Value: joinComma(a.Aliases)})
	}
	p.References = r.references(n)
	return r.page(frontMatter{Title: a.Name, Description: Describe(summary)}, "record", p)
}

// page renders a record body with the named template and pairs it with
// front matter that names only the record.
func (r *renderer) page(fm frontMatter, name string, p any) (frontMatter, string, error) {
	switch v := p.(type) {
	case RecordParams:
		fm.Params = pageParams{Kind: v.Kind, ID: v.ID, Feed: v.Kind == "actor" || v.Kind == "place" || v.Kind == "technique"}
		fm.Lastmod = r.lastmod(v.DataPath)
		v.History = r.history(v.DataPath)
		p = v
	}
	body, err := r.pages.render(name, p)
	return fm, body, err
}

func (r *renderer) organization(o *dataset.Organization) (frontMatter, string, error) {
	p := RecordParams{Kind: "organization", ID: o.ID, DataPath: o.Path,
		Attributed: r.campaignLinks(r.back.byAttributor[o.ID])}
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
	return r.page(frontMatter{Title: o.Name}, "record", p)
}

// SourceParams is the front matter of a source page. Sources are most of
// the site's pages, so it is flat: the template needs no loops over
// generic fields.
type SourceParams struct {
	Kind       string   `json:"kind"`
	ID         string   `json:"id"`
	DataPath   string   `json:"data_path"`
	Publisher  Link     `json:"publisher"`
	Published  *Date    `json:"published,omitempty"`
	SourceKind string   `json:"source_kind"`
	Language   string   `json:"language,omitempty"`
	Authors    string   `json:"authors,omitempty"`
	URL        string   `json:"url"`
	Archive    string   `json:"archive,omitempty"`
	Via        *ViaView `json:"via,omitempty"`
	Status     string   `json:"status"`
	Campaigns  []Link   `json:"campaigns,omitempty"`
	Excerpt    string   `json:"-"`
}

func (r *renderer) source(s *dataset.Source) (frontMatter, string, error) {
	p := SourceParams{Kind: "source", ID: s.ID, DataPath: s.Path, Publisher: r.orgLink(s.Publisher), Published: r.date(s.Published),
		SourceKind: s.Kind, Language: s.Language, Authors: joinComma(s.Authors), URL: s.URL, Archive: s.ArchiveURL, Via: r.via(s),
		Status: s.Status, Campaigns: r.campaignLinks(r.back.bySource[s.ID]), Excerpt: s.Excerpt}
	fm := frontMatter{Title: s.Title, Description: s.Excerpt}
	if s.Published.Valid() {
		fm.Date = s.Published.Start().Format("2006-01-02")
	}
	fm.Params = pageParams{Kind: p.Kind, ID: p.ID, Lang: otherLang(s.Language, r.lang)}
	fm.Lastmod = r.lastmod(s.Path)
	return fm, r.sourceBody(p), nil
}

func (r *renderer) technique(t *dataset.Technique) (frontMatter, string, error) {
	p := RecordParams{Kind: "technique", ID: t.ID, DataPath: t.Path, Campaigns: r.campaignLinks(r.back.byTechnique[t.ID])}
	p.Fields = append(p.Fields, Field{Label: "disarm_id", Value: t.ID}, Field{Label: "tactic", Value: t.Tactic})
	if t.URL != "" {
		p.Fields = append(p.Fields, Field{Label: "disarm_page", Value: t.URL, Href: t.URL})
	}
	return r.page(frontMatter{Title: t.ID + " " + t.Name}, "record", p)
}

func (r *renderer) place(pl *dataset.Place) (frontMatter, string, error) {
	p := RecordParams{Kind: "place", ID: pl.ID, DataPath: pl.Path, Campaigns: r.campaignLinks(r.back.byPlace[pl.ID])}
	p.Fields = append(p.Fields, Field{Label: "iso_code", Value: pl.ID}, Field{Label: "place_kind", Value: pl.Kind})
	if pl.Parent != "" {
		l := r.placeLink(pl.Parent)
		p.Fields = append(p.Fields, Field{Label: "part_of", Link: &l})
	}
	for _, s := range r.back.facets(r.d) {
		if i, ok := s.pos[pl.ID]; ok && s.key == "country" {
			l := Link{Title: r.pages.tf("facet_page_count", "Count", len(s.values[i].campaigns)), URL: facetURL("country", pl.ID)}
			p.Fields = append(p.Fields, Field{Label: "attributed_from_here", Link: &l})
		}
	}
	return r.page(frontMatter{Title: r.placeName(pl)}, "record", p)
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

// date formats a date for the page language.
func (r *renderer) date(d dataset.Date) *Date {
	if !d.Valid() {
		return nil
	}
	return &Date{ISO: d.String(), Text: FormatDate(d, r.lang)}
}

// campaignName is the campaign's name in the page language, or its
// English name.
func (r *renderer) campaignName(c *dataset.Campaign) string {
	if r.lang == "fr" && c.FR != nil && c.FR.Name != "" {
		return c.FR.Name
	}
	return c.Name
}

// placeName is the place's name in the page language.
func (r *renderer) placeName(p *dataset.Place) string {
	if r.lang == "fr" && p.NameFR != "" {
		return p.NameFR
	}
	return p.Name
}
