package render

import (
	"html"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/indicator"
)

// What public datasets add to a campaign's pages: the entries describing
// it (same_as), linked to the dataset's own page, and the technical
// indicators platforms published about its network. Indicator values are
// untrusted: they are shown defanged (example[.]com), escaped, inside
// <code>, and never as links.

// IndicatorSetView is one report's indicators, counted by type.
type IndicatorSetView struct {
	By       Link           `json:"by"`
	Marker   []Marker       `json:"marker"`
	Reported *Date          `json:"reported,omitempty"`
	Counts   map[string]int `json:"counts"`
	Total    int            `json:"total"`
}

// IndicatorsURL is the page listing a campaign's indicators.
func IndicatorsURL(id string) string { return "indicators/" + id + "/" }

// IndicatorsCSV is the download of a campaign's indicators, and of all.
func IndicatorsCSV(id string) string { return "data/indicators/" + id + ".csv" }

func (r *renderer) datasetParams(c *dataset.Campaign, p *CampaignParams, n *Notes) {
	for _, ref := range c.SameAs {
		if u, name := dataset.SameAsURL(ref); u != "" {
			_, id, _ := strings.Cut(ref, ":")
			p.SameAs = append(p.SameAs, Link{Title: name + " " + id, URL: u})
		}
	}
	in := r.d.IndicatorsOf(c.ID)
	if in == nil {
		return
	}
	for _, s := range in.Sets {
		v := IndicatorSetView{By: r.orgLink(s.By), Marker: n.Refs(s.Source), Reported: r.date(s.Reported), Counts: map[string]int{}}
		for _, i := range s.Indicators {
			v.Counts[i.Type]++
			v.Total++
		}
		p.Indicators = append(p.Indicators, v)
	}
}

// sameAsHTML is the infobox row of the dataset entries: external links.
func (r *renderer) sameAsHTML(ls []Link) string {
	if len(ls) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n<dt>" + html.EscapeString(r.pages.t("same_as")) + `</dt><dd><ul class="inline">`)
	for _, l := range ls {
		b.WriteString(`<li><a href="` + html.EscapeString(l.URL) + `" rel="external noopener">` + html.EscapeString(l.Title) + "</a></li>")
	}
	b.WriteString("</ul></dd>")
	return b.String()
}

// indicatorsSummaryHTML is the campaign page's Indicators section: counts
// by type for each report, and links to the full list and its CSV.
func (r *renderer) indicatorsSummaryHTML(p CampaignParams) string {
	if len(p.Indicators) == 0 {
		return ""
	}
	t := r.pages.t
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	b.WriteString("\n<section class=\"indicators\" aria-labelledby=\"indicators-heading\">\n<h2 id=\"indicators-heading\">")
	esc(t("indicators"))
	b.WriteString("</h2>\n<ul>")
	for _, s := range p.Indicators {
		b.WriteString("\n<li>")
		b.WriteString(string(linkHTML(s.By)))
		if s.Reported != nil {
			b.WriteString(", " + string(dateHTML(s.Reported)))
		}
		b.WriteString(string(markersHTML(s.Marker)))
		b.WriteString(": ")
		b.WriteString(r.countsText(s.Counts))
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n<p>")
	esc(t("indicators_note"))
	b.WriteString("</p>\n<p><a href=\"../../")
	esc(IndicatorsURL(p.ID))
	b.WriteString(`">`)
	esc(t("indicators_all"))
	b.WriteString("</a> · <a href=\"")
	esc(r.pages.base + IndicatorsCSV(p.ID))
	b.WriteString(`" type="text/csv" download>`)
	esc(t("download_csv"))
	b.WriteString("</a></p>\n</section>")
	return b.String()
}

// countsText writes "5 domains, 2 URLs", escaped.
func (r *renderer) countsText(counts map[string]int) string {
	var parts []string
	for _, typ := range indicator.Types {
		if n := counts[typ]; n > 0 {
			parts = append(parts, html.EscapeString(strconv.Itoa(n)+" "+r.pages.t("indicator_"+typ)))
		}
	}
	return strings.Join(parts, ", ")
}

// indicatorsPage lists every indicator of a campaign, defanged, by report.
func (r *renderer) indicatorsPage(in *dataset.Indicators) (frontMatter, string, error) {
	c := r.d.Campaign(in.ID)
	t := r.pages.t
	title := t("indicators") + ": " + r.campaignName(c)
	n := NewNotes()
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	b.WriteString("\n<p>")
	esc(t("indicators_of"))
	b.WriteString(" " + string(linkHTML(Link{Title: r.campaignName(c), URL: campaignURL(c.ID)})) + ".</p>\n<p>")
	esc(t("indicators_note"))
	b.WriteString(" <a href=\"")
	esc(r.pages.base + IndicatorsCSV(c.ID))
	b.WriteString(`" type="text/csv" download>`)
	esc(t("download_csv"))
	b.WriteString("</a></p>")
	for i, s := range in.Sets {
		id := "set-" + strconv.Itoa(i+1)
		b.WriteString("\n<section aria-labelledby=\"" + id + "\">\n<h2 id=\"" + id + "\">")
		b.WriteString(string(linkHTML(r.orgLink(s.By))))
		if d := r.date(s.Reported); d != nil {
			b.WriteString(", " + string(dateHTML(d)))
		}
		b.WriteString(string(markersHTML(n.Refs(s.Source))))
		b.WriteString("</h2>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"" + id + "\" tabindex=\"0\"><table>\n<thead><tr><th scope=\"col\">")
		esc(t("indicator_type"))
		b.WriteString("</th><th scope=\"col\">")
		esc(t("indicator_value"))
		b.WriteString("</th></tr></thead>\n<tbody>")
		for _, v := range s.Indicators {
			b.WriteString("\n<tr><td>")
			esc(t("indicator_" + v.Type + "_one"))
			b.WriteString("</td><td><code>")
			esc(indicator.Defang(v.Type, v.Value))
			b.WriteString("</code></td></tr>")
		}
		b.WriteString("\n</tbody></table></div>\n</section>")
	}
	b.WriteString(r.pages.referencesHTML(r.references(n)))
	b.WriteString("\n")
	fm := frontMatter{Title: title, Description: t("indicators_of") + " " + r.campaignName(c) + ".",
		Params: pageParams{Kind: "indicators", ID: c.ID}, Lastmod: r.lastmod(in.Path)}
	return fm, b.String(), nil
}

// indicatorsSection lists the campaigns with published indicators.
func (r *renderer) indicatorsSection() (frontMatter, string, error) {
	t := r.pages.t
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	b.WriteString("\n<p>")
	esc(t("indicators_intro"))
	b.WriteString(" <a href=\"")
	esc(r.pages.base + IndicatorsCSV("all"))
	b.WriteString(`" type="text/csv" download>`)
	esc(t("download_csv"))
	b.WriteString("</a></p>\n<ul>")
	for _, in := range r.d.Indicators {
		c := r.d.Campaign(in.ID)
		if c == nil {
			continue
		}
		counts := map[string]int{}
		for _, s := range in.Sets {
			for _, v := range s.Indicators {
				counts[v.Type]++
			}
		}
		b.WriteString("\n<li><a href=\"../")
		esc(IndicatorsURL(c.ID))
		b.WriteString(`">`)
		esc(r.campaignName(c))
		b.WriteString("</a>: " + r.countsText(counts) + "</li>")
	}
	b.WriteString("\n</ul>\n")
	return frontMatter{Title: t("indicators"), Description: t("indicators_intro"), Params: pageParams{Kind: "indicators"}}, b.String(), nil
}
