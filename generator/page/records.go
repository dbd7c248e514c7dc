package page

import (
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Record is the model of an actor, organization, technique or place
// page's body.
type Record struct {
	Kind         string // actor, organization, technique or place
	ID           string
	Fields       []Field
	Summary      Prose
	Fallback     bool // the summary is shown in English: no translation yet
	Links        []string
	Campaigns    []Link // campaigns of the actor, technique or place
	Rows         []Row  // a place's campaigns with their period, actors and targets
	Children     []Link // a place's territories and regions
	Attributed   []Link // an organization's attributions
	Sources      []Link // an organization's sources
	References   []Reference
	Download     string
	Edit         string
	History      *HistoryView
	Feed         string // href of the record's Atom feed, or ""
	IsAttributor bool   // an organization: its attributions and sources, not campaigns
	COinS        string // the page's OpenURL ContextObject for reference managers, or ""
}

// Field is one labelled fact of a record's infobox; Label is an i18n key.
// One of Link, Date, Href (an external link showing Value) or Value is
// shown.
type Field struct {
	Label string
	Value string
	Link  *Link
	Date  *Date
	Href  string
}

// recordPage pairs a record's model with its front matter.
func (b *Builder) recordPage(k dataset.Kind, id, title, description, dataPath string, m *Record) Page {
	m.Kind, m.ID = string(k), id
	m.History, m.Download, m.Edit = b.history(dataPath), b.download(k, id), b.edit(dataPath)
	// Only a feed with entries is written and linked (see Feeds).
	feed := (k == dataset.KindActor || k == dataset.KindPlace || k == dataset.KindTechnique) && len(b.feedCampaigns(k, id)) > 0
	if feed {
		m.Feed = FeedName
	}
	m.IsAttributor = k == dataset.KindOrganization
	p := Page{Rel: k.Dir() + "/" + id + ".html", Body: m,
		Meta: Meta{Title: title, Description: description, Kind: string(k), ID: id, Feed: feed, Lastmod: b.lastmod(dataPath)}}
	b.finish(&p)
	m.COinS = b.recordLD(&p, dataPath)
	return p
}

// ActorPage is the page of actor a.
func (b *Builder) ActorPage(a *dataset.Actor) Page {
	n := NewNotes()
	summary := a.Summary
	if tr := translation(a.FR, b.lang); tr != nil && tr.Summary != "" {
		summary = tr.Summary
	}
	m := &Record{Links: a.Links, Campaigns: b.campaignLinks(b.back.byActor[a.ID]), Summary: n.Prose(summary, "p"),
		Fallback: b.lang != "en" && summary == a.Summary}
	m.Fields = append(m.Fields, Field{Label: "actor_kind", Value: b.s.T("actor_kind_" + a.Kind)})
	if a.Country != "" {
		l := b.placeLink(a.Country)
		m.Fields = append(m.Fields, Field{Label: "country", Link: &l})
	}
	if len(a.Aliases) > 0 {
		m.Fields = append(m.Fields, Field{Label: "also_known_as", Value: strings.Join(a.Aliases, ", ")})
	}
	m.References = b.references(n)
	return b.recordPage(dataset.KindActor, a.ID, b.actorName(a), Describe(summary), a.Path, m)
}

// OrganizationPage is the page of organization o.
func (b *Builder) OrganizationPage(o *dataset.Organization) Page {
	m := &Record{Attributed: b.campaignLinks(b.back.byAttributor[o.ID])}
	if o.FullName != "" {
		m.Fields = append(m.Fields, Field{Label: "full_name", Value: o.FullName})
	}
	m.Fields = append(m.Fields, Field{Label: "organization_kind", Value: b.s.T("organization_kind_" + o.Kind)})
	if o.Country != "" {
		l := b.placeLink(o.Country)
		m.Fields = append(m.Fields, Field{Label: "country", Link: &l})
	}
	if o.URL != "" {
		m.Fields = append(m.Fields, Field{Label: "website", Value: o.URL, Href: o.URL})
	}
	srcs := b.back.sourcesByOrg[o.ID]
	for _, s := range srcs[:min(len(srcs), 200)] {
		m.Sources = append(m.Sources, Link{Title: s.Title, URL: fromRecord(RecordPath(dataset.KindSource, s.ID)), Lang: otherLang(s.Language, b.lang)})
	}
	return b.recordPage(dataset.KindOrganization, o.ID, b.orgName(o), "", o.Path, m)
}

// TechniquePage is the page of technique t.
func (b *Builder) TechniquePage(t *dataset.Technique) Page {
	m := &Record{Campaigns: b.campaignLinks(b.back.byTechnique[t.ID])}
	m.Fields = append(m.Fields, Field{Label: "disarm_id", Value: t.ID}, Field{Label: "tactic", Value: t.Tactic})
	if t.URL != "" {
		m.Fields = append(m.Fields, Field{Label: "disarm_page", Value: t.URL, Href: t.URL})
	}
	p := b.recordPage(dataset.KindTechnique, t.ID, t.ID+" "+t.Name, "", t.Path, m)
	p.Meta.TitleLang = otherLang("en", b.lang) // DISARM's name, as DISARM publishes it
	return p
}

// PlacePage is the page of place pl.
func (b *Builder) PlacePage(pl *dataset.Place) Page {
	m := &Record{Campaigns: b.campaignLinks(b.back.byPlace[pl.ID])}
	m.Fields = append(m.Fields, Field{Label: "iso_code", Value: pl.ID}, Field{Label: "place_kind", Value: b.s.T("place_kind_" + pl.Kind)})
	if pl.Parent != "" {
		l := b.placeLink(pl.Parent)
		m.Fields = append(m.Fields, Field{Label: "part_of", Link: &l})
	}
	for _, c := range byRecent(b.back.byPlace[pl.ID]) {
		m.Rows = append(m.Rows, b.campaignRow(c))
	}
	for _, id := range b.back.childPlaces[pl.ID] {
		m.Children = append(m.Children, b.placeLink(id))
	}
	slices.SortFunc(m.Children, func(x, y Link) int { return strings.Compare(x.Title, y.Title) })
	for _, s := range b.back.facets(b.d) {
		if i, ok := s.pos[pl.ID]; ok && s.key == "country" {
			l := Link{Title: b.s.Count("facet_page_count", len(s.values[i].campaigns)), URL: fromRecord(FacetPath("country", pl.ID))}
			m.Fields = append(m.Fields, Field{Label: "attributed_from_here", Link: &l})
		}
	}
	return b.recordPage(dataset.KindPlace, pl.ID, b.placeName(pl), "", pl.Path, m)
}

// Source is the model of a source page's body. Sources are most of the
// site's pages: it is flat.
type Source struct {
	ID          string
	Excerpt     string
	ExcerptLang string // set when the excerpt has no translation yet
	Publisher   Link
	Published   *Date
	SourceKind  string
	Language    string // the document's language, named in the page's
	Authors     string
	URL         string
	Archive     string
	Via         *Via
	Status      string
	Campaigns   []Link
	Download    string
	Edit        string
	COinS       string // the page's OpenURL ContextObject for reference managers, or ""
}

// SourcePage is the page of source s.
func (b *Builder) SourcePage(s *dataset.Source) Page {
	m := &Source{ID: s.ID, Publisher: b.orgLink(s.Publisher), Published: b.date(s.Published),
		SourceKind: s.Kind, Language: b.languageName(s.Language), Authors: strings.Join(s.Authors, ", "), URL: s.URL, Archive: s.ArchiveURL, Via: b.via(s),
		Status: s.Status, Campaigns: b.campaignLinks(b.back.bySource[s.ID]), Excerpt: s.Excerpt,
		Download: b.download(dataset.KindSource, s.ID), Edit: b.edit(s.Path)}
	var fr string
	if s.FR != nil {
		fr = s.FR.Excerpt
	}
	m.Excerpt, m.ExcerptLang = b.pick(s.Excerpt, fr)
	p := Page{Rel: "sources/" + s.ID + ".html", Body: m,
		Meta: Meta{Title: s.Title, Description: m.Excerpt, Kind: "source", ID: s.ID, TitleLang: otherLang(s.Language, b.lang), Lastmod: b.lastmod(s.Path)}}
	if s.Published.Valid() {
		p.Meta.Date = s.Published.Start().Format("2006-01-02")
	}
	b.finish(&p)
	m.COinS = b.recordLD(&p, s.Path)
	return p
}
