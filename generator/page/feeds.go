package page

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

// feedEntries caps each Atom feed: the newest campaigns.
const feedEntries = 50

// Feed is the model of an Atom feed (generator/feed writes it): its id is
// its own address, and it links to itself and to its page.
type Feed struct {
	Path    string // from the site root, such as fr/actors/baku/atom.xml
	Lang    string
	ID      string
	Title   string
	Updated time.Time
	Self    string
	Page    string // the page's permalink
	Entries []FeedEntry
}

// FeedEntry is one entry of a feed; Published is zero when unknown.
type FeedEntry struct {
	ID, Title, Summary string
	// TitleLang is the title's language when it is not the feed's (commit
	// messages are in English).
	TitleLang          string
	Updated, Published time.Time
	Links              []FeedLink
}

// FeedLink is a link of a feed entry.
type FeedLink struct {
	Rel, Type, Href string
}

// Feeds are the language's Atom feeds, to build in any order: the
// campaigns of each actor, place and technique, and the changes.
//
// A feed with no entry is neither written nor linked (but for the
// changes feed, written always): a reader who subscribes gets something.
func (b *Builder) Feeds() []func() Feed {
	// The changes feed is always written (the data page links it), but the
	// changes page announces it only when there are changes.
	out := []func() Feed{b.changesFeed}
	add := func(page, title string, cs []*dataset.Campaign, dataPath string) {
		if len(cs) > 0 {
			out = append(out, func() Feed { return b.campaignFeed(page, title, cs, dataPath) })
		}
	}
	add("campaigns/", b.s.T("nav_campaigns")+" · "+SiteTitle, b.d.Campaigns, "")
	for _, a := range b.d.Actors {
		add(RecordPath(dataset.KindActor, a.ID), b.s.Fill("feed_title_actor", "Name", b.actorName(a)), b.back.byActor[a.ID], a.Path)
	}
	for _, p := range b.d.Places {
		add(RecordPath(dataset.KindPlace, p.ID), b.s.Fill("feed_title_place", "Name", b.placeName(p)), b.back.byPlace[p.ID], p.Path)
	}
	for _, t := range b.d.Techniques {
		add(RecordPath(dataset.KindTechnique, t.ID), b.s.Fill("feed_title_technique", "Name", t.ID+" "+t.Name), b.back.byTechnique[t.ID], t.Path)
	}
	return out
}

// feedCampaigns are the campaigns the feed of record (k, id) lists.
func (b *Builder) feedCampaigns(k dataset.Kind, id string) []*dataset.Campaign {
	switch k {
	case dataset.KindActor:
		return b.back.byActor[id]
	case dataset.KindPlace:
		return b.back.byPlace[id]
	case dataset.KindTechnique:
		return b.back.byTechnique[id]
	}
	return nil
}

// newFeed starts the Atom feed of the page at path p.
func (b *Builder) newFeed(p, title string) Feed {
	dir := ""
	if b.lang != b.site.DefaultLang {
		dir = b.lang + "/"
	}
	self := b.permalink(p + FeedName)
	return Feed{Path: dir + p + FeedName, Lang: b.lang, ID: self, Title: title, Self: self, Page: b.permalink(p)}
}

// campaignTimes are when a campaign entered the data and when it last
// changed, from git; without history, its first and last sightings.
func (b *Builder) campaignTimes(c *dataset.Campaign) (added, updated time.Time) {
	if a := b.log.Added(c.Path); !a.IsZero() {
		return a.UTC(), b.log.Updated(c.Path).UTC()
	}
	for _, cl := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
		if cl != nil && cl.Date.Valid() {
			if added.IsZero() {
				added = cl.Date.Start()
			}
			updated = cl.Date.Start()
		}
	}
	return added, updated
}

// campaignFeed is the feed of the campaigns linked to one record, the
// newest additions first. Its dates come from the data's history, so a
// feed only changes when its campaigns do.
func (b *Builder) campaignFeed(page, title string, cs []*dataset.Campaign, dataPath string) Feed {
	type item struct {
		c              *dataset.Campaign
		added, updated time.Time
	}
	items := make([]item, len(cs))
	for i, c := range cs {
		a, u := b.campaignTimes(c)
		items[i] = item{c, a, u}
	}
	slices.SortStableFunc(items, func(x, y item) int {
		return cmp.Or(y.added.Compare(x.added), strings.Compare(x.c.ID, y.c.ID))
	})
	items = items[:min(len(items), feedEntries)]
	updated := b.log.Updated(dataPath).UTC()
	f := b.newFeed(page, title)
	for _, it := range items {
		u := b.permalink(RecordPath(dataset.KindCampaign, it.c.ID))
		e := FeedEntry{ID: u, Title: b.campaignName(it.c), Links: []FeedLink{{Rel: "alternate", Type: "text/html", Href: u}},
			Summary: b.describeCampaign(it.c), Updated: it.updated, Published: it.added}
		if it.updated.After(updated) {
			updated = it.updated
		}
		if e.Updated.IsZero() {
			e.Updated = b.now.UTC()
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = b.now.UTC()
	}
	f.Updated = updated
	return f
}

// changesFeed is the feed of the changes page: the latest commits to the
// data, each with the records it added, changed or removed.
func (b *Builder) changesFeed() Feed {
	t := b.s.T
	page := "changes/"
	f := b.newFeed(page, t("changes_title")+" · "+SiteTitle)
	f.Updated = b.now.UTC()
	for i, c := range b.log.Changes[:min(len(b.log.Changes), feedEntries)] {
		if i == 0 {
			f.Updated = c.Date.UTC()
		}
		var parts []string
		for _, rec := range b.changedRecords(c) {
			name := rec.Title
			if !rec.Found {
				name = rec.Path
			}
			if rec.Status != "modified" {
				name += " (" + t("change_"+rec.Status) + ")"
			}
			parts = append(parts, name)
		}
		u := b.permalink(page) + "#" + changeAnchor(c)
		e := FeedEntry{ID: u, Title: c.Subject, TitleLang: otherLang("en", b.lang), Updated: c.Date.UTC(), Links: []FeedLink{{Rel: "alternate", Type: "text/html", Href: u}},
			Summary: strings.Join(parts, "; ")}
		if b.repo != "" {
			e.Links = append(e.Links, FeedLink{Rel: "related", Type: "text/html", Href: b.repo + "/commit/" + c.Commit})
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}

// describeCampaign is the campaign's description in the page language,
// made once: a campaign is in the feed of each of its actors, targets
// and techniques.
func (b *Builder) describeCampaign(c *dataset.Campaign) string {
	if v, ok := b.descriptions.Load(c); ok {
		return v.(string)
	}
	s := Describe(b.campaignSummary(c))
	b.descriptions.Store(c, s)
	return s
}
