package page

import (
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/indicator"
)

// What public datasets add to a campaign's pages: the entries describing
// it (same_as), linked to the dataset's own page, and the technical
// indicators platforms published about its network. Indicator values are
// untrusted: the models hold them defanged (example[.]com), and the
// components print them escaped inside <code>, never as links.

// CampaignIndicators is the Indicators section of a campaign page: each
// report's indicators counted by type, and where the full list and its
// CSV are.
type CampaignIndicators struct {
	Sets []IndicatorSet
	All  string // href of the campaign's indicators page
	CSV  string // href of its indicators' CSV
}

// IndicatorSet is what one report published about a campaign's network:
// who, when, the reference, and how many indicators of each type.
type IndicatorSet struct {
	By       Link
	Reported *Date
	Marker   []Marker
	Counts   []string // "5 domains", in indicator.Types order, none zero
}

// IndicatorsPath is the path of a campaign's indicators page.
func IndicatorsPath(id string) string { return "indicators/" + strings.ToLower(id) + "/" }

// IndicatorsCSV is the path of the CSV of a campaign's indicators ("all"
// for every campaign's), from the site root: the downloads are not per
// language.
func IndicatorsCSV(id string) string { return "data/indicators/" + id + ".csv" }

// sameAs links the dataset entries describing c (same_as) to their pages.
func sameAs(c *dataset.Campaign) []Link {
	var out []Link
	for _, ref := range c.SameAs {
		if u, name := dataset.SameAsURL(ref); u != "" {
			_, id, _ := strings.Cut(ref, ":")
			out = append(out, Link{Title: name + " " + id, URL: u})
		}
	}
	return out
}

// campaignIndicators is the Indicators section of c's page, numbering
// the reports' citations in n; nil without indicators.
func (b *Builder) campaignIndicators(c *dataset.Campaign, n *Notes) *CampaignIndicators {
	in := b.d.IndicatorsOf(c.ID)
	if in == nil || len(in.Sets) == 0 {
		return nil
	}
	m := &CampaignIndicators{All: fromRecord(IndicatorsPath(c.ID)), CSV: b.site.Root("") + IndicatorsCSV(c.ID)}
	for _, s := range in.Sets {
		m.Sets = append(m.Sets, IndicatorSet{By: b.orgLink(s.By), Reported: b.date(s.Reported), Marker: n.Refs(s.Source),
			Counts: b.indicatorCounts(s.Indicators)})
	}
	return m
}

// indicatorCounts counts indicators by type, in the language's plural
// forms: "5 domains", "1 URL".
func (b *Builder) indicatorCounts(sets ...[]dataset.Indicator) []string {
	counts := map[string]int{}
	for _, s := range sets {
		for _, v := range s {
			counts[v.Type]++
		}
	}
	var out []string
	for _, typ := range indicator.Types {
		if n := counts[typ]; n > 0 {
			out = append(out, b.s.Count("indicator_"+typ, n))
		}
	}
	return out
}

// Indicators is the model of a campaign's indicators page: every
// indicator, defanged, by report.
type Indicators struct {
	Campaign   Link
	CSV        string // href of the campaign's indicators' CSV
	Tables     []IndicatorTable
	References []Reference
}

// IndicatorTable is one report's indicators, by type.
type IndicatorTable struct {
	ID       string // the heading's id: set-1, set-2 …
	By       Link
	Reported *Date
	Marker   []Marker
	Groups   []IndicatorGroup
}

// IndicatorGroup is one report's indicators of one type, in the report's
// order: Label counts them ("6,114 domains"), Values are defanged
// (example[.]com, hxxps://), never to be linked. A report can list
// thousands: a list of text lines, not a table of thousands of rows,
// keeps the page light on a phone.
type IndicatorGroup struct {
	Label  string
	Values []string
}

// IndicatorsPages are the indicators section and one page per campaign
// with indicators; none when the dataset has no indicators.
func (b *Builder) IndicatorsPages() []func() Page {
	if len(b.d.Indicators) == 0 {
		return nil
	}
	jobs := []func() Page{b.IndicatorsSectionPage}
	for _, in := range b.d.Indicators {
		if b.d.Campaign(in.ID) != nil {
			jobs = append(jobs, func() Page { return b.IndicatorsPage(in) })
		}
	}
	return jobs
}

// IndicatorsPage lists every indicator of the campaign in.ID, which must
// exist.
func (b *Builder) IndicatorsPage(in *dataset.Indicators) Page {
	c := b.d.Campaign(in.ID)
	name := b.campaignName(c)
	n := NewNotes()
	m := &Indicators{Campaign: Link{Title: name, URL: fromRecord(RecordPath(dataset.KindCampaign, c.ID))},
		CSV: b.site.Root("") + IndicatorsCSV(c.ID)}
	for i, s := range in.Sets {
		t := IndicatorTable{ID: "set-" + strconv.Itoa(i+1), By: b.orgLink(s.By), Reported: b.date(s.Reported), Marker: n.Refs(s.Source)}
		byType := map[string][]string{}
		for _, v := range s.Indicators {
			byType[v.Type] = append(byType[v.Type], indicator.Defang(v.Type, v.Value))
		}
		for _, typ := range indicator.Types {
			if vs := byType[typ]; len(vs) > 0 {
				t.Groups = append(t.Groups, IndicatorGroup{Label: b.s.Count("indicator_"+typ, len(vs)), Values: vs})
			}
		}
		m.Tables = append(m.Tables, t)
	}
	m.References = b.references(n)
	p := Page{Rel: "indicators/" + c.ID + ".html", Body: m,
		Meta: Meta{Title: b.s.T("indicators") + ": " + name, Description: b.s.T("indicators_of") + " " + name + ".",
			Kind: "indicators", ID: c.ID, Lastmod: b.lastmod(in.Path)}}
	b.finish(&p)
	return p
}

// IndicatorsSection is the model of the indicators section: the
// campaigns with published indicators.
type IndicatorsSection struct {
	CSV       string // href of every indicator's CSV
	Campaigns []IndicatorsEntry
}

// IndicatorsEntry is a campaign's line in the indicators section: a link
// to its indicators page and their counts by type.
type IndicatorsEntry struct {
	Link   Link
	Counts []string
}

// IndicatorsSectionPage is the indicators section.
func (b *Builder) IndicatorsSectionPage() Page {
	m := &IndicatorsSection{CSV: b.site.Root("") + IndicatorsCSV("all")}
	for _, in := range b.d.Indicators {
		c := b.d.Campaign(in.ID)
		if c == nil {
			continue
		}
		var sets [][]dataset.Indicator
		for _, s := range in.Sets {
			sets = append(sets, s.Indicators)
		}
		m.Campaigns = append(m.Campaigns, IndicatorsEntry{Link: Link{Title: b.campaignName(c), URL: b.link(IndicatorsPath(c.ID))},
			Counts: b.indicatorCounts(sets...)})
	}
	p := Page{Rel: "indicators/_index.html", Body: m,
		Meta: Meta{Title: b.s.T("indicators"), Description: b.s.T("indicators_intro"), Kind: "indicators"}}
	b.finish(&p)
	return p
}
