package render

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Bar is one bar of a chart: a label, a value and an optional link.
type Bar struct {
	Label string
	Value int
	URL   string // site path of the page behind the bar, or ""
}

// Chart is an inline SVG bar chart made at build time, with a title, a
// description and the same data as a table for readers who cannot see it.
type Chart struct {
	ID, Title, Desc, LabelHead, ValueHead string
	Bars                                  []Bar
}

// SVG draws the chart as horizontal bars. It needs no script and no
// stylesheet beyond the page's: colours come from currentColor and CSS
// classes, so it follows dark mode. The picture holds no links (an image
// has no interactive parts); the data table under it does.
func (c Chart) SVG() template.HTML {
	const rowH, labelW, barW, pad = 22, 190, 300, 4
	maxV := 1
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	h := len(c.Bars)*rowH + pad*2
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`,
		labelW+barW+60, h, c.ID, c.ID)
	fmt.Fprintf(&s, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, html.EscapeString(c.Title), c.ID, html.EscapeString(c.Desc))
	for i, b := range c.Bars {
		y := pad + i*rowH
		w := b.Value * barW / maxV
		label := html.EscapeString(truncate(b.Label, 28))
		fmt.Fprintf(&s, `<text x="%d" y="%d" class="chart-label" text-anchor="end">%s</text>`, labelW-8, y+15, label)
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%d" height="%d" class="chart-bar"/>`, labelW, y+3, w, rowH-6)
		fmt.Fprintf(&s, `<text x="%d" y="%d" class="chart-value">%d</text>`, labelW+w+6, y+15, b.Value)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String()) // #nosec G203 -- every text escaped above
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
