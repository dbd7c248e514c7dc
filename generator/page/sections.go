package page

import (
	"slices"

	"github.com/interference-watch/portal/generator/dataset"
)

// Section is the model of the actors, organizations and sources lists:
// a table of rows, of Total records.
type Section struct {
	Kind  string // actors, organizations or sources
	Total int
	Rows  []Row
	// Archived counts, on the sources list, the sources with an archived
	// copy (archive_url).
	Archived int
}

// sectionPage pairs a list's rows with its front matter.
func (b *Builder) sectionPage(k dataset.Kind, m *Section, outputs []string) Page {
	m.Kind = k.Dir()
	p := Page{Rel: k.Dir() + "/_index.html", Body: m, Meta: Meta{Title: b.s.T("nav_" + k.Dir()), Kind: k.Dir(), Outputs: outputs}}
	b.finish(&p)
	return p
}

// ActorsPage is the actors list.
func (b *Builder) ActorsPage() Page {
	m := &Section{Total: len(b.d.Actors)}
	for _, a := range b.d.Actors {
		row := Row{Link: Link{Title: b.actorName(a), URL: b.link(RecordPath(dataset.KindActor, a.ID))}, Kind: b.s.T("actor_kind_" + a.Kind), Campaigns: len(b.back.byActor[a.ID])}
		if a.Country != "" {
			l := b.siteLink(b.placeLink(a.Country))
			row.Country = &l
		}
		m.Rows = append(m.Rows, row)
	}
	return b.sectionPage(dataset.KindActor, m, nil)
}

// OrganizationsPage is the organizations list.
func (b *Builder) OrganizationsPage() Page {
	m := &Section{Total: len(b.d.Organizations)}
	for _, o := range b.d.Organizations {
		row := Row{Link: Link{Title: b.orgName(o), URL: b.link(RecordPath(dataset.KindOrganization, o.ID))}, Kind: b.s.T("organization_kind_" + o.Kind),
			Campaigns: len(b.back.byAttributor[o.ID]), Sources: len(b.back.sourcesByOrg[o.ID])}
		if o.Country != "" {
			l := b.siteLink(b.placeLink(o.Country))
			row.Country = &l
		}
		m.Rows = append(m.Rows, row)
	}
	return b.sectionPage(dataset.KindOrganization, m, nil)
}

// sourcesLimit caps the sources list page; every source keeps its own page
// and the full list is in the data downloads.
const sourcesLimit = 500

// SourcesPage is the sources list: the newest sourcesLimit sources, and
// how many of all have an archived copy.
func (b *Builder) SourcesPage() Page {
	m := &Section{Total: len(b.d.Sources)}
	for _, s := range b.d.Sources {
		if s.ArchiveURL != "" {
			m.Archived++
		}
	}
	srcs := slices.Clone(b.d.Sources)
	slices.SortStableFunc(srcs, func(x, y *dataset.Source) int { return y.Published.Compare(x.Published) })
	for _, s := range srcs[:min(len(srcs), sourcesLimit)] {
		pub := b.siteLink(b.orgLink(s.Publisher))
		m.Rows = append(m.Rows, Row{Link: Link{Title: s.Title, URL: b.link(RecordPath(dataset.KindSource, s.ID)), Lang: otherLang(s.Language, b.lang)}, Kind: b.s.T("source_kind_" + s.Kind),
			Published: b.date(s.Published), Publisher: &pub, Campaigns: len(b.back.bySource[s.ID])})
	}
	return b.sectionPage(dataset.KindSource, m, nil)
}
