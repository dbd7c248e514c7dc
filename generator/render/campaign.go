package render

import (
	"html/template"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
)

// CampaignParams is the front matter of a campaign page.
type CampaignParams struct {
	Kind         string            `json:"kind"`
	ID           string            `json:"id"`
	DataPath     string            `json:"data_path"`
	AlsoKnownAs  []string          `json:"also_known_as,omitempty"`
	Status       string            `json:"status"`
	FirstSeen    *DatedRef         `json:"first_seen,omitempty"`
	LastSeen     *DatedRef         `json:"last_seen,omitempty"`
	Attributions []AttributionView `json:"attributions,omitempty"`
	Targets      []RefLink         `json:"targets,omitempty"`
	Platforms    []RefLink         `json:"platforms,omitempty"`
	Techniques   []RefLink         `json:"techniques,omitempty"`
	Narratives   []CitedText       `json:"narratives,omitempty"`
	Impact       *ImpactView       `json:"impact,omitempty"`
	Responses    []ResponseView    `json:"responses,omitempty"`
	References   []Reference       `json:"references"`
	Further      []Reference       `json:"further,omitempty"`
	Related      []Link            `json:"related,omitempty"`
	SummaryHTML  template.HTML     `json:"-"`
	Fallback     bool              `json:"-"` // the summary is shown in English: no translation yet
	History      *HistoryView      `json:"-"`
	Cite         *CiteView         `json:"-"`
	description  string            // the page description: the summary's first sentences

	SameAs     []Link             `json:"same_as,omitempty"`    // dataset entries describing it (indicators.go)
	Indicators []IndicatorSetView `json:"indicators,omitempty"` // published indicators, counted by type
}

// DatedRef is a date backed by a numbered reference.
type DatedRef struct {
	Date   *Date    `json:"date"`
	Marker []Marker `json:"marker"`
}

// RefLink is a linked item backed by a numbered reference.
type RefLink struct {
	Link
	Code   string   `json:"code,omitempty"`
	Marker []Marker `json:"marker"`
}

// CitedText is a short text backed by a numbered reference.
type CitedText struct {
	Text   string
	Marker []Marker
}

// AttributionView reads "attributed to Actor by Org, confidence [n]".
type AttributionView struct {
	Actor      Link   `json:"actor"`
	By         Link   `json:"by"`
	Confidence string `json:"confidence"`
	// Basis is the attributor's own words (or scale) behind a stated
	// confidence.
	Basis  string   `json:"basis,omitempty"`
	Date   *Date    `json:"date,omitempty"`
	Marker []Marker `json:"marker"`
}

// ImpactView is the Breakout Scale level with its reasoning.
type ImpactView struct {
	Breakout int           `json:"breakout"`
	NoteHTML template.HTML `json:"-"`
	Marker   []Marker      `json:"marker"`
}

// ResponseView is one response to a campaign.
type ResponseView struct {
	Date     *Date         `json:"date,omitempty"`
	By       *Link         `json:"by,omitempty"`
	Kind     string        `json:"kind"`
	NoteHTML template.HTML `json:"-"`
	Marker   []Marker      `json:"marker"`
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

func (r *renderer) campaign(c *dataset.Campaign) (frontMatter, string, error) {
	p := r.campaignParams(c)
	fm := frontMatter{Title: r.campaignName(c), Description: p.description, Params: pageParams{Kind: "campaign", ID: c.ID}}
	if fm.Title == c.Name && r.lang != "en" {
		fm.Params = pageParams{Kind: "campaign", ID: c.ID, Lang: "en"}
	}
	if c.FirstSeen != nil && c.FirstSeen.Date.Valid() {
		fm.Date = c.FirstSeen.Date.Start().Format("2006-01-02")
	}
	if a := r.log.Added(c.Path); !a.IsZero() { // feeds list campaigns by the day they were added
		fm.Date = a.UTC().Format("2006-01-02")
	}
	fm.Params = r.campaignMeta(c, fm, p)
	fm.Lastmod = r.lastmod(c.Path)
	return fm, r.campaignBody(p), nil
}

// campaignParams gathers what a campaign page shows, numbering its
// citations in reading order.
func (r *renderer) campaignParams(c *dataset.Campaign) CampaignParams {
	n := NewNotes()
	p := CampaignParams{Kind: "campaign", ID: c.ID, DataPath: c.Path, AlsoKnownAs: c.Aliases.Names(), Status: c.Status}
	// The summary comes first on the page, then the infobox (beside it on
	// wide screens), so its citations get the first numbers.
	summary, fallback := c.Summary, false
	if r.lang != "en" {
		if tr := translation(c.FR, r.lang); tr != nil && tr.Summary != "" {
			summary = tr.Summary
		} else {
			fallback = true
		}
	}
	p.SummaryHTML, p.Fallback = r.html(summary, n, "p"), fallback
	for _, a := range c.Attributions {
		p.Attributions = append(p.Attributions, AttributionView{Actor: r.actorLink(a.Actor), By: r.orgLink(a.By),
			Confidence: a.Confidence, Basis: basisText(a.Basis), Date: r.date(a.Date), Marker: n.Refs(a.Source)})
	}
	p.FirstSeen = r.datedRef(c.FirstSeen, n)
	p.LastSeen = r.datedRef(c.LastSeen, n)
	for _, t := range c.Targets {
		p.Targets = append(p.Targets, RefLink{Link: r.placeLink(t.Place), Code: t.Place, Marker: n.Refs(t.Source)})
	}
	for _, pl := range c.Platforms {
		p.Platforms = append(p.Platforms, RefLink{Link: Link{Title: r.platformName(pl.Name), URL: facetURL("platform", pl.Name)}, Marker: n.Refs(pl.Source)})
	}
	for _, t := range c.Techniques {
		p.Techniques = append(p.Techniques, RefLink{Link: r.techniqueLink(t.ID), Code: t.ID, Marker: n.Refs(t.Source)})
	}
	if c.Impact != nil {
		p.Impact = &ImpactView{Breakout: c.Impact.Breakout, Marker: n.Refs(c.Impact.Source)}
		if c.Impact.Note != "" {
			p.Impact.NoteHTML = r.html(c.Impact.Note, n, "")
		}
	}
	for _, nr := range c.Narratives {
		p.Narratives = append(p.Narratives, CitedText{Text: nr.Text, Marker: n.Refs(nr.Source)})
	}
	for _, rs := range c.Responses {
		v := ResponseView{Date: r.date(rs.Date), Kind: rs.Kind, Marker: n.Refs(rs.Source), NoteHTML: r.html(rs.Note, n, "")}
		if rs.By != "" {
			l := r.orgLink(rs.By)
			v.By = &l
		}
		p.Responses = append(p.Responses, v)
	}
	r.datasetParams(c, &p, n) // same_as and indicators: indicators.go
	p.References = r.references(n)
	p.Further = r.further(c.Sources, n)
	for _, o := range r.back.related(c, 5) {
		p.Related = append(p.Related, Link{Title: r.campaignName(o), URL: campaignURL(o.ID)})
	}
	p.description = Describe(summary)
	p.History = r.history(c.Path)
	p.Cite = r.citeThis(c.ID, r.campaignName(c), c.Path, "campaign")
	return p
}

func (r *renderer) datedRef(cl *dataset.Claim, n *Notes) *DatedRef {
	if cl == nil || !cl.Date.Valid() {
		return nil
	}
	return &DatedRef{Date: r.date(cl.Date), Marker: n.Refs(cl.Source)}
}

// references builds the numbered reference list, with a back link for
// each use of each source.
func (r *renderer) references(n *Notes) []Reference {
	refs := make([]Reference, 0, len(n.Keys()))
	for i, k := range n.Keys() {
		ref := r.reference(k)
		ref.N = i + 1
		for u := 1; u <= n.Uses(k); u++ {
			ref.Backlinks = append(ref.Backlinks, citeAnchor(ref.N, u))
		}
		refs = append(refs, ref)
	}
	return refs
}

// further lists the campaign's extra sources not already cited.
func (r *renderer) further(ids []string, n *Notes) []Reference {
	var out []Reference
	for _, id := range ids {
		if n.Uses(id) == 0 {
			out = append(out, r.reference(id))
		}
	}
	return out
}

func (r *renderer) reference(id string) Reference {
	s := r.d.Source(id)
	if s == nil {
		return Reference{ID: id, Title: id}
	}
	return Reference{ID: id, Title: s.Title, URL: s.URL, Page: sourceURL(id), Publisher: r.orgLink(s.Publisher),
		Published: r.date(s.Published), Language: s.Language, Kind: s.Kind, Archive: s.ArchiveURL, Via: r.via(s)}
}

// via describes the copy a source was read from, or nil.
func (r *renderer) via(s *dataset.Source) *ViaView {
	if s.Via == nil {
		return nil
	}
	return &ViaView{Host: r.orgLink(s.Via.Organization), URL: s.Via.URL}
}

// translation returns the record's text in lang, if any.
func translation(fr *dataset.Translation, lang string) *dataset.Translation {
	if lang == "fr" {
		return fr
	}
	return nil
}

// basisText is how a confidence basis reads on a page: the quoted words,
// or the scale's name.
func basisText(b *dataset.ConfidenceBasis) string {
	switch {
	case b == nil:
		return ""
	case b.Quote != "":
		return "“" + b.Quote + "”"
	}
	return b.Scale
}
