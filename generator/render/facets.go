package render

import (
	"cmp"
	"encoding/json"
	"html"
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
		for _, key := range facetKeys {
			s := facetSet{key: key, pos: map[string]int{}}
			for _, c := range d.Campaigns {
				for _, v := range facetValues(d, c, key) {
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
		for i, c := range d.Campaigns {
			b.facetIdx.of[i] = make([][]int, len(b.facetIdx.sets))
			for f, s := range b.facetIdx.sets {
				b.facetIdx.of[i][f] = []int{}
				for _, v := range facetValues(d, c, s.key) {
					b.facetIdx.of[i][f] = append(b.facetIdx.of[i][f], s.pos[v])
				}
			}
		}
	})
	return b.facetIdx.sets
}

// facetURL is the site path of a facet value's page.
func facetURL(key, value string) string {
	switch key {
	case "target":
		return placeURL(value)
	case "technique":
		return techniqueURL(value)
	}
	return "explore/" + key + "/" + strings.ToLower(value) + "/"
}

// platformNames spells the platforms the data names by id; others are
// shown as written.
var platformNames = map[string]string{
	"x": "X (Twitter)", "twitter": "Twitter", "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube",
	"tiktok": "TikTok", "telegram": "Telegram", "reddit": "Reddit", "medium": "Medium", "quora": "Quora",
	"vimeo": "Vimeo", "blogger": "Blogger", "wordpress": "WordPress", "vk": "VK", "linkedin": "LinkedIn", "pinterest": "Pinterest",
	"threads": "Threads", "bluesky": "Bluesky", "whatsapp": "WhatsApp", "soundcloud": "SoundCloud",
}

// platformName is how a platform id reads on a page.
func (r *renderer) platformName(id string) string {
	switch id {
	case "websites", "email":
		return r.pages.t("platform_" + id)
	}
	if n, ok := platformNames[id]; ok {
		return n
	}
	return id
}

// facetLabel is how a facet value reads in the page language.
func (r *renderer) facetLabel(key, value string) string {
	switch key {
	case "target", "country":
		return r.placeLink(value).Title
	case "platform":
		return r.platformName(value)
	case "technique":
		if t := r.d.Technique(value); t != nil {
			return t.ID + " " + t.Name
		}
	case "confidence":
		return r.pages.t("confidence_" + value)
	}
	return value
}

// explorePage is the explore hub: the JavaScript filter mounts at the top;
// below, every facet lists its values with counts, each linking to the
// value's static page.
func (r *renderer) explorePage() (frontMatter, string, error) {
	t := r.pages.t
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	b.WriteString(`<p>`)
	esc(t("explore_intro"))
	b.WriteString("</p>\n")
	b.WriteString(`<div id="explore-app" data-src="` + html.EscapeString(r.pages.site("explore/campaigns.json")) +
		`" data-loading="` + html.EscapeString(t("explore_loading")) + `" data-error="` + html.EscapeString(t("explore_error")) + `"></div>` + "\n")
	b.WriteString(`<section class="facets" aria-labelledby="facets-heading"><h2 id="facets-heading">`)
	esc(t("explore_browse"))
	b.WriteString("</h2>\n")
	for _, s := range r.back.facets(r.d) {
		b.WriteString(`<h3 id="facet-` + s.key + `">`)
		esc(t("facet_" + s.key))
		b.WriteString("</h3>\n")
		if len(s.values) == 0 {
			b.WriteString("<p>")
			esc(t("none_yet"))
			b.WriteString("</p>\n")
			continue
		}
		b.WriteString(`<ul class="facet-values">`)
		for _, v := range s.values {
			b.WriteString(`<li><a href="` + html.EscapeString(r.pages.site(facetURL(s.key, v.id))) + `">`)
			esc(r.facetLabel(s.key, v.id))
			b.WriteString(`</a> <span class="count">(` + strconv.Itoa(len(v.campaigns)) + ")</span></li>")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</section>\n")
	return frontMatter{Title: t("explore_title"), Description: t("explore_intro"), Params: pageParams{Kind: "explore"}}, b.String(), nil
}

// facetPage lists the campaigns of one facet value (for the facets with
// pages under explore/).
func (r *renderer) facetPage(key string, v facetVal) (frontMatter, string, error) {
	t := r.pages.t
	label := r.facetLabel(key, v.id)
	title := r.pages.tf("facet_page_"+key, "Value", label)
	var b strings.Builder
	b.WriteString("<p>" + html.EscapeString(r.pages.tf("facet_page_count", "Count", len(v.campaigns))) + "</p>\n")
	b.WriteString(`<ul class="links">`)
	for _, c := range byRecent(v.campaigns) {
		b.WriteString(`<li><a href="` + html.EscapeString(r.pages.site(campaignURL(c.ID))) + `">` + html.EscapeString(r.campaignName(c)) + "</a>")
		if p := r.period(c); p != "" {
			b.WriteString(" — " + p)
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>\n")
	b.WriteString(`<p><a href="` + html.EscapeString(r.pages.site("explore/")) + `#facet-` + key + `">` + html.EscapeString(t("explore_all_values")) + "</a></p>\n")
	return frontMatter{Title: title, Description: title, Params: pageParams{Kind: "facet", ID: key + "/" + strings.ToLower(v.id)}}, b.String(), nil
}

// period is a campaign's active period as HTML: first – last sighting.
func (r *renderer) period(c *dataset.Campaign) string {
	var parts []string
	for _, cl := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
		if cl != nil && cl.Date.Valid() {
			parts = append(parts, string(dateHTML(r.date(cl.Date))))
		}
	}
	return strings.Join(parts, " – ")
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
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	URL    string  `json:"url"`
	First  string  `json:"first,omitempty"`
	Last   string  `json:"last,omitempty"`
	Actors string  `json:"actors,omitempty"`
	F      [][]int `json:"f"`
}

// exploreStrings are the UI strings the script needs, from the page
// language's i18n file.
var exploreStrings = []string{"explore_filters", "explore_results", "explore_results_one", "explore_none", "explore_unknown",
	"explore_clear", "explore_download_csv", "explore_download_json", "explore_loading", "explore_error", "name", "period",
	"attributed_to"}

func (r *renderer) exploreData() ([]byte, error) {
	sets := r.back.facets(r.d)
	out := ExploreData{Strings: map[string]string{}}
	for _, k := range exploreStrings {
		out.Strings[k] = r.pages.t(k)
	}
	for _, s := range sets {
		f := ExploreFacet{Key: s.key, Label: r.pages.t("facet_" + s.key), Values: make([]ExploreValue, len(s.values))}
		for i, v := range s.values {
			f.Values[i] = ExploreValue{ID: v.id, Label: r.facetLabel(s.key, v.id), URL: r.pages.site(facetURL(s.key, v.id)), N: len(v.campaigns)}
		}
		out.Facets = append(out.Facets, f)
	}
	for _, c := range byRecent(r.d.Campaigns) {
		ec := ExploreCampaign{ID: c.ID, Name: r.campaignName(c), URL: r.pages.site(campaignURL(c.ID)), F: r.back.facetIdx.of[r.back.order[c]]}
		if c.FirstSeen != nil && c.FirstSeen.Date.Valid() {
			ec.First = c.FirstSeen.Date.String()
		}
		if c.LastSeen != nil && c.LastSeen.Date.Valid() {
			ec.Last = c.LastSeen.Date.String()
		}
		var actors []string
		for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
			actors = append(actors, r.actorLink(a).Title)
		}
		ec.Actors = strings.Join(actors, ", ")
		out.Campaigns = append(out.Campaigns, ec)
	}
	return json.Marshal(out)
}
