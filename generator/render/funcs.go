package render

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// The functions in this file write the small, hot pieces of record pages
// (citation markers, links, dates, link lists) straight to HTML. They run
// tens of times on every page, where a template action per piece would
// cost a reflective call each. Every value is escaped here: record paths
// are made of validated ids, titles and external URLs go through
// html.EscapeString.

// markersHTML writes citation markers like [2][5].
func markersHTML(ms []Marker) template.HTML {
	var b strings.Builder
	for _, m := range ms {
		n := strconv.Itoa(m.N)
		b.WriteString(`<sup class="cite"><a href="#ref-`)
		b.WriteString(n)
		b.WriteString(`" id="`)
		b.WriteString(html.EscapeString(m.ID))
		b.WriteString(`">[`)
		b.WriteString(n)
		b.WriteString(`]</a></sup>`)
	}
	return template.HTML(b.String()) // #nosec G203 -- numbers and generated ids only
}

// linkHTML writes a link to another record, relative to a record page, or
// the title alone when the record has no page.
func linkHTML(l Link) template.HTML {
	if l.URL == "" {
		return template.HTML(html.EscapeString(l.Title)) // #nosec G203 -- escaped
	}
	return template.HTML(`<a href="../../` + html.EscapeString(l.URL) + `">` + html.EscapeString(l.Title) + `</a>`) // #nosec G203 -- escaped
}

// dateHTML writes a <time> element; nothing for a missing date.
func dateHTML(d *Date) template.HTML {
	if d == nil {
		return ""
	}
	return template.HTML(`<time datetime="` + html.EscapeString(d.ISO) + `">` + html.EscapeString(d.Text) + `</time>`) // #nosec G203 -- escaped
}

// linkListHTML writes a bulleted list of record links, or none text.
func linkListHTML(ls []Link, none string) template.HTML {
	if len(ls) == 0 {
		return template.HTML("<p>" + html.EscapeString(none) + "</p>") // #nosec G203 -- escaped
	}
	var b strings.Builder
	b.WriteString(`<ul class="links">`)
	for _, l := range ls {
		b.WriteString("<li>")
		b.WriteString(string(linkHTML(l)))
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
	return template.HTML(b.String()) // #nosec G203 -- escaped per item
}
