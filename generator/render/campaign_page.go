package render

import (
	"html"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/export"
)

// campaignBody writes the body of a campaign page. A campaign page is the
// longest record page and, at scale, a sixth of the site, so it is written
// in Go rather than through a template (a reflective call per action).
// The golden pages in testdata/ show what it writes (TestCampaignBody).
// Every value is escaped here; the HTML parts (summary, notes) come
// escaped from Prose.
func (r *renderer) campaignBody(p CampaignParams) string {
	t := r.pages.t
	var b strings.Builder
	b.Grow(16 << 10)
	w := b.WriteString
	esc := func(s string) { w(html.EscapeString(s)) }
	markers := func(ms []Marker) { w(string(markersHTML(ms))) }
	link := func(l Link) { w(string(linkHTML(l))) }
	date := func(d *Date) { w(string(dateHTML(d))) }

	w("\n\n<section class=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">")
	esc(t("summary"))
	w("</h2>\n")
	if p.Fallback {
		w(`<p class="fallback">`)
		esc(t("not_translated"))
		w("</p>\n<div lang=\"en\">")
		w(string(p.SummaryHTML))
		w("</div>")
	} else {
		w(string(p.SummaryHTML))
	}
	w("\n</section>\n<aside class=\"infobox\" aria-labelledby=\"infobox-heading\">\n<h2 id=\"infobox-heading\">")
	esc(t("campaign"))
	w("</h2>\n<dl>")
	dt := func(key string) { w("<dt>"); esc(t(key)); w("</dt>") }
	if len(p.AlsoKnownAs) > 0 {
		dt("also_known_as")
		w("<dd>")
		esc(strings.Join(p.AlsoKnownAs, ", "))
		w("</dd>")
	}
	if len(p.Attributions) > 0 {
		dt("attributed_to")
		for _, a := range p.Attributions {
			w("\n<dd>")
			link(a.Actor)
			w(" ")
			esc(t("attribution_by"))
			w(" ")
			link(a.By)
			w(", ")
			esc(t("confidence_" + a.Confidence))
			if a.Basis != "" {
				w(` <q class="basis">`)
				esc(strings.Trim(a.Basis, "“”"))
				w("</q>")
			}
			if a.Date != nil {
				w(" (")
				date(a.Date)
				w(")")
			}
			markers(a.Marker)
			w("</dd>")
		}
	}
	if p.FirstSeen != nil || p.LastSeen != nil {
		w("\n")
		dt("active")
		w("<dd>")
		if p.FirstSeen != nil {
			date(p.FirstSeen.Date)
			markers(p.FirstSeen.Marker)
		}
		w(" – ")
		if p.LastSeen != nil {
			date(p.LastSeen.Date)
			markers(p.LastSeen.Marker)
		}
		w("</dd>")
	}
	w("\n")
	dt("status")
	w("<dd>")
	esc(t("status_" + p.Status))
	w("</dd>")
	refLinks := func(key string, ls []RefLink, code bool) {
		if len(ls) == 0 {
			return
		}
		w("\n")
		dt(key)
		w(`<dd><ul class="inline">`)
		for _, l := range ls {
			w("<li>")
			if code {
				w(`<abbr title="DISARM">`)
				esc(l.Code)
				w("</abbr> ")
			}
			link(l.Link)
			markers(l.Marker)
			w("</li>")
		}
		w("</ul></dd>")
	}
	refLinks("targets", p.Targets, false)
	refLinks("platforms", p.Platforms, false)
	refLinks("techniques", p.Techniques, true)
	if im := p.Impact; im != nil {
		w("\n")
		dt("impact")
		w("<dd>")
		esc(r.pages.tf("breakout_level", "Level", im.Breakout))
		markers(im.Marker)
		if im.NoteHTML != "" {
			w(`<div class="note">`)
			w(string(im.NoteHTML))
			w("</div>")
		}
		w("</dd>")
	}
	if len(p.Narratives) > 0 {
		w("\n")
		dt("narratives")
		w("<dd><ul>")
		for _, n := range p.Narratives {
			w("<li>")
			esc(n.Text)
			markers(n.Marker)
			w("</li>")
		}
		w("</ul></dd>")
	}
	w(r.sameAsHTML(p.SameAs))
	w("\n</dl>\n</aside>")
	w(r.indicatorsSummaryHTML(p))
	if len(p.Responses) > 0 {
		w("\n<section aria-labelledby=\"responses-heading\">\n<h2 id=\"responses-heading\">")
		esc(t("responses"))
		w("</h2>\n<ul class=\"responses\">")
		for _, rs := range p.Responses {
			w("\n<li><strong>")
			esc(t("response_" + rs.Kind))
			w("</strong>")
			if rs.By != nil {
				w(" · ")
				link(*rs.By)
			}
			if rs.Date != nil {
				w(" · ")
				date(rs.Date)
			}
			markers(rs.Marker)
			w("\n")
			w(string(rs.NoteHTML))
			w("</li>")
		}
		w("\n</ul>\n</section>")
	}
	w("\n")
	w(r.pages.referencesHTML(p.References))
	if len(p.Further) > 0 {
		w("\n<section class=\"further\" aria-labelledby=\"further-heading\">\n<h2 id=\"further-heading\">")
		esc(t("further_reading"))
		w("</h2>\n<ul>")
		for _, ref := range p.Further {
			w("<li>")
			w(r.pages.refBodyHTML(ref))
			w("</li>")
		}
		w("</ul>\n</section>")
	}
	if len(p.Related) > 0 {
		w("\n<section aria-labelledby=\"related-heading\">\n<h2 id=\"related-heading\">")
		esc(t("related_campaigns"))
		w("</h2>\n")
		w(string(linkListHTML(p.Related, t("none_yet"))))
		w("\n</section>")
	}
	w("\n")
	if c := p.Cite; c != nil {
		w("\n<section class=\"cite-this\" aria-labelledby=\"cite-heading\">\n<h2 id=\"cite-heading\">")
		esc(t("cite_this_page"))
		w("</h2>\n<p>")
		esc(t("permalink"))
		w(`: <a href="`)
		esc(c.Permalink)
		w(`">`)
		esc(c.Permalink)
		w("</a></p>\n<p>")
		esc(t("accessed_on"))
		w(" ")
		date(c.Accessed)
		w(".</p>\n")
		for _, f := range c.Formats {
			w("<details><summary>")
			esc(f.Name)
			w(`</summary><pre tabindex="0">`)
			esc(f.Text)
			w("</pre></details>\n")
		}
		w("</section>")
	}
	w("\n" + r.pages.downloadHTML(dataset.KindCampaign, p.ID) + "\n")
	w(r.pages.historyHTML(p.History))
	w("\n")
	w(r.pages.editHTML(p.DataPath) + "\n")
	return b.String()
}

// referencesHTML writes a page's numbered reference list, each entry with
// back links to the places that cite it; nothing when there is none.
func (ps *pageSet) referencesHTML(refs []Reference) string {
	if len(refs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n<section class=\"references\" aria-labelledby=\"references-heading\">\n<h2 id=\"references-heading\">")
	b.WriteString(html.EscapeString(ps.t("references")))
	b.WriteString("</h2>\n<ol>")
	back := html.EscapeString(ps.t("back_to_citation"))
	for _, ref := range refs {
		b.WriteString("\n<li id=\"ref-" + strconv.Itoa(ref.N) + `"><span class="backlinks">`)
		for i, id := range ref.Backlinks {
			b.WriteString(`<a href="#` + html.EscapeString(id) + `" aria-label="` + back + " " + strconv.Itoa(i+1) + `">↑</a> `)
		}
		b.WriteString("</span>\n")
		b.WriteString(ps.refBodyHTML(ref))
		b.WriteString("</li>")
	}
	b.WriteString("\n</ol>\n</section>")
	return b.String()
}

// refBodyHTML writes one reference: publisher, date, title linked to the
// original, language, archived copy and the source's own page.
func (ps *pageSet) refBodyHTML(ref Reference) string {
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	b.WriteString(string(linkHTML(ref.Publisher)))
	if ref.Published != nil {
		b.WriteString(", ")
		b.WriteString(string(dateHTML(ref.Published)))
	}
	b.WriteString(".\n<cite>")
	if ref.URL != "" {
		b.WriteString(`<a href="`)
		esc(ref.URL)
		b.WriteString(`" rel="external noopener">`)
		esc(ref.Title)
		b.WriteString("</a>")
	} else {
		esc(ref.Title)
	}
	b.WriteString("</cite>")
	if ref.Language != "" {
		b.WriteString(` <span class="lang">(`)
		esc(ref.Language)
		b.WriteString(")</span>")
	}
	b.WriteString(".")
	if v := ref.Via; v != nil {
		b.WriteString(` <span class="via">`)
		esc(ps.t("read_via"))
		b.WriteString(" ")
		b.WriteString(string(linkHTML(v.Host)))
		b.WriteString(` (<a href="`)
		esc(v.URL)
		b.WriteString(`" rel="external noopener">`)
		esc(ps.t("copy_read"))
		b.WriteString("</a>).</span>")
	}
	if ref.Archive != "" {
		b.WriteString(` <a href="`)
		esc(ref.Archive)
		b.WriteString(`" rel="external noopener">`)
		esc(ps.t("archived_copy"))
		b.WriteString("</a>.")
	}
	if ref.Page != "" {
		b.WriteString(` <a href="../../`)
		esc(ref.Page)
		b.WriteString(`">`)
		esc(ps.t("source_record"))
		b.WriteString("</a>")
	}
	return b.String()
}

// historyHTML writes a record's change history: when it was last updated
// and, folded, every change; nothing without history.
func (ps *pageSet) historyHTML(h *HistoryView) string {
	if h == nil {
		return ""
	}
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	b.WriteString("\n<section class=\"history\" aria-labelledby=\"history-heading\">\n<h2 id=\"history-heading\">")
	esc(ps.t("history"))
	b.WriteString("</h2>\n")
	if len(h.Corrections) > 0 {
		b.WriteString("<h3>")
		esc(ps.t("corrections"))
		b.WriteString("</h3>\n<ul class=\"corrections\">")
		for _, c := range h.Corrections {
			b.WriteString("<li>" + string(dateHTML(c.Date)) + " — ")
			esc(c.Note)
			b.WriteString("</li>")
		}
		b.WriteString("</ul>\n")
	}
	if h.Updated == nil {
		b.WriteString("</section>")
		return b.String()
	}
	b.WriteString("<p>")
	esc(ps.t("last_updated"))
	b.WriteString(" " + string(dateHTML(h.Updated)) + ".</p>\n<details><summary>")
	esc(ps.t("change_history"))
	b.WriteString("</summary>\n<ol>")
	for _, c := range h.Changes {
		b.WriteString("<li>" + string(dateHTML(c.Date)) + " — ")
		esc(c.Subject)
		if c.URL != "" {
			b.WriteString(` (<a href="`)
			esc(c.URL)
			b.WriteString(`" rel="external noopener"><code>`)
			esc(c.Commit)
			b.WriteString("</code></a>)")
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>\n</details>\n</section>")
	return b.String()
}

// downloadHTML is the link to a record's JSON file, beside its page.
func (ps *pageSet) downloadHTML(k dataset.Kind, id string) string {
	return `<p class="download"><a href="` + html.EscapeString(ps.base+export.RecordPath(k, id)) +
		`" type="application/json" download>` + html.EscapeString(ps.t("download_json")) + "</a></p>"
}

// editHTML is the link to edit a record's data file on the repository's
// site, or nothing when the repository is not known.
func (ps *pageSet) editHTML(dataPath string) string {
	if ps.repo == "" || dataPath == "" {
		return ""
	}
	return `<p class="edit"><a href="` + html.EscapeString(ps.repo+"/edit/main/"+dataPath) + `" rel="external noopener">` +
		html.EscapeString(ps.t("edit_record")) + "</a></p>"
}
