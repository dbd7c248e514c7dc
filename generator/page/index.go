package page

import (
	"slices"
	"sync"

	"github.com/interference-watch/portal/generator/dataset"
)

// Index holds what every language's pages share: the dataset's reverse
// references and each campaign's related campaigns. Make it once with
// NewIndex and pass it to every Stage call of a build.
type Index = backlinks

// NewIndex computes the reverse references of d.
func NewIndex(d *dataset.Dataset) *Index { return newBacklinks(d, nil) }

// NewIndexAfter is NewIndex for data loaded again after an edit: what it
// works out of each campaign alone (the sources it cites, read from its
// prose) is taken from prev for the campaigns d shares with it, which a
// reload keeps as they were (dataset.Kept). prev may be nil.
func NewIndexAfter(d *dataset.Dataset, prev *Index) *Index { return newBacklinks(d, prev) }

// backlinks are the reverse references of the dataset, computed once.
// relatedCache is filled lazily and is safe for concurrent use.
type backlinks struct {
	order        map[*dataset.Campaign]int32 // position in the dataset, for score arrays
	n            int
	scratch      sync.Pool // *[]int32 score arrays of length n
	relatedCache sync.Map  // campaign id → []*dataset.Campaign
	byActor      map[string][]*dataset.Campaign
	byPlace      map[string][]*dataset.Campaign
	byTechnique  map[string][]*dataset.Campaign
	bySource     map[string][]*dataset.Campaign
	byAttributor map[string][]*dataset.Campaign
	sourcesByOrg map[string][]*dataset.Source
	childPlaces  map[string][]string // place id → the places whose parent it is
	facetIdx     facetIndex
	campaigns    []*dataset.Campaign            // in dataset order: position → campaign
	cited        map[*dataset.Campaign][]string // campaignSourceIDs of each
	// The same lists as byActor, byTechnique and byPlace, as positions,
	// made on first use by related.
	neighboursOnce             sync.Once
	nActor, nTechnique, nPlace map[string][]int32
}

func newBacklinks(d *dataset.Dataset, prev *backlinks) *backlinks {
	b := &backlinks{cited: make(map[*dataset.Campaign][]string, len(d.Campaigns)),
		byActor: map[string][]*dataset.Campaign{}, byPlace: map[string][]*dataset.Campaign{},
		byTechnique: map[string][]*dataset.Campaign{}, bySource: map[string][]*dataset.Campaign{},
		byAttributor: map[string][]*dataset.Campaign{}, sourcesByOrg: map[string][]*dataset.Source{},
		childPlaces: map[string][]string{},
	}
	b.order, b.n, b.campaigns = make(map[*dataset.Campaign]int32, len(d.Campaigns)), len(d.Campaigns), d.Campaigns
	for i, c := range d.Campaigns {
		b.order[c] = int32(i)
	}
	for _, c := range d.Campaigns {
		for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
			b.byActor[a] = append(b.byActor[a], c)
		}
		for _, o := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.By }) {
			b.byAttributor[o] = append(b.byAttributor[o], c)
		}
		for _, p := range uniq(c.Targets, func(t dataset.Target) string { return t.Place }) {
			b.byPlace[p] = append(b.byPlace[p], c)
		}
		for _, t := range uniq(c.Techniques, func(t dataset.TechniqueUse) string { return t.ID }) {
			b.byTechnique[t] = append(b.byTechnique[t], c)
		}
		ids, ok := []string(nil), false
		if prev != nil {
			ids, ok = prev.cited[c]
		}
		if !ok {
			ids = campaignSourceIDs(c)
		}
		b.cited[c] = ids
		for _, s := range ids {
			b.bySource[s] = append(b.bySource[s], c)
		}
	}
	for _, s := range d.Sources {
		b.sourcesByOrg[s.Publisher] = append(b.sourcesByOrg[s.Publisher], s)
	}
	for _, p := range d.Places {
		if p.Parent != "" {
			b.childPlaces[p.Parent] = append(b.childPlaces[p.Parent], p.ID)
		}
	}
	return b
}

func uniq[T any](xs []T, key func(T) string) []string {
	var out []string
	for _, x := range xs {
		if k := key(x); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// campaignSourceIDs lists every source a campaign relies on: structured
// claims, prose citations and further reading.
func campaignSourceIDs(c *dataset.Campaign) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, k := range citedKeys(c) {
		add(k)
	}
	for _, s := range c.Sources {
		add(s)
	}
	return ids
}

// related ranks other campaigns by what they share with c: an actor counts
// three, a technique or a target one each. It walks the inverted indexes
// with a score array, so its cost follows the size of c's neighbourhood,
// not of the dataset; results are kept for the other languages.
func (b *backlinks) related(c *dataset.Campaign, limit int) []*dataset.Campaign {
	if v, ok := b.relatedCache.Load(c.ID); ok {
		return v.([]*dataset.Campaign)
	}
	b.neighboursOnce.Do(b.indexNeighbours)
	sp, _ := b.scratch.Get().(*[]int32)
	if sp == nil || len(*sp) != b.n {
		s := make([]int32, b.n)
		sp = &s
	}
	score := *sp
	self := b.order[c]
	var touched []int32
	bump := func(list []int32, w int32) {
		for _, i := range list {
			if i == self {
				continue
			}
			if score[i] == 0 {
				touched = append(touched, i)
			}
			score[i] += w
		}
	}
	for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
		bump(b.nActor[a], 3)
	}
	for _, t := range uniq(c.Techniques, func(t dataset.TechniqueUse) string { return t.ID }) {
		bump(b.nTechnique[t], 1)
	}
	for _, p := range uniq(c.Targets, func(t dataset.Target) string { return t.Place }) {
		bump(b.nPlace[p], 1)
	}
	top := topN(touched, score, b.campaigns, limit)
	for _, i := range touched {
		score[i] = 0
	}
	b.scratch.Put(sp)
	b.relatedCache.Store(c.ID, top)
	return top
}

// indexNeighbours turns the campaign lists that relate campaigns into
// lists of their positions, for scoring without map lookups.
func (b *backlinks) indexNeighbours() {
	conv := func(m map[string][]*dataset.Campaign) map[string][]int32 {
		out := make(map[string][]int32, len(m))
		for k, cs := range m {
			is := make([]int32, len(cs))
			for j, c := range cs {
				is[j] = b.order[c]
			}
			out[k] = is
		}
		return out
	}
	b.nActor, b.nTechnique, b.nPlace = conv(b.byActor), conv(b.byTechnique), conv(b.byPlace)
}

// topN returns the limit best-scored campaigns among the positions
// cands, ties broken by id, without sorting the whole neighbourhood.
func topN(cands []int32, score []int32, campaigns []*dataset.Campaign, limit int) []*dataset.Campaign {
	better := func(x, y int32) bool {
		sx, sy := score[x], score[y]
		return sx > sy || (sx == sy && campaigns[x].ID < campaigns[y].ID)
	}
	top := make([]int32, 0, limit+1)
	for _, o := range cands {
		if len(top) == limit && !better(o, top[limit-1]) {
			continue
		}
		i := len(top)
		for i > 0 && better(o, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, o)
		if len(top) > limit {
			top = top[:limit]
		}
	}
	out := make([]*dataset.Campaign, len(top))
	for i, j := range top {
		out[i] = campaigns[j]
	}
	return out
}

// Ref names a record page: its record's kind and id.
type Ref struct {
	Kind dataset.Kind
	ID   string
}

// Linked lists the pages of the other records that show something of
// the record of kind k and id as d holds it: the records it names (a
// campaign's actors, attributing organizations, targeted places,
// techniques and cited sources; a source's publisher and the host of its
// copy; a place's parent; an actor's or organization's country) and the
// records that name it (the campaigns that cite a source, are attributed
// to an actor or by an organization, use a technique or target a place;
// the sources an organization publishes; the places under a place). The
// campaigns that b knows come from b's data, which may be newer than d:
// pass the data before an edit to learn what the record named then. Not
// in the list: the list pages, the home page and the related campaigns
// on other campaigns' pages.
func (b *backlinks) Linked(d *dataset.Dataset, k dataset.Kind, id string) []Ref {
	var out []Ref
	seen := map[Ref]bool{}
	add := func(k dataset.Kind, id string) {
		if r := (Ref{k, id}); id != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	campaigns := func(cs []*dataset.Campaign) {
		for _, c := range cs {
			add(dataset.KindCampaign, c.ID)
		}
	}
	switch k {
	case dataset.KindCampaign:
		c := d.Campaign(id)
		if c == nil {
			return nil
		}
		for _, a := range c.Attributions {
			add(dataset.KindActor, a.Actor)
			add(dataset.KindOrganization, a.By)
		}
		for _, t := range c.Targets {
			add(dataset.KindPlace, t.Place)
		}
		for _, t := range c.Techniques {
			add(dataset.KindTechnique, t.ID)
		}
		ids, ok := b.cited[c]
		if !ok {
			ids = campaignSourceIDs(c)
		}
		for _, s := range ids {
			add(dataset.KindSource, s)
		}
	case dataset.KindSource:
		if s := d.Source(id); s != nil {
			add(dataset.KindOrganization, s.Publisher)
			if s.Via != nil {
				add(dataset.KindOrganization, s.Via.Organization)
			}
		}
		campaigns(b.bySource[id])
	case dataset.KindActor:
		if a := d.Actor(id); a != nil {
			add(dataset.KindPlace, a.Country)
		}
		campaigns(b.byActor[id])
	case dataset.KindOrganization:
		if o := d.Organization(id); o != nil {
			add(dataset.KindPlace, o.Country)
		}
		campaigns(b.byAttributor[id])
		for _, s := range b.sourcesByOrg[id] {
			add(dataset.KindSource, s.ID)
		}
	case dataset.KindTechnique:
		campaigns(b.byTechnique[id])
	case dataset.KindPlace:
		if p := d.Place(id); p != nil {
			add(dataset.KindPlace, p.Parent)
		}
		campaigns(b.byPlace[id])
		for _, c := range b.childPlaces[id] {
			add(dataset.KindPlace, c)
		}
	}
	return out
}
