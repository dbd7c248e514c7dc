package render

import (
	"cmp"
	"html"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// sitePrefix is the path every site link starts with: the base URL's path
// and, outside the default language, the language folder.
func sitePrefix(baseURL, lang, defaultLang string) string {
	p := "/"
	if u, err := url.Parse(baseURL); err == nil && u.Path != "" {
		p = u.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if lang != defaultLang && lang != "" {
		p += lang + "/"
	}
	return p
}

type figure struct {
	Label, URL string
	Value      int
}

type chartView struct {
	Chart Chart
	SVG   any
}

type homeView struct {
	Figures []figure
	Added   []addedRow
	Latest  []Row
	Charts  []chartView
}

// addedRow is a campaign with the day it entered the record.
type addedRow struct {
	Link
	Added *Date
}

// latestAdditions lists the campaigns most recently added to the data, by
// the date of the first commit of their file; none without history.
func (r *renderer) latestAdditions(n int) []addedRow {
	var rows []addedRow
	for _, c := range r.d.Campaigns {
		if a := r.log.Added(c.Path); !a.IsZero() {
			rows = append(rows, addedRow{Link: Link{Title: r.campaignName(c), URL: campaignURL(c.ID)}, Added: r.dateOfTime(a)})
		}
	}
	slices.SortStableFunc(rows, func(a, b addedRow) int {
		return cmp.Or(strings.Compare(b.Added.ISO, a.Added.ISO), strings.Compare(a.Title, b.Title))
	})
	return rows[:min(n, len(rows))]
}

func (r *renderer) homeBody() (frontMatter, string, error) {
	counts := r.d.Counts()
	v := homeView{}
	for _, k := range []dataset.Kind{dataset.KindCampaign, dataset.KindActor, dataset.KindOrganization, dataset.KindSource, dataset.KindTechnique, dataset.KindPlace} {
		v.Figures = append(v.Figures, figure{Label: r.pages.t("count_" + string(k)), URL: k.Dir() + "/", Value: counts[k]})
	}
	v.Added = r.latestAdditions(5)
	rows := r.campaignRows()
	v.Latest = rows[:min(8, len(rows))]
	for _, c := range r.charts() {
		v.Charts = append(v.Charts, chartView{Chart: c, SVG: c.SVG()})
	}
	body, err := r.pages.render("home", v)
	return frontMatter{Title: "Interference Watch", Params: pageParams{Kind: "home"}}, body, err
}

// charts are the home page's figures: activity per year, campaigns per
// attributed country and per target, counted from the explore facets.
func (r *renderer) charts() []Chart {
	t := r.pages.t
	counts := map[string]map[string]int{}
	for _, s := range r.back.facets(r.d) {
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
		{ID: "chart-years", Title: t("chart_years_title"), Desc: t("chart_years_desc"), LabelHead: t("year"), ValueHead: t("nav_campaigns"), Bars: yearBars},
		{ID: "chart-countries", Title: t("chart_countries_title"), Desc: t("chart_countries_desc"), LabelHead: t("country"), ValueHead: t("nav_campaigns"), Bars: r.placeBars(counts["country"], 12)},
		{ID: "chart-targets", Title: t("chart_targets_title"), Desc: t("chart_targets_desc"), LabelHead: t("targets"), ValueHead: t("nav_campaigns"), Bars: r.placeBars(counts["target"], 12)},
	}
}

func (r *renderer) placeBars(counts map[string]int, limit int) []Bar {
	var bars []Bar
	for id, n := range counts {
		l := r.placeLink(id)
		bars = append(bars, Bar{Label: l.Title, Value: n, URL: l.URL})
	}
	slices.SortFunc(bars, func(a, b Bar) int { return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Label, b.Label)) })
	return bars[:min(limit, len(bars))]
}

type sortLink struct {
	Label, URL string
	Current    bool
}

type campaignsView struct {
	Sorts []sortLink
	Rows  []Row
}

// campaignSorts are the orders the campaigns list offers; each is a page,
// so sorting needs no script. The first is the list's own page.
var campaignSorts = []struct{ key, label string }{
	{"", "sort_recent"}, {"name", "sort_name"}, {"first-seen", "sort_first_seen"}, {"sources", "sort_sources"},
}

func sortURL(key string) string {
	if key == "" {
		return "campaigns/"
	}
	return "campaigns/sorted/" + key + "/"
}

func (r *renderer) campaignsList(key string) (frontMatter, string, error) {
	rows := slices.Clone(r.campaignRows())
	switch key {
	case "name":
		slices.SortStableFunc(rows, func(a, b Row) int { return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)) })
	case "first-seen":
		slices.SortStableFunc(rows, func(a, b Row) int { return strings.Compare(isoOf(a.First), isoOf(b.First)) })
	case "sources":
		slices.SortStableFunc(rows, func(a, b Row) int { return cmp.Compare(b.Sources, a.Sources) })
	}
	v := campaignsView{Rows: rows}
	var current string
	for _, s := range campaignSorts {
		v.Sorts = append(v.Sorts, sortLink{Label: r.pages.t(s.label), URL: sortURL(s.key), Current: s.key == key})
		if s.key == key {
			current = r.pages.t(s.label)
		}
	}
	body, err := r.pages.render("campaigns", v)
	fm := frontMatter{Title: r.pages.t("nav_campaigns"), Params: SectionParams{Kind: "campaigns", Total: len(rows)}, Outputs: []string{"html", "rss"}}
	if key != "" {
		fm.Title += " — " + current
		fm.Params = pageParams{Kind: "campaigns"}
		fm.Outputs = nil
	}
	return fm, body, err
}

func isoOf(d *Date) string {
	if d == nil {
		return "9999"
	}
	return d.ISO
}

type matrixTechnique struct {
	Link
	Code  string
	Count int
	Heat  int
}

type matrixColumn struct {
	Tactic
	Techniques []matrixTechnique
}

// heat buckets a usage count into 0 (unused) to 4 (most used).
func heat(n, maxN int) int {
	if n == 0 || maxN == 0 {
		return 0
	}
	return 1 + min(3, (n-1)*4/maxN)
}

func (r *renderer) matrix() (frontMatter, string, error) {
	maxN := 0
	for _, t := range r.d.Techniques {
		maxN = max(maxN, len(r.back.byTechnique[t.ID]))
	}
	var cols []matrixColumn
	for _, ta := range tactics {
		col := matrixColumn{Tactic: ta}
		for _, t := range r.d.Techniques {
			if t.Tactic != ta.ID {
				continue
			}
			n := len(r.back.byTechnique[t.ID])
			col.Techniques = append(col.Techniques, matrixTechnique{Link: Link{Title: t.Name, URL: techniqueURL(t.ID)}, Code: t.ID, Count: n, Heat: heat(n, maxN)})
		}
		slices.SortStableFunc(col.Techniques, func(a, b matrixTechnique) int { return cmp.Compare(b.Count, a.Count) })
		cols = append(cols, col)
	}
	body, err := r.pages.render("matrix", struct{ Columns []matrixColumn }{cols})
	return frontMatter{Title: r.pages.t("nav_techniques"), Params: SectionParams{Kind: "techniques", Total: len(r.d.Techniques)}}, body, err
}

type placeTile struct {
	Link
	Code  string
	Count int
	Heat  int
}

func (r *renderer) placesGrid() (frontMatter, string, error) {
	maxN := 0
	for _, p := range r.d.Places {
		maxN = max(maxN, len(r.back.byPlace[p.ID]))
	}
	var tiles []placeTile
	for _, p := range r.d.Places {
		n := len(r.back.byPlace[p.ID])
		tiles = append(tiles, placeTile{Link: r.placeLink(p.ID), Code: p.ID, Count: n, Heat: heat(n, maxN)})
	}
	slices.SortStableFunc(tiles, func(a, b placeTile) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Title, b.Title))
	})
	body, err := r.pages.render("places", tiles)
	return frontMatter{Title: r.pages.t("nav_places"), Params: SectionParams{Kind: "places", Total: len(tiles)}}, body, err
}

// campaignRows are the rows of every campaign, most recent first, made
// once per language for the home page and every sort order of the list.
func (r *renderer) campaignRows() []Row {
	r.rowsOnce.Do(func() {
		for _, c := range byRecent(r.d.Campaigns) {
			row := r.campaignRow(c)
			row.HTML = r.campaignRowHTML(row)
			r.rows = append(r.rows, row)
		}
	})
	return r.rows
}

// campaignRowHTML writes a row of the campaign tables (templates/
// sections.html, "campaign-table"). The campaigns list has a page per
// sort order, each with every campaign: a row is written once, here, not
// once per page through the template.
func (r *renderer) campaignRowHTML(row Row) template.HTML {
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	a := func(l Link) {
		b.WriteString(`<a href="`)
		esc(r.pages.site(l.URL))
		b.WriteString(`">`)
		esc(l.Title)
		b.WriteString("</a>")
	}
	links := func(ls []Link) {
		for i, l := range ls {
			if i > 0 {
				b.WriteString(", ")
			}
			a(l)
		}
	}
	b.WriteString("\n<tr><th scope=\"row\">")
	a(row.Link)
	b.WriteString("</th>\n<td>")
	links(row.Actors)
	b.WriteString("</td>\n<td>")
	b.WriteString(string(dateHTML(row.First)))
	if row.Last != nil {
		b.WriteString(" – ")
		b.WriteString(string(dateHTML(row.Last)))
	}
	b.WriteString("</td>\n<td>")
	links(row.Targets)
	b.WriteString("</td>\n<td class=\"num\">" + strconv.Itoa(row.Sources) + "</td></tr>")
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}
