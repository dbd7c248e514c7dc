// Package dataset loads the curated records under data/ into a typed,
// indexed Dataset. Loading never stops at the first mistake: every file
// that cannot be read, parsed or checked against its schema becomes a
// located Problem, and the records that could be read are kept so later
// checks can still run on them.
package dataset

import (
	"slices"
	"strings"
)

// Dataset is every record, sorted by id within its kind, with indexes.
// It is read-only once loaded.
type Dataset struct {
	Campaigns     []*Campaign
	Actors        []*Actor
	Organizations []*Organization
	Sources       []*Source
	Techniques    []*Technique
	Places        []*Place

	// Leads are never published; Indicators are published on their
	// campaigns' pages (leads.go).
	Leads      []*Lead       `json:"-"`
	Indicators []*Indicators `json:"-"`

	// Drafts are the campaigns and sources with status: draft, taken out
	// of the dataset by SplitDrafts after validation: never published.
	Drafts []Meta `json:"-"`

	campaigns     map[string]*Campaign
	actors        map[string]*Actor
	organizations map[string]*Organization
	sources       map[string]*Source
	techniques    map[string]*Technique
	places        map[string]*Place
	leads         map[string]*Lead
	indicators    map[string]*Indicators
}

// Campaign returns the campaign with id, or nil.
func (d *Dataset) Campaign(id string) *Campaign { return d.campaigns[id] }

// Actor returns the actor with id, or nil.
func (d *Dataset) Actor(id string) *Actor { return d.actors[id] }

// Organization returns the organization with id, or nil.
func (d *Dataset) Organization(id string) *Organization { return d.organizations[id] }

// Source returns the source with id, or nil.
func (d *Dataset) Source(id string) *Source { return d.sources[id] }

// Technique returns the technique with id, or nil.
func (d *Dataset) Technique(id string) *Technique { return d.techniques[id] }

// Place returns the place with id, or nil.
func (d *Dataset) Place(id string) *Place { return d.places[id] }

// Index sorts every kind by id and rebuilds the lookup maps. Call it after
// changing the slices by hand (tests, the synthetic generator).
func (d *Dataset) Index() {
	d.campaigns = index(&d.Campaigns)
	d.actors = index(&d.Actors)
	d.organizations = index(&d.Organizations)
	d.sources = index(&d.Sources)
	d.techniques = index(&d.Techniques)
	d.places = index(&d.Places)
	d.leads = index(&d.Leads)
	d.indicators = index(&d.Indicators)
}

type record interface{ meta() *Meta }

func (m *Meta) meta() *Meta { return m }

func index[T record](recs *[]T) map[string]T {
	slices.SortFunc(*recs, func(a, b T) int { return strings.Compare(a.meta().ID, b.meta().ID) })
	m := make(map[string]T, len(*recs))
	for _, r := range *recs {
		if _, dup := m[r.meta().ID]; !dup {
			m[r.meta().ID] = r
		}
	}
	return m
}

// Counts returns how many records of each kind there are.
func (d *Dataset) Counts() map[Kind]int {
	return map[Kind]int{
		KindCampaign: len(d.Campaigns), KindActor: len(d.Actors), KindOrganization: len(d.Organizations),
		KindSource: len(d.Sources), KindTechnique: len(d.Techniques), KindPlace: len(d.Places),
	}
}

// Record returns the record's id and path; every record kind has it.
func (m *Meta) Record() *Meta { return m }

// SplitDrafts moves the campaigns and sources whose status is draft out
// of d into d.Drafts, so that nothing downstream (pages, feeds, exports,
// counts, search) sees them, and re-indexes d.
func (d *Dataset) SplitDrafts() {
	d.Campaigns = slices.DeleteFunc(d.Campaigns, func(c *Campaign) bool { return d.isDraft(c.Status, c.Meta) })
	d.Sources = slices.DeleteFunc(d.Sources, func(s *Source) bool { return d.isDraft(s.Status, s.Meta) })
	d.Index()
}

// Published returns what SplitDrafts would leave of d, as a new Dataset
// that shares d's records; d itself is unchanged.
func (d *Dataset) Published() *Dataset {
	// Every list is copied: Index sorts them in place.
	p := Dataset{Campaigns: slices.Clone(d.Campaigns), Actors: slices.Clone(d.Actors), Organizations: slices.Clone(d.Organizations),
		Sources: slices.Clone(d.Sources), Techniques: slices.Clone(d.Techniques), Places: slices.Clone(d.Places),
		Leads: slices.Clone(d.Leads), Indicators: slices.Clone(d.Indicators), Drafts: slices.Clone(d.Drafts)}
	p.SplitDrafts()
	return &p
}

// isDraft reports whether a record of that status is a draft, and files
// its place in d.Drafts when it is.
func (d *Dataset) isDraft(status string, m Meta) bool {
	if status != StatusDraft {
		return false
	}
	d.Drafts = append(d.Drafts, m)
	return true
}

// StatusDraft marks a campaign or source as work in progress.
const StatusDraft = "draft"
