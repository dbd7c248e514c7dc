package page

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

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

// Added is a campaign with the day it entered the record or, when the
// build has no history (Seen), its first sighting instead.
type Added struct {
	Link
	Added *Date
	Seen  bool
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

// Matrix is the model of the DISARM matrix: the tactics grouped by
// phase, and the legend of its shading.
type Matrix struct {
	Phases []MatrixPhase
	Legend []UsageStep
}

// MatrixPhase is one phase of the framework (plan, prepare, execute,
// assess) and its tactics in matrix order.
type MatrixPhase struct {
	ID, Label string
	Columns   []MatrixColumn
}

// MatrixColumn is one tactic: the techniques recorded campaigns used,
// most used first, and the others, folded under Unused ("12 techniques
// not yet recorded").
type MatrixColumn struct {
	Tactic
	Used         []MatrixTechnique
	Unused       []MatrixTechnique
	UnusedLabel  string
	NoTechniques bool // the tactic has no technique at all in the data
}

// MatrixTechnique is one technique of the matrix: its usage step (Heat,
// 0 unused, else an index into usageSteps plus one) and, when used, its
// count as text ("3 campaigns").
type MatrixTechnique struct {
	Link
	Code string
	Used string
	Heat int
}

// UsageStep is one step of the matrix's shading scale, for its legend:
// the class step (1 to 4) and what it means ("2–3 campaigns").
type UsageStep struct {
	Heat  int
	Label string
}

// usageSteps are the lower bounds of the matrix's shading steps, in
// campaigns: fixed, so a shade means the same count on every build and
// each step is told apart by the legend (1; 2–3; 4–9; 10 or more).
var usageSteps = []int{1, 2, 4, 10}

// usageStep is the shading step of a technique used by n campaigns: 0
// when unused, else 1 to len(usageSteps).
func usageStep(n int) int {
	step := 0
	for i, lo := range usageSteps {
		if n >= lo {
			step = i + 1
		}
	}
	return step
}

// usageLegend names each shading step in the page language.
func (b *Builder) usageLegend() []UsageStep {
	var out []UsageStep
	for i, lo := range usageSteps {
		st := UsageStep{Heat: i + 1}
		switch {
		case i == len(usageSteps)-1:
			st.Label = b.s.Count("usage_at_least", lo)
		case usageSteps[i+1]-1 == lo:
			st.Label = b.s.Count("used_by", lo)
		default:
			st.Label = b.s.CountFill("usage_range", usageSteps[i+1]-1, "From", strconv.Itoa(lo))
		}
		out = append(out, st)
	}
	return out
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

// latestAdditions lists the campaigns most recently added to the data,
// newest first: each by the time of the first commit of its file, or,
// without history, by the same fallback as the feeds (its first
// sighting, see campaignTimes), so each shows its own date.
func (b *Builder) latestAdditions(n int) []Added {
	type added struct {
		Added
		at time.Time
	}
	var rows []added
	for _, c := range b.d.Campaigns {
		a, _ := b.campaignTimes(c)
		if a.IsZero() {
			continue
		}
		r := added{Added{Link: Link{Title: b.campaignName(c), URL: b.link(RecordPath(dataset.KindCampaign, c.ID))}, Added: b.dateOfTime(a)}, a}
		if b.log.Added(c.Path).IsZero() {
			r.Added.Added, r.Seen = b.sighting(c), true // the fallback keeps its precision: "July 2023"
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(x, y added) int {
		return cmp.Or(y.at.Compare(x.at), strings.Compare(x.Title, y.Title))
	})
	out := make([]Added, 0, min(n, len(rows)))
	for _, r := range rows[:min(n, len(rows))] {
		out = append(out, r.Added)
	}
	return out
}

// sighting is a campaign's first dated sighting (first_seen, else
// last_seen) at its own precision: the date campaignTimes falls back on.
func (b *Builder) sighting(c *dataset.Campaign) *Date {
	for _, cl := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
		if cl != nil && cl.Date.Valid() {
			return b.date(cl.Date)
		}
	}
	return nil
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

// MatrixPage is the techniques list: the DISARM matrix, each tactic's
// used techniques first with their counts and shading, the rest folded.
func (b *Builder) MatrixPage() Page {
	m := &Matrix{Legend: b.usageLegend()}
	for _, ta := range tactics {
		if len(m.Phases) == 0 || m.Phases[len(m.Phases)-1].ID != ta.Phase {
			m.Phases = append(m.Phases, MatrixPhase{ID: ta.Phase, Label: b.s.T("phase_" + ta.Phase)})
		}
		ph := &m.Phases[len(m.Phases)-1]
		ph.Columns = append(ph.Columns, b.matrixColumn(ta))
	}
	p := Page{Rel: "techniques/_index.html", Body: m, Meta: Meta{Title: b.s.T("nav_techniques"), Kind: "techniques"}}
	b.finish(&p)
	return p
}

// matrixColumn is one tactic's techniques, split into used (most used
// first, ties in the data's order) and unused.
func (b *Builder) matrixColumn(ta Tactic) MatrixColumn {
	col := MatrixColumn{Tactic: ta, NoTechniques: true}
	var counts []int
	for _, t := range b.d.Techniques {
		if t.Tactic != ta.ID {
			continue
		}
		col.NoTechniques = false
		n := len(b.back.byTechnique[t.ID])
		mt := MatrixTechnique{Link: Link{Title: t.Name, URL: b.link(RecordPath(dataset.KindTechnique, t.ID))}, Code: t.ID, Heat: usageStep(n)}
		if n == 0 {
			col.Unused = append(col.Unused, mt)
			continue
		}
		mt.Used = b.s.Count("used_by", n)
		col.Used = append(col.Used, mt)
		counts = append(counts, n)
	}
	sortByCount(col.Used, counts)
	if len(col.Unused) > 0 {
		col.UnusedLabel = b.s.Count("matrix_unused", len(col.Unused))
	}
	return col
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
