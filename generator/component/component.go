// Package component renders the page model (generator/page) to HTML with
// templ components (*.templ, compiled to *_templ.go by `go tool templ
// generate`; the generated files are committed, and TestGenerated fails
// when they are stale). templ escapes every value for its context and
// checks every href; the only markup that is not a component is the
// dataset's Markdown prose, rendered by goldmark with raw HTML off
// (prose.go). UI strings come from the context (WithStrings).
package component

import (
	"context"
	"fmt"
	"io"

	"github.com/a-h/templ"
	"github.com/interference-watch/portal/generator/i18n"
	"github.com/interference-watch/portal/generator/page"
)

type stringsKey struct{}

// WithStrings returns a context whose components read their UI strings
// from s.
func WithStrings(ctx context.Context, s *i18n.Strings) context.Context {
	return context.WithValue(ctx, stringsKey{}, s)
}

func strs(ctx context.Context) *i18n.Strings { return ctx.Value(stringsKey{}).(*i18n.Strings) }

// t is the UI string for key.
func t(ctx context.Context, key string) string { return strs(ctx).T(key) }

// fill is the UI string for key with its placeholders filled.
func fill(ctx context.Context, key string, kv ...string) string { return strs(ctx).Fill(key, kv...) }

// Body renders the body of a generated page, by its model's type.
func Body(ctx context.Context, w io.Writer, p page.Page) error {
	var c templ.Component
	switch m := p.Body.(type) {
	case *page.Campaign:
		c = CampaignBody(m)
	case *page.Source:
		c = SourceBody(m)
	case *page.Record:
		c = RecordBody(m)
	case *page.Home:
		c = HomeBody(m)
	case *page.CampaignList:
		c = CampaignListBody(m)
	case *page.Section:
		c = SectionBody(m)
	case *page.Matrix:
		c = MatrixBody(m)
	case *page.Places:
		c = PlacesBody(m)
	case *page.Explore:
		c = ExploreBody(m)
	case *page.Facet:
		c = FacetBody(m)
	case *page.Changes:
		c = ChangesBody(m)
	case *page.Indicators:
		c = IndicatorsBody(m)
	case *page.IndicatorsSection:
		c = IndicatorsSectionBody(m)
	default:
		return fmt.Errorf("component: no body for %T", p.Body)
	}
	return c.Render(ctx, w)
}

// deref is *l, or no link for nil (children of @when are built even
// when they are not shown).
func deref(l *page.Link) page.Link {
	if l == nil {
		return page.Link{}
	}
	return *l
}

// when renders cs, one after the other, if cond holds. Its arguments are
// built either way: they must be cheap and safe to make.
func when(cond bool, cs ...templ.Component) templ.Component {
	if !cond {
		return templ.NopComponent
	}
	return templ.Join(cs...)
}

// backlinkLetter names the i-th use of a reference as Wikipedia does: a,
// b, … z, then aa, ab …
func backlinkLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('a'+(i-1)%26)) + s
	}
	return s
}

// pageLang is the language of the page being rendered.
func pageLang(ctx context.Context) string { return strs(ctx).Lang() }
