package page

// Bar is one bar of a chart: a label, a value and an optional link.
type Bar struct {
	Label string
	Value int
	URL   string // href of the page behind the bar, or ""
}

// Chart is an inline SVG bar chart made at build time, with a title, a
// description and the same data as a table for readers who cannot see
// it. Its geometry is worked out here; the picture holds no links (an
// image has no interactive parts), the data table under it does.
type Chart struct {
	ID, Title, Desc, LabelHead, ValueHead string
	Bars                                  []Bar
	Width, Height                         int
	Rows                                  []ChartRow // one per bar, in order
}

// ChartRow is where one bar is drawn.
type ChartRow struct {
	Label         string // cut to fit
	Value         int
	LabelX, TextY int
	BarX, BarY    int
	BarW, BarH    int
	ValueX        int
}

// Geometry of the charts, in SVG user units.
const (
	chartRowH   = 22
	chartLabelW = 190
	chartBarW   = 300
	chartPad    = 4
)

func newChart(id, title, desc, labelHead, valueHead string, bars []Bar) Chart {
	c := Chart{ID: id, Title: title, Desc: desc, LabelHead: labelHead, ValueHead: valueHead, Bars: bars,
		Width: chartLabelW + chartBarW + 60, Height: len(bars)*chartRowH + chartPad*2}
	maxV := 1
	for _, b := range bars {
		maxV = max(maxV, b.Value)
	}
	for i, b := range bars {
		y := chartPad + i*chartRowH
		w := b.Value * chartBarW / maxV
		c.Rows = append(c.Rows, ChartRow{Label: truncate(b.Label, 28), Value: b.Value, LabelX: chartLabelW - 8, TextY: y + 15,
			BarX: chartLabelW, BarY: y + 3, BarW: w, BarH: chartRowH - 6, ValueX: chartLabelW + w + 6})
	}
	return c
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
