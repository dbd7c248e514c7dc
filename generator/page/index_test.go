package page

import (
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
)

func TestRelatedRanksByWhatIsShared(t *testing.T) {
	camp := func(id, actor string, places ...string) *dataset.Campaign {
		c := &dataset.Campaign{Meta: dataset.Meta{ID: id}, Attributions: []dataset.Attribution{{Actor: actor}}}
		for _, p := range places {
			c.Targets = append(c.Targets, dataset.Target{Place: p})
		}
		return c
	}
	d := &dataset.Dataset{Campaigns: []*dataset.Campaign{
		camp("a", "x", "FR", "NC"),
		camp("b", "y", "FR", "NC"), // shares two targets: 2
		camp("c", "x"),             // shares the actor: 3
		camp("d", "z", "FR"),       // shares one target: 1
		camp("e", "z", "DE"),       // shares nothing
		camp("f", "y", "NC"),       // 1, loses the tie with d on id
	}}
	d.Index()
	b := NewIndex(d)
	for range 2 { // the second call comes from the cache
		got := b.related(d.Campaign("a"), 3)
		var ids []string
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		if want := "c b d"; join(ids) != want {
			t.Errorf("related(a) = %v, want %s", ids, want)
		}
	}
	if got := b.related(d.Campaign("e"), 5); len(got) != 1 || got[0].ID != "d" {
		t.Errorf("related(e) = %v", got)
	}
}

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
