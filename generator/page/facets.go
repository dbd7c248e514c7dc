package page

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/interference-watch/portal/generator/dataset"
)

// Facets are the ways the explore page slices the campaigns. Every value
// of every facet has a static page that lists its campaigns, so the
// explore page works without JavaScript: targets have their place page,
// techniques their technique page, and the other facets a page under
// explore/<facet>/<value>/. With JavaScript the explore page combines
// facets (any value within a facet, every facet across them).
var facetKeys = []string{"target", "country", "platform", "technique", "year", "confidence"}

// facetOwnPage says which facets have pages under explore/.
func facetOwnPage(key string) bool { return key != "target" && key != "technique" }

// facetValues returns a campaign's values for a facet, without repeats.
func facetValues(d *dataset.Dataset, c *dataset.Campaign, key string) []string {
	switch key {
	case "target":
		return uniq(c.Targets, func(t dataset.Target) string { return t.Place })
	case "country":
		return uniq(c.Attributions, func(a dataset.Attribution) string {
			if act := d.Actor(a.Actor); act != nil {
				return act.Country
			}
			return ""
		})
	case "platform":
		return uniq(c.Platforms, func(p dataset.Platform) string { return p.Name })
	case "technique":
		return uniq(c.Techniques, func(t dataset.TechniqueUse) string { return t.ID })
	case "year":
		years := d.ActiveYears(c)
		out := make([]string, len(years))
		for i, y := range years {
			out[i] = strconv.Itoa(y)
		}
		return out
	case "confidence":
		return uniq(c.Attributions, func(a dataset.Attribution) string { return a.Confidence })
	}
	return nil
}

// facetSet is one facet's values, most used first (years newest first).
type facetSet struct {
	key    string
	values []facetVal
	pos    map[string]int // value → index in values
}

type facetVal struct {
	id        string
	campaigns []*dataset.Campaign // in dataset order
}

// facetIndex is computed once per build and shared by the languages.
type facetIndex struct {
	once sync.Once
	sets []facetSet
	// of holds, by campaign position in the dataset and facet, the
	// positions of the campaign's values in that facet's sorted values.
	of [][][]int
}

func (b *backlinks) facets(d *dataset.Dataset) []facetSet {
	b.facetIdx.once.Do(func() {
		// each campaign's values in each facet, worked out once
		vals := make([][][]string, len(facetKeys))
		for f, key := range facetKeys {
			s := facetSet{key: key, pos: map[string]int{}}
			vals[f] = make([][]string, len(d.Campaigns))
			for ci, c := range d.Campaigns {
				vals[f][ci] = facetValues(d, c, key)
				for _, v := range vals[f][ci] {
					i, ok := s.pos[v]
					if !ok {
						i = len(s.values)
						s.pos[v] = i
						s.values = append(s.values, facetVal{id: v})
					}
					s.values[i].campaigns = append(s.values[i].campaigns, c)
				}
			}
			slices.SortStableFunc(s.values, func(a, b facetVal) int {
				if key == "year" {
					return strings.Compare(b.id, a.id)
				}
				return cmp.Or(cmp.Compare(len(b.campaigns), len(a.campaigns)), strings.Compare(a.id, b.id))
			})
			for i, v := range s.values {
				s.pos[v.id] = i
			}
			b.facetIdx.sets = append(b.facetIdx.sets, s)
		}
		b.facetIdx.of = make([][][]int, len(d.Campaigns))
		for i := range d.Campaigns {
			b.facetIdx.of[i] = make([][]int, len(b.facetIdx.sets))
			for f, s := range b.facetIdx.sets {
				b.facetIdx.of[i][f] = []int{}
				for _, v := range vals[f][i] {
					b.facetIdx.of[i][f] = append(b.facetIdx.of[i][f], s.pos[v])
				}
			}
		}
	})
	return b.facetIdx.sets
}

// platformNames spells the platforms the data names by id; others are
// shown as written.
var platformNames = map[string]string{
	"x": "X (Twitter)", "twitter": "Twitter", "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube",
	"tiktok": "TikTok", "telegram": "Telegram", "reddit": "Reddit", "medium": "Medium", "quora": "Quora",
	"vimeo": "Vimeo", "blogger": "Blogger", "wordpress": "WordPress", "vk": "VK", "linkedin": "LinkedIn", "pinterest": "Pinterest",
	"threads": "Threads", "bluesky": "Bluesky", "whatsapp": "WhatsApp", "soundcloud": "SoundCloud",
	"wikipedia": "Wikipedia", "wechat": "WeChat", "odnoklassniki": "Odnoklassniki", "4chan": "4chan", "weibo": "Weibo",
	"gab": "Gab", "truth-social": "Truth Social", "rumble": "Rumble", "discord": "Discord", "twitch": "Twitch",
}

// platformName is how a platform id reads on a page.
func (b *Builder) platformName(id string) string {
	switch id {
	case "websites", "email", "sms", "forums", "podcasts", "messaging-apps", "television", "radio", "print":
		return b.s.T("platform_" + id)
	}
	if n, ok := platformNames[id]; ok {
		return n
	}
	if id == "" {
		return ""
	}
	// a platform not spelled above reads as a name, not as an id
	name := strings.ReplaceAll(id, "-", " ")
	return strings.ToUpper(name[:1]) + name[1:]
}

// facetLang is the language of a facet's labels when it is not the
// page's: techniques keep DISARM's English names.
func (b *Builder) facetLang(key string) string {
	if key == "technique" {
		return otherLang("en", b.lang)
	}
	return ""
}

// facetLabel is how a facet value reads in the page language.
func (b *Builder) facetLabel(key, value string) string {
	switch key {
	case "target", "country":
		return b.placeLink(value).Title
	case "platform":
		return b.platformName(value)
	case "technique":
		if t := b.d.Technique(value); t != nil {
			return t.ID + " " + t.Name
		}
	case "confidence":
		return b.s.T("confidence_" + value)
	}
	return value
}

// Explore is the model of the explore hub. Everything the filter shows
// at first is in the page, so nothing moves when its script starts: the
// filter form (shown only where scripts run, its boxes disabled until the
// data has loaded), the count and the list of every campaign (the
// selection with no filter). Below, every facet lists its values with
// counts, each linking to the value's static page, for reading without
// JavaScript.
type Explore struct {
	Data    string // href of the explore data (ExploreData)
	Facets  []ExploreFacetList
	Count   string // "73 campaigns match"
	Results []ExploreRow
}

// ExploreFacetList is one facet of the explore hub and its values.
type ExploreFacetList struct {
	Key    string
	Label  string
	Values []FacetLink
}

// FacetLink is one facet value: its id (as in the explore URL), page and
// number of campaigns.
type FacetLink struct {
	Link
	ID    string
	Count int
}

// ExploreRow is one campaign of the explore list: its page, active
// period (dates written out in the page language) and attributed actors.
type ExploreRow struct {
	Link
	First, Last *Date
	Actors      string
}

// ExplorePage is the explore hub.
func (b *Builder) ExplorePage() Page {
	m := &Explore{Data: b.link("explore/campaigns.json")}
	for _, s := range b.back.facets(b.d) {
		f := ExploreFacetList{Key: s.key, Label: b.s.T("facet_" + s.key)}
		for _, v := range s.values {
			f.Values = append(f.Values, FacetLink{Link: Link{Title: b.facetLabel(s.key, v.id), URL: b.link(FacetPath(s.key, v.id)), Lang: b.facetLang(s.key)}, ID: v.id, Count: len(v.campaigns)})
		}
		m.Facets = append(m.Facets, f)
	}
	m.Count = b.exploreCount(len(b.d.Campaigns))
	for _, c := range byRecent(b.d.Campaigns)[:min(exploreShown, len(b.d.Campaigns))] {
		m.Results = append(m.Results, b.exploreRow(c))
	}
	p := Page{Rel: "explore/_index.html", Body: m, Meta: Meta{Title: b.s.T("explore_title"), Description: b.s.T("explore_intro"), Kind: "explore"}}
	b.finish(&p)
	return p
}

// exploreShown is how many campaigns the explore list shows at most, in
// the page and in its script (MAX_SHOWN in explore.js).
const exploreShown = 500

// exploreCount is the explore page's count line before any filter, the
// same text its script writes (explore_results and explore_results_one).
func (b *Builder) exploreCount(n int) string { return b.s.Count("explore_matching", n) }

func (b *Builder) exploreRow(c *dataset.Campaign) ExploreRow {
	r := ExploreRow{Link: Link{Title: b.campaignName(c), URL: b.link(RecordPath(dataset.KindCampaign, c.ID))}}
	if c.FirstSeen != nil {
		r.First = b.date(c.FirstSeen.Date)
	}
	if c.LastSeen != nil {
		r.Last = b.date(c.LastSeen.Date)
	}
	var actors []string
	for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
		actors = append(actors, b.actorLink(a).Title)
	}
	r.Actors = strings.Join(actors, ", ")
	return r
}

// Facet is the model of one facet value's page: its campaigns.
type Facet struct {
	Count     string // "n campaigns"
	Campaigns []FacetCampaign
	All       string // href of the facet's values on the explore hub
}

// FacetCampaign is a campaign with its active period.
type FacetCampaign struct {
	Link
	First, Last *Date
}

// FacetPages are the pages of the facet values that have their own page
// under explore/ (the targets and techniques have their record's).
func (b *Builder) FacetPages() []func() Page {
	var out []func() Page
	for _, s := range b.back.facets(b.d) {
		if !facetOwnPage(s.key) {
			continue
		}
		for _, v := range s.values {
			out = append(out, func() Page { return b.facetPage(s.key, v) })
		}
	}
	return out
}

func (b *Builder) facetPage(key string, v facetVal) Page {
	title := b.s.Fill("facet_page_"+key, "Value", b.facetLabel(key, v.id))
	m := &Facet{Count: b.s.Count("facet_page_count", len(v.campaigns)), All: b.link("explore/") + "#facet-" + key}
	for _, c := range byRecent(v.campaigns) {
		fc := FacetCampaign{Link: Link{Title: b.campaignName(c), URL: b.link(RecordPath(dataset.KindCampaign, c.ID))}}
		for i, cl := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
			if cl == nil || !cl.Date.Valid() {
				continue
			}
			if i == 0 {
				fc.First = b.date(cl.Date)
			} else {
				fc.Last = b.date(cl.Date)
			}
		}
		m.Campaigns = append(m.Campaigns, fc)
	}
	id := strings.ToLower(v.id)
	p := Page{Rel: "explore/" + key + "/" + id + ".html", Body: m, Meta: Meta{Title: title, Description: title, Kind: "facet", ID: key + "/" + id}}
	b.finish(&p)
	return p
}

// ExploreData is the JSON the explore page's script loads: the facets
// with their values in the page language, and every campaign with the
// positions of its values in each facet.
type ExploreData struct {
	Strings   map[string]string `json:"strings"`
	Facets    []ExploreFacet    `json:"facets"`
	Campaigns []ExploreCampaign `json:"campaigns"`
}

// ExploreFacet is one facet in ExploreData.
type ExploreFacet struct {
	Key    string         `json:"key"`
	Label  string         `json:"label"`
	Values []ExploreValue `json:"values"`
}

// ExploreValue is one value of a facet: its id (as in the URL), label,
// page and number of campaigns.
type ExploreValue struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	URL   string `json:"url"`
	N     int    `json:"n"`
}

// ExploreCampaign is one campaign in ExploreData; F holds, per facet in
// order, the indexes of its values.
type ExploreCampaign struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	URL   string `json:"url"`
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
	// FirstText and LastText are First and Last written out in the page
	// language, as precise as the data ("July 2023", "juillet 2023").
	FirstText string  `json:"first_text,omitempty"`
	LastText  string  `json:"last_text,omitempty"`
	Actors    string  `json:"actors,omitempty"`
	F         [][]int `json:"f"`
}

// exploreStrings are the UI strings the script needs, from the page
// language's i18n file.
var exploreStrings = []string{"explore_filters", "explore_results", "explore_results_one", "explore_none", "explore_unknown",
	"explore_clear", "explore_download_csv", "explore_download_json", "explore_loading", "explore_error", "name", "period",
	"attributed_to"}

// ExploreData is the data of the explore page's script.
func (b *Builder) ExploreData() ExploreData {
	sets := b.back.facets(b.d)
	out := ExploreData{Strings: map[string]string{}}
	for _, k := range exploreStrings {
		out.Strings[k] = b.s.T(k)
	}
	for _, s := range sets {
		f := ExploreFacet{Key: s.key, Label: b.s.T("facet_" + s.key), Values: make([]ExploreValue, len(s.values))}
		for i, v := range s.values {
			f.Values[i] = ExploreValue{ID: v.id, Label: b.facetLabel(s.key, v.id), URL: b.link(FacetPath(s.key, v.id)), N: len(v.campaigns)}
		}
		out.Facets = append(out.Facets, f)
	}
	for _, c := range byRecent(b.d.Campaigns) {
		r := b.exploreRow(c)
		ec := ExploreCampaign{ID: c.ID, Name: r.Title, URL: r.URL, Actors: r.Actors, F: b.back.facetIdx.of[b.back.order[c]]}
		if r.First != nil {
			ec.First, ec.FirstText = r.First.ISO, r.First.Text
		}
		if r.Last != nil {
			ec.Last, ec.LastText = r.Last.ISO, r.Last.Text
		}
		out.Campaigns = append(out.Campaigns, ec)
	}
	return out
}
