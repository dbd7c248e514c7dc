package page

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Row is one line of a list page's table. Only the fields a list uses are
// set. Links are from anywhere (site paths in the page language).
type Row struct {
	Link
	Code string
	// Kind is, on the actors, organizations and sources lists, the
	// record's kind as it reads in the page language.
	Kind      string
	Actors    []Link
	Targets   []Link
	Country   *Link
	First     *Date
	Last      *Date
	Published *Date
	Publisher *Link
	Campaigns int
	Sources   int
}

// Home is the model of the home page's body.
type Home struct {
	Figures []Figure
	Added   []Added
	Latest  []Row
	All     string // href of the campaigns list
	Charts  []Chart
}

// Figure is one headline figure: how many records of a kind.
type Figure struct {
	Label string
	URL   string
	Value int
}

// Added is a campaign with the day it entered the record.
type Added struct {
	Link
	Added *Date
}

// CampaignList is the model of the campaigns list in one sort order.
type CampaignList struct {
	Sorts []SortLink
	Rows  []Row
}

// SortLink is one sort order the campaigns list offers.
type SortLink struct {
	Label, URL string
	Current    bool
}

// Matrix is the model of the DISARM matrix: a column per tactic.
type Matrix struct {
	Columns []MatrixColumn
}

// MatrixColumn is one tactic and its techniques, most used first.
type MatrixColumn struct {
	Tactic
	Techniques []MatrixTechnique
}

// MatrixTechnique is one technique of the matrix: its usage and heat
// (0 unused to 4 most used); Used is "n campaigns" when used.
type MatrixTechnique struct {
	Link
	Code string
	Used string
	Heat int
}

// Places is the model of the places grid.
type Places struct {
	Tiles []PlaceTile
}

// PlaceTile is one place of the grid, with its campaign count.
type PlaceTile struct {
	Link
	Code  string
	Count string // "n campaigns"
	Heat  int
}

// latestAdditions lists the campaigns most recently added to the data, by
// the date of the first commit of their file; none without history.
func (b *Builder) latestAdditions(n int) []Added {
	var rows []Added
	for _, c := range b.d.Campaigns {
		if a := b.log.Added(c.Path); !a.IsZero() {
			rows = append(rows, Added{Link: Link{Title: b.campaignName(c), URL: b.link(RecordPath(dataset.KindCampaign, c.ID))}, Added: b.dateOfTime(a)})
		}
	}
	slices.SortStableFunc(rows, func(x, y Added) int {
		return cmp.Or(strings.Compare(y.Added.ISO, x.Added.ISO), strings.Compare(x.Title, y.Title))
	})
	return rows[:min(n, len(rows))]
}

// HomePage is the home page: headline figures, latest additions, recent
// campaigns and charts.
func (b *Builder) HomePage() Page {
	counts := b.d.Counts()
	m := &Home{All: b.link(ListPath(dataset.KindCampaign))}
	for _, k := range []dataset.Kind{dataset.KindCampaign, dataset.KindActor, dataset.KindOrganization, dataset.KindSource, dataset.KindTechnique, dataset.KindPlace} {
		m.Figures = append(m.Figures, Figure{Label: b.s.T("count_" + string(k)), URL: b.link(ListPath(k)), Value: counts[k]})
	}
	m.Added = b.latestAdditions(5)
	rows := b.campaignRows()
	m.Latest = rows[:min(8, len(rows))]
	m.Charts = b.charts()
	p := Page{Rel: "_index.html", Body: m, Meta: Meta{Title: SiteTitle, Kind: "home"}}
	b.finish(&p)
	return p
}

// charts are the home page's figures: activity per year, campaigns per
// attributed country and per target, counted from the explore facets.
func (b *Builder) charts() []Chart {
	t := b.s.T
	counts := map[string]map[string]int{}
	for _, s := range b.back.facets(b.d) {
		counts[s.key] = map[string]int{}
		for _, v := range s.values {
			counts[s.key][v.id] = len(v.campaigns)
		}
	}
	var yearBars []Bar
	if ys := slices.Sorted(maps.Keys(counts["year"])); len(ys) > 0 {
		first, _ := strconv.Atoi(ys[0])
		last, _ := strconv.Atoi(ys[len(ys)-1])
		for y := first; y <= last; y++ {
			yearBars = append(yearBars, Bar{Label: strconv.Itoa(y), Value: counts["year"][strconv.Itoa(y)]})
		}
	}
	return []Chart{
		newChart("chart-years", t("chart_years_title"), t("chart_years_desc"), t("year"), t("nav_campaigns"), yearBars),
		newChart("chart-countries", t("chart_countries_title"), t("chart_countries_desc"), t("country"), t("nav_campaigns"), b.placeBars(counts["country"], 12)),
		newChart("chart-targets", t("chart_targets_title"), t("chart_targets_desc"), t("targets"), t("nav_campaigns"), b.placeBars(counts["target"], 12)),
	}
}

func (b *Builder) placeBars(counts map[string]int, limit int) []Bar {
	var bars []Bar
	for id, n := range counts {
		l := b.siteLink(b.placeLink(id))
		bars = append(bars, Bar{Label: l.Title, Value: n, URL: l.URL})
	}
	slices.SortFunc(bars, func(x, y Bar) int { return cmp.Or(cmp.Compare(y.Value, x.Value), cmp.Compare(x.Label, y.Label)) })
	return bars[:min(limit, len(bars))]
}

// campaignSorts are the orders the campaigns list offers; each is a page,
// so sorting needs no script. The first is the list's own page.
var campaignSorts = []struct{ key, label string }{
	{"", "sort_recent"}, {"name", "sort_name"}, {"first-seen", "sort_first_seen"}, {"sources", "sort_sources"},
}

// CampaignListPage is the campaigns list sorted by key (see campaignSorts).
func (b *Builder) CampaignListPage(key string) Page {
	rows := slices.Clone(b.campaignRows())
	switch key {
	case "name":
		slices.SortStableFunc(rows, func(x, y Row) int { return strings.Compare(strings.ToLower(x.Title), strings.ToLower(y.Title)) })
	case "first-seen":
		slices.SortStableFunc(rows, func(x, y Row) int { return strings.Compare(isoOf(x.First), isoOf(y.First)) })
	case "sources":
		slices.SortStableFunc(rows, func(x, y Row) int { return cmp.Compare(y.Sources, x.Sources) })
	}
	m := &CampaignList{Rows: rows}
	var current string
	for _, s := range campaignSorts {
		m.Sorts = append(m.Sorts, SortLink{Label: b.s.T(s.label), URL: b.link(SortPath(s.key)), Current: s.key == key})
		if s.key == key {
			current = b.s.T(s.label)
		}
	}
	// The list's feed is our Atom feed of the newest campaigns
	// (Feeds), not Hugo's RSS, which would carry page bodies.
	p := Page{Rel: "campaigns/_index.html", Body: m, Meta: Meta{Title: b.s.T("nav_campaigns"), Kind: "campaigns", Feed: len(b.d.Campaigns) > 0}}
	if key != "" {
		p.Rel = "campaigns/sorted/" + key + ".html"
		p.Meta.Title += " — " + current
		p.Meta.Feed = false
	}
	b.finish(&p)
	return p
}

func isoOf(d *Date) string {
	if d == nil {
		return "9999"
	}
	return d.ISO
}

// heat buckets a usage count into 0 (unused) to 4 (most used).
func heat(n, maxN int) int {
	if n == 0 || maxN == 0 {
		return 0
	}
	return 1 + min(3, (n-1)*4/maxN)
}

// MatrixPage is the techniques list: the DISARM matrix with usage heat.
func (b *Builder) MatrixPage() Page {
	maxN := 0
	for _, t := range b.d.Techniques {
		maxN = max(maxN, len(b.back.byTechnique[t.ID]))
	}
	m := &Matrix{}
	for _, ta := range tactics {
		col := MatrixColumn{Tactic: ta}
		var counts []int
		for _, t := range b.d.Techniques {
			if t.Tactic != ta.ID {
				continue
			}
			n := len(b.back.byTechnique[t.ID])
			mt := MatrixTechnique{Link: Link{Title: t.Name, URL: b.link(RecordPath(dataset.KindTechnique, t.ID))}, Code: t.ID, Heat: heat(n, maxN)}
			if n > 0 {
				mt.Used = b.s.Count("used_by", n)
			}
			col.Techniques = append(col.Techniques, mt)
			counts = append(counts, n)
		}
		sortByCount(col.Techniques, counts)
		m.Columns = append(m.Columns, col)
	}
	p := Page{Rel: "techniques/_index.html", Body: m, Meta: Meta{Title: b.s.T("nav_techniques"), Kind: "techniques"}}
	b.finish(&p)
	return p
}

// sortByCount sorts xs by counts, highest first, keeping ties in order.
func sortByCount[T any](xs []T, counts []int) {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(counts[j], counts[i]) })
	sorted := make([]T, len(xs))
	for i, j := range idx {
		sorted[i] = xs[j]
	}
	copy(xs, sorted)
}

// PlacesPage is the places list: a grid of tiles with usage heat.
func (b *Builder) PlacesPage() Page {
	maxN := 0
	for _, p := range b.d.Places {
		maxN = max(maxN, len(b.back.byPlace[p.ID]))
	}
	var tiles []PlaceTile
	var counts []int
	for _, p := range b.d.Places {
		n := len(b.back.byPlace[p.ID])
		tiles = append(tiles, PlaceTile{Link: b.siteLink(b.placeLink(p.ID)), Code: p.ID, Count: b.s.Count("campaign_count", n), Heat: heat(n, maxN)})
		counts = append(counts, n)
	}
	idx := make([]int, len(tiles))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		return cmp.Or(cmp.Compare(counts[j], counts[i]), strings.Compare(tiles[i].Title, tiles[j].Title))
	})
	m := &Places{Tiles: make([]PlaceTile, len(tiles))}
	for i, j := range idx {
		m.Tiles[i] = tiles[j]
	}
	p := Page{Rel: "places/_index.html", Body: m, Meta: Meta{Title: b.s.T("nav_places"), Kind: "places"}}
	b.finish(&p)
	return p
}

// campaignRows are the rows of every campaign, most recent first, made
// once per language for the home page and every sort order of the list.
func (b *Builder) campaignRows() []Row {
	b.rowsOnce.Do(func() {
		for _, c := range byRecent(b.d.Campaigns) {
			b.rows = append(b.rows, b.campaignRow(c))
		}
	})
	return b.rows
}

func (b *Builder) campaignRow(c *dataset.Campaign) Row {
	row := Row{Link: Link{Title: b.campaignName(c), URL: b.link(RecordPath(dataset.KindCampaign, c.ID))}, Kind: c.Status, Sources: len(campaignSourceIDs(c))}
	for _, a := range uniq(c.Attributions, func(a dataset.Attribution) string { return a.Actor }) {
		row.Actors = append(row.Actors, b.siteLink(b.actorLink(a)))
	}
	for _, p := range uniq(c.Targets, func(t dataset.Target) string { return t.Place }) {
		row.Targets = append(row.Targets, b.siteLink(b.placeLink(p)))
	}
	if c.FirstSeen != nil {
		row.First = b.date(c.FirstSeen.Date)
	}
	if c.LastSeen != nil {
		row.Last = b.date(c.LastSeen.Date)
	}
	return row
}

// byRecent orders campaigns by their last known activity, newest first.
func byRecent(cs []*dataset.Campaign) []*dataset.Campaign {
	out := slices.Clone(cs)
	key := func(c *dataset.Campaign) dataset.Date {
		for _, cl := range []*dataset.Claim{c.LastSeen, c.FirstSeen} {
			if cl != nil && cl.Date.Valid() {
				return cl.Date
			}
		}
		return dataset.Date{}
	}
	slices.SortStableFunc(out, func(x, y *dataset.Campaign) int {
		return cmp.Or(key(y).Compare(key(x)), strings.Compare(x.Name, y.Name))
	})
	return out
}

// CampaignSorts are the keys of the campaigns list's sort orders; "" is
// the list's own page.
func CampaignSorts() []string {
	keys := make([]string, len(campaignSorts))
	for i, s := range campaignSorts {
		keys[i] = s.key
	}
	return keys
}
