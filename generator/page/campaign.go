package page

import (
	"cmp"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/export"
)

// Campaign is the model of a campaign page's body.
type Campaign struct {
	ID           string
	DataPath     string
	AlsoKnownAs  []string
	Status       string
	Summary      Prose
	Fallback     bool // the summary is shown in English: no translation yet
	FirstSeen    *DatedRef
	LastSeen     *DatedRef
	Attributions []Attribution
	Targets      []RefLink
	Platforms    []RefLink
	Techniques   []RefLink // with their DISARM code
	Narratives   []CitedText
	Impact       *Impact
	Responses    []Response
	// SameAs links the entries of public datasets describing the
	// campaign; Indicators is its Indicators section, or nil
	// (indicators.go).
	SameAs     []Link
	Indicators *CampaignIndicators
	References []Reference
	Further    []Reference
	Related    []Link
	Cite       *CiteView
	COinS      string // the page's OpenURL ContextObject for reference managers, or ""
	Download   string // href of the record's JSON file
	Edit       string // href of its data file on the repository's site, or ""
	History    *HistoryView
}

// DatedRef is a date backed by a numbered reference.
type DatedRef struct {
	Date   *Date
	Marker []Marker
}

// RefLink is a linked item backed by a numbered reference.
type RefLink struct {
	Link
	Code   string
	Marker []Marker
}

// CitedText is a short text backed by a numbered reference.
type CitedText struct {
	Text   string
	Marker []Marker
	Lang   string // set when Text is not in the page's language
}

// Attribution reads "attributed to Actor by Org, confidence “basis” [n]".
type Attribution struct {
	Actor      Link
	By         Link
	Confidence string
	// Basis is the attributor's own words, or the scale's name, behind a
	// stated confidence.
	Basis string
	// BasisLang is the language of the source quoted when it is not the
	// page's.
	BasisLang string
	Date      *Date
	Marker    []Marker
}

// Impact is the Breakout Scale level with its reasoning.
type Impact struct {
	Breakout int
	Note     Prose
	Marker   []Marker
}

// Response is one response to a campaign.
type Response struct {
	Date   *Date
	By     *Link
	Kind   string
	Note   Prose
	Marker []Marker
}

// citedKeys lists the sources of c in the order a reader meets them on
// the page: summary, infobox, responses.
func citedKeys(c *dataset.Campaign) []string {
	n := NewNotes()
	citeAll(n, c.Summary)
	for _, a := range c.Attributions {
		n.Cite(a.Source)
	}
	for _, cl := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
		if cl != nil {
			n.Cite(cl.Source)
		}
	}
	for _, t := range c.Targets {
		n.Cite(t.Source)
	}
	for _, pl := range c.Platforms {
		n.Cite(pl.Source)
	}
	for _, t := range c.Techniques {
		n.Cite(t.Source)
	}
	if c.Impact != nil {
		n.Cite(c.Impact.Source)
		citeAll(n, c.Impact.Note)
	}
	for _, nr := range c.Narratives {
		n.Cite(nr.Source)
	}
	for _, r := range c.Responses {
		n.Cite(r.Source)
		citeAll(n, r.Note)
	}
	return n.Keys()
}

func citeAll(n *Notes, text string) {
	for _, k := range cite.Keys(text) {
		n.Cite(k)
	}
}

// CampaignPage is the page of campaign c.
func (b *Builder) CampaignPage(c *dataset.Campaign) Page {
	m := b.Campaign(c)
	p := Page{Rel: "campaigns/" + c.ID + ".html", Body: m,
		Meta: Meta{Title: b.campaignName(c), Description: Describe(b.campaignSummary(c)), Kind: "campaign", ID: c.ID, Lastmod: b.lastmod(c.Path)}}
	if p.Meta.Title == c.Name && b.lang != "en" {
		p.Meta.TitleLang = "en"
	}
	if c.FirstSeen != nil && c.FirstSeen.Date.Valid() {
		p.Meta.Date = c.FirstSeen.Date.Start().Format("2006-01-02")
	}
	if a := b.log.Added(c.Path); !a.IsZero() { // feeds list campaigns by the day they were added
		p.Meta.Date = a.UTC().Format("2006-01-02")
	}
	b.finish(&p)
	b.citationHead(c, &p, m)
	return p
}

// Campaign gathers what a campaign page shows, numbering its citations
// in reading order.
func (b *Builder) Campaign(c *dataset.Campaign) *Campaign {
	n := NewNotes()
	p := &Campaign{ID: c.ID, DataPath: c.Path, AlsoKnownAs: c.Aliases.Names(), Status: c.Status}
	// The summary comes first on the page, then the infobox (beside it on
	// wide screens), so its citations get the first numbers.
	summary, fallback := c.Summary, false
	if b.lang != "en" {
		if tr := translation(c.FR, b.lang); tr != nil && tr.Summary != "" {
			summary = tr.Summary
		} else {
			fallback = true
		}
	}
	p.Summary, p.Fallback = n.Prose(summary, "p"), fallback
	for _, a := range c.Attributions {
		p.Attributions = append(p.Attributions, Attribution{Actor: b.actorLink(a.Actor), By: b.orgLink(a.By),
			Confidence: a.Confidence, Basis: basisText(a.Basis), BasisLang: b.sourceLang(a.Source), Date: b.date(a.Date), Marker: n.Refs(a.Source)})
	}
	p.FirstSeen = b.datedRef(c.FirstSeen, n)
	p.LastSeen = b.datedRef(c.LastSeen, n)
	for _, t := range c.Targets {
		p.Targets = append(p.Targets, RefLink{Link: b.placeLink(t.Place), Code: t.Place, Marker: n.Refs(t.Source)})
	}
	for _, pl := range c.Platforms {
		p.Platforms = append(p.Platforms, RefLink{Link: Link{Title: b.platformName(pl.Name), URL: fromRecord(FacetPath("platform", pl.Name))}, Marker: n.Refs(pl.Source)})
	}
	for _, t := range c.Techniques {
		p.Techniques = append(p.Techniques, RefLink{Link: b.techniqueLink(t.ID), Code: t.ID, Marker: n.Refs(t.Source)})
	}
	if c.Impact != nil {
		p.Impact = &Impact{Breakout: c.Impact.Breakout, Marker: n.Refs(c.Impact.Source)}
		if c.Impact.Note != "" {
			in := b.impactNote(c.Impact)
			p.Impact.Note = n.Prose(in.Text, "")
			p.Impact.Note.Lang = in.Lang
		}
	}
	for _, nr := range c.Narratives {
		var fr string
		if nr.FR != nil {
			fr = nr.FR.Text
		}
		text, lang := b.pick(nr.Text, fr)
		p.Narratives = append(p.Narratives, CitedText{Text: text, Lang: lang, Marker: n.Refs(nr.Source)})
	}
	for _, rs := range c.Responses {
		rn := b.responseNote(rs)
		v := Response{Date: b.date(rs.Date), Kind: rs.Kind, Marker: n.Refs(rs.Source), Note: n.Prose(rn.Text, "")}
		v.Note.Lang = rn.Lang
		if rs.By != "" {
			l := b.orgLink(rs.By)
			v.By = &l
		}
		p.Responses = append(p.Responses, v)
	}
	p.SameAs = sameAs(c)
	p.Indicators = b.campaignIndicators(c, n)
	p.References = b.references(n)
	p.Further = b.further(c.Sources, n)
	for _, o := range b.back.related(c, 5) {
		p.Related = append(p.Related, Link{Title: b.campaignName(o), URL: fromRecord(RecordPath(dataset.KindCampaign, o.ID))})
	}
	p.History = b.history(c.Path)
	p.Cite = b.citeThis(dataset.KindCampaign, c.ID, b.campaignName(c), c.Path)
	p.Download, p.Edit = b.download(dataset.KindCampaign, c.ID), b.edit(c.Path)
	return p
}

func (b *Builder) datedRef(cl *dataset.Claim, n *Notes) *DatedRef {
	if cl == nil || !cl.Date.Valid() {
		return nil
	}
	return &DatedRef{Date: b.date(cl.Date), Marker: n.Refs(cl.Source)}
}

// references builds the numbered reference list, with a back link for
// each use of each source.
func (b *Builder) references(n *Notes) []Reference {
	refs := make([]Reference, 0, len(n.Keys()))
	for i, k := range n.Keys() {
		ref := b.reference(k)
		ref.N = i + 1
		for u := 1; u <= n.Uses(k); u++ {
			ref.Backlinks = append(ref.Backlinks, citeAnchor(ref.N, u))
		}
		refs = append(refs, ref)
	}
	return refs
}

// further lists the campaign's extra sources not already cited.
func (b *Builder) further(ids []string, n *Notes) []Reference {
	var out []Reference
	for _, id := range ids {
		if n.Uses(id) == 0 {
			out = append(out, b.reference(id))
		}
	}
	return out
}

func (b *Builder) reference(id string) Reference {
	s := b.d.Source(id)
	if s == nil {
		return Reference{ID: id, Title: id}
	}
	ref := Reference{ID: id, Title: s.Title, URL: s.URL, Page: fromRecord(RecordPath(dataset.KindSource, id)), Publisher: b.orgLink(s.Publisher),
		Published: b.date(s.Published), Language: s.Language, TitleLang: otherLang(s.Language, b.lang),
		Kind: s.Kind, Archive: s.ArchiveURL, Via: b.via(s)}
	if ref.TitleLang != "" { // a document in the page's language needs no note
		ref.LanguageName = b.languageName(s.Language)
	}
	return ref
}

// via describes the copy a source was read from, or nil.
func (b *Builder) via(s *dataset.Source) *Via {
	if s.Via == nil {
		return nil
	}
	return &Via{Host: b.orgLink(s.Via.Organization), URL: s.Via.URL}
}

// sourceLang is the language of source id when it is not the page's:
// words quoted from it are in its language.
func (b *Builder) sourceLang(id string) string {
	if s := b.d.Source(id); s != nil {
		return otherLang(s.Language, b.lang)
	}
	return ""
}

// basisText is how a confidence basis reads on a page: the quoted words,
// or the scale's name.
func basisText(bs *dataset.ConfidenceBasis) string {
	switch {
	case bs == nil:
		return ""
	case bs.Quote != "":
		return bs.Quote
	}
	return bs.Scale
}

// download is the href of a record's JSON file, beside its page.
func (b *Builder) download(k dataset.Kind, id string) string {
	return b.site.Root("") + export.RecordPath(k, id)
}

// edit is the href to edit a record's data file on the repository's
// site, or "" when the repository is not known.
func (b *Builder) edit(dataPath string) string {
	if b.repo == "" || dataPath == "" {
		return ""
	}
	return b.repo + "/edit/main/" + dataPath
}

// campaignSummary is the campaign's summary in the page language, or in
// English.
func (b *Builder) campaignSummary(c *dataset.Campaign) string {
	if tr := translation(c.FR, b.lang); tr != nil && tr.Summary != "" {
		return tr.Summary
	}
	return c.Summary
}

// dateOrNow is the YYYY-MM-DD of the last change to p, or of the build.
func (b *Builder) dateOrNow(p string) string {
	return cmp.Or(b.lastmod(p), b.now.UTC().Format("2006-01-02"))
}

// picked is a text in the page's language, or in English (Lang "en")
// when it has no translation yet.
type picked struct{ Text, Lang string }

// pick chooses the French text on French pages, falling back to the
// English one, marked as such.
func (b *Builder) pick(en, fr string) (string, string) {
	if b.lang != "fr" {
		return en, ""
	}
	if fr != "" {
		return fr, ""
	}
	return en, "en"
}

func (b *Builder) impactNote(im *dataset.Impact) picked {
	var fr string
	if im.FR != nil {
		fr = im.FR.Note
	}
	t, l := b.pick(im.Note, fr)
	return picked{t, l}
}

func (b *Builder) responseNote(r dataset.Response) picked {
	var fr string
	if r.FR != nil {
		fr = r.FR.Note
	}
	t, l := b.pick(r.Note, fr)
	return picked{t, l}
}
