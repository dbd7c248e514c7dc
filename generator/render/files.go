package render

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

// feedEntries caps each Atom feed: the newest campaigns.
const feedEntries = 50

// SiteTitle is the site's name in feeds.
const SiteTitle = "Interference Watch"

// FeedName is the file name of a record's Atom feed, in its page folder.
const FeedName = "atom.xml"

// writeFiles writes the language's outputs that are not pages, through w
// with paths from the site root: the explore page's data and an Atom feed
// of the campaigns of each actor, place and technique, and of the changes.
func (r *renderer) writeFiles(w Writer) (int, error) {
	dir := ""
	if r.lang != r.defaultLang {
		dir = r.lang + "/"
	}
	type fileJob struct {
		path  string
		build func() ([]byte, error)
	}
	jobs := []fileJob{{dir + "explore/campaigns.json", r.exploreData}, {dir + "changes/" + FeedName, r.changesAtom}}
	feed := func(page, title string, cs []*dataset.Campaign, dataPath string) {
		jobs = append(jobs, fileJob{dir + page + FeedName, func() ([]byte, error) { return r.atom(page, title, cs, dataPath) }})
	}
	for _, a := range r.d.Actors {
		feed(actorURL(a.ID), r.pages.tf("feed_title_actor", "Name", a.Name), r.back.byActor[a.ID], a.Path)
	}
	for _, p := range r.d.Places {
		feed(placeURL(p.ID), r.pages.tf("feed_title_place", "Name", r.placeName(p)), r.back.byPlace[p.ID], p.Path)
	}
	for _, t := range r.d.Techniques {
		feed(techniqueURL(t.ID), r.pages.tf("feed_title_technique", "Name", t.ID+" "+t.Name), r.back.byTechnique[t.ID], t.Path)
	}
	err := forEach(len(jobs), func() func(int) error {
		return func(i int) error {
			data, err := jobs[i].build()
			if err != nil {
				return err
			}
			return w.WriteFile(jobs[i].path, data)
		}
	})
	return len(jobs), err
}

// Atom 1.0 (RFC 4287), only the elements the feeds use.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary,omitempty"`
}

// campaignTimes are when a campaign entered the data and when it last
// changed, from git; without history, its first and last sightings.
func (r *renderer) campaignTimes(c *dataset.Campaign) (added, updated time.Time) {
	if a := r.log.Added(c.Path); !a.IsZero() {
		return a.UTC(), r.log.Updated(c.Path).UTC()
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

// atom is the feed of the campaigns linked to one record, the newest
// additions first. Its dates come from the data's history, so a feed only
// changes when its campaigns do.
func (r *renderer) atom(page, title string, cs []*dataset.Campaign, dataPath string) ([]byte, error) {
	type item struct {
		c              *dataset.Campaign
		added, updated time.Time
	}
	items := make([]item, len(cs))
	for i, c := range cs {
		a, u := r.campaignTimes(c)
		items[i] = item{c, a, u}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(b.added.Compare(a.added), strings.Compare(a.c.ID, b.c.ID))
	})
	items = items[:min(len(items), feedEntries)]
	updated := r.log.Updated(dataPath).UTC()
	f := r.newFeed(page, title)
	for _, it := range items {
		e := atomEntry{ID: r.permalink(campaignURL(it.c.ID)), Title: r.campaignName(it.c),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: r.permalink(campaignURL(it.c.ID))}},
			Summary: r.describeCampaign(it.c)}
		if !it.updated.IsZero() {
			e.Updated = it.updated.Format(time.RFC3339)
			if it.updated.After(updated) {
				updated = it.updated
			}
		}
		if !it.added.IsZero() {
			e.Published = it.added.Format(time.RFC3339)
		}
		if e.Updated == "" {
			e.Updated = r.now.UTC().Format(time.RFC3339)
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = r.now.UTC()
	}
	f.Updated = updated.Format(time.RFC3339)
	return encodeAtom(f)
}

// newFeed starts the Atom feed of a page: its id is the feed's address,
// and it links to itself and to the page.
func (r *renderer) newFeed(page, title string) atomFeed {
	self := r.permalink(page + FeedName)
	return atomFeed{Lang: r.lang, ID: self, Title: title, Author: atomPerson{SiteTitle},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: r.permalink(page)}}}
}

func encodeAtom(f atomFeed) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// describeCampaign is the campaign's description in the page language,
// made once: a campaign is in the feed of each of its actors, targets
// and techniques.
func (r *renderer) describeCampaign(c *dataset.Campaign) string {
	if v, ok := r.descriptions.Load(c); ok {
		return v.(string)
	}
	s := Describe(r.campaignSummary(c))
	r.descriptions.Store(c, s)
	return s
}

// campaignSummary is the campaign's summary in the page language, or in
// English.
func (r *renderer) campaignSummary(c *dataset.Campaign) string {
	if tr := translation(c.FR, r.lang); tr != nil && tr.Summary != "" {
		return tr.Summary
	}
	return c.Summary
}
