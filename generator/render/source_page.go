package render

import (
	"html"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// sourceBody writes the body of a source page. Sources are five in six of
// the site's pages, so this one body is written in Go rather than through
// a template; it escapes every value.
func (r *renderer) sourceBody(p SourceParams) string {
	t := r.pages.t
	var b strings.Builder
	b.Grow(1024)
	w := b.WriteString
	esc := func(s string) { w(html.EscapeString(s)) }
	fact := func(label string, value func()) {
		w("<dt>")
		esc(t(label))
		w("</dt><dd>")
		value()
		w("</dd>\n")
	}
	ext := func(u string) func() {
		return func() { w(`<a href="`); esc(u); w(`" rel="external noopener">`); esc(u); w("</a>") }
	}
	if p.Excerpt != "" {
		w(`<p class="excerpt">`)
		esc(p.Excerpt)
		w("</p>\n")
	}
	w(`<dl class="facts">` + "\n")
	fact("publisher", func() { w(string(linkHTML(p.Publisher))) })
	if p.Published != nil {
		fact("published", func() { w(string(dateHTML(p.Published))) })
	}
	fact("source_kind", func() { esc(t("source_kind_" + p.SourceKind)) })
	if p.Language != "" {
		fact("language", func() { esc(p.Language) })
	}
	if p.Authors != "" {
		fact("authors", func() { esc(p.Authors) })
	}
	if p.URL != "" {
		fact("original", ext(p.URL))
	}
	if v := p.Via; v != nil {
		fact("read_via", func() { w(string(linkHTML(v.Host))); w(", "); ext(v.URL)() })
	}
	if p.Archive != "" {
		fact("archived_copy", ext(p.Archive))
	}
	fact("review_status", func() { esc(t("review_" + p.Status)) })
	w("</dl>\n<h2>")
	esc(t("cited_by"))
	w("</h2>\n")
	w(string(linkListHTML(p.Campaigns, t("none_yet"))))
	w("\n")
	w(r.pages.downloadHTML(dataset.KindSource, p.ID))
	w("\n")
	if e := r.pages.editHTML(p.DataPath); e != "" {
		w(e + "\n")
	}
	return b.String()
}
