package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Row is one line of a list page's table. Only the fields a list uses are
// set; Sort holds the value a table sorts the row by when it differs from
// what is shown.
type Row struct {
	Link
	Code      string `json:"code,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Actors    []Link `json:"actors,omitempty"`
	Targets   []Link `json:"targets,omitempty"`
	Country   *Link  `json:"country,omitempty"`
	First     *Date  `json:"first,omitempty"`
	Last      *Date  `json:"last,omitempty"`
	Published *Date  `json:"published,omitempty"`
	Publisher *Link  `json:"publisher,omitempty"`
	Campaigns int    `json:"campaigns,omitempty"`
	Sources   int    `json:"sources,omitempty"`
	// HTML is a campaign row of the campaign tables, written once per
	// language and shared by the home page and every sort order.
	HTML template.HTML `json:"-"`
}

// SectionParams is the front matter of a list page.
type SectionParams struct {
	Kind  string `json:"kind"`
	Total int    `json:"total"`
	Rows  []Row  `json:"rows"`
	// Archived counts the sources with an archived copy (sources list).
	Archived int `json:"archived,omitempty"`
}

func (r *renderer) campaignRow(c *dataset.Campaign) Row {
	row := Row{Link: Link{Title: r.campaignName(c), URL: campaignURL(c.ID)}, Kind: c.Status, Sources: len(campaignSourceIDs(c))}
	for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
		row.Actors = append(row.Actors, r.actorLink(a))
	}
	for _, p := range uniq(c.Targets, func(t dataset.Target) string { return t.Place }) {
		row.Targets = append(row.Targets, r.placeLink(p))
	}
	if c.FirstSeen != nil {
		row.First = r.date(c.FirstSeen.Date)
	}
	if c.LastSeen != nil {
		row.Last = r.date(c.LastSeen.Date)
	}
	return row
}

// byRecent orders campaigns by their last known activity, newest first.
func byRecent(cs []*dataset.Campaign) []*dataset.Campaign {
	out := slices.Clone(cs)
	key := func(c *dataset.Campaign) dataset.Date {
		for _, cl := range []*dataset.Claim{c.LastSeen, c.FirstSeen} {
			if cl != nil && cl.Date.Valid() {
				return cl.Date
			}
		}
		return dataset.Date{}
	}
	slices.SortStableFunc(out, func(a, b *dataset.Campaign) int {
		return cmp.Or(key(b).Compare(key(a)), strings.Compare(a.Name, b.Name))
	})
	return out
}

func (r *renderer) actorsSection() (frontMatter, string, error) {
	p := SectionParams{Kind: "actors", Total: len(r.d.Actors)}
	for _, a := range r.d.Actors {
		row := Row{Link: Link{Title: a.Name, URL: actorURL(a.ID)}, Kind: a.Kind, Campaigns: len(r.back.byActor[a.ID])}
		if a.Country != "" {
			l := r.placeLink(a.Country)
			row.Country = &l
		}
		p.Rows = append(p.Rows, row)
	}
	return frontMatter{Title: r.pages.t("nav_actors"), Params: p}, "", nil
}

func (r *renderer) organizationsSection() (frontMatter, string, error) {
	p := SectionParams{Kind: "organizations", Total: len(r.d.Organizations)}
	for _, o := range r.d.Organizations {
		row := Row{Link: Link{Title: o.Name, URL: organizationURL(o.ID)}, Kind: o.Kind,
			Campaigns: len(r.back.byAttributor[o.ID]), Sources: len(r.back.sourcesByOrg[o.ID])}
		if o.Country != "" {
			l := r.placeLink(o.Country)
			row.Country = &l
		}
		p.Rows = append(p.Rows, row)
	}
	return frontMatter{Title: r.pages.t("nav_organizations"), Params: p}, "", nil
}

// sourcesLimit caps the sources list page; every source keeps its own page
// and the full list is in the data downloads.
const sourcesLimit = 500

func (r *renderer) sourcesSection() (frontMatter, string, error) {
	p := SectionParams{Kind: "sources", Total: len(r.d.Sources)}
	for _, s := range r.d.Sources {
		if s.ArchiveURL != "" {
			p.Archived++
		}
	}
	srcs := slices.Clone(r.d.Sources)
	slices.SortStableFunc(srcs, func(a, b *dataset.Source) int { return b.Published.Compare(a.Published) })
	for _, s := range srcs[:min(len(srcs), sourcesLimit)] {
		pub := r.orgLink(s.Publisher)
		p.Rows = append(p.Rows, Row{Link: Link{Title: s.Title, URL: sourceURL(s.ID)}, Kind: s.Kind,
			Published: r.date(s.Published), Publisher: &pub, Campaigns: len(r.back.bySource[s.ID])})
	}
	return frontMatter{Title: r.pages.t("nav_sources"), Params: p, Outputs: []string{"html", "rss"}}, "", nil
}
