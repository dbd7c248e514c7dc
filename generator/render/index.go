package render

import (
	"slices"

	"github.com/interference-watch/portal/generator/dataset"
)

// backlinks are the reverse references of the dataset, computed once.
type backlinks struct {
	byActor      map[string][]*dataset.Campaign
	byPlace      map[string][]*dataset.Campaign
	byTechnique  map[string][]*dataset.Campaign
	bySource     map[string][]*dataset.Campaign
	byAttributor map[string][]*dataset.Campaign
	sourcesByOrg map[string][]*dataset.Source
}

func newBacklinks(d *dataset.Dataset) *backlinks {
	b := &backlinks{
		byActor: map[string][]*dataset.Campaign{}, byPlace: map[string][]*dataset.Campaign{},
		byTechnique: map[string][]*dataset.Campaign{}, bySource: map[string][]*dataset.Campaign{},
		byAttributor: map[string][]*dataset.Campaign{}, sourcesByOrg: map[string][]*dataset.Source{},
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
		for _, s := range campaignSourceIDs(c) {
			b.bySource[s] = append(b.bySource[s], c)
		}
	}
	for _, s := range d.Sources {
		b.sourcesByOrg[s.Publisher] = append(b.sourcesByOrg[s.Publisher], s)
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
// three, a technique or a target one each. It walks the inverted indexes,
// so its cost follows the size of c's neighbourhood, not of the dataset.
func (b *backlinks) related(c *dataset.Campaign, limit int) []*dataset.Campaign {
	score := map[*dataset.Campaign]int{}
	bump := func(list []*dataset.Campaign, w int) {
		for _, o := range list {
			if o != c {
				score[o] += w
			}
		}
	}
	for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
		bump(b.byActor[a], 3)
	}
	for _, t := range uniq(c.Techniques, func(t dataset.TechniqueUse) string { return t.ID }) {
		bump(b.byTechnique[t], 1)
	}
	for _, p := range uniq(c.Targets, func(t dataset.Target) string { return t.Place }) {
		bump(b.byPlace[p], 1)
	}
	return topN(score, limit)
}

// topN returns the limit best-scored campaigns, ties broken by id, without
// sorting the whole neighbourhood.
func topN(score map[*dataset.Campaign]int, limit int) []*dataset.Campaign {
	better := func(x, y *dataset.Campaign) bool {
		return score[x] > score[y] || (score[x] == score[y] && x.ID < y.ID)
	}
	top := make([]*dataset.Campaign, 0, limit+1)
	for o := range score {
		if len(top) == limit && !better(o, top[limit-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, o, func(a, b *dataset.Campaign) int {
			if better(a, b) {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, i, o)
		if len(top) > limit {
			top = top[:limit]
		}
	}
	return top
}
