package scrape

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Errors a publisher fails with when its listing looks broken. They are
// alarms: the publisher's records are left as they are.
var (
	ErrNoItems       = errors.New("the listing yielded no items: its layout or feed probably changed")
	ErrTooFewItems   = errors.New("fewer items than min_items")
	ErrTooManyItems  = errors.New("more items than max_items")
	ErrNotModified   = errors.New("the server answered 304 Not Modified: nothing to read")
	errUnknownKind   = errors.New("unknown listing kind")
	errNoSelectors   = errors.New("kind html needs selectors")
	errNestedSitemap = errors.New("a sitemap index inside a sitemap index is not followed")
)

// Health is what a maintainer needs to repair a publisher definition:
// what the listing answered and how much of it each step kept.
type Health struct {
	FinalURL      string     // after redirects
	HTTPStatus    int        // of the listing (the last one for a sitemap index)
	ContentType   string     // of the listing
	Bytes         int        // read, all fetches together
	Fetches       int        // documents fetched (a sitemap index adds its children)
	Dropped       int        // entries without a title or a usable http(s) link
	OutsidePrefix int        // links outside path_prefix
	WithDate      int        // kept entries with a readable date
	WithSummary   int        // kept entries with a summary
	HTML          *HTMLStats // for kind html: matches of each selector
	Sample        string     // the first kept entry's title
}

// readListing fetches and parses p's listing and checks its item count.
// It returns every entry inside path_prefix, before the keyword filter.
func (r *runner) readListing(ctx context.Context, p *Publisher, h *Health) ([]Item, error) {
	items, err := r.fetchItems(ctx, p, h)
	if err != nil {
		return nil, err
	}
	items = h.keepPrefix(items, p.PathPrefix)
	for _, it := range items {
		if it.Date.Valid() {
			h.WithDate++
		}
		if it.Summary != "" {
			h.WithSummary++
		}
	}
	if len(items) > 0 {
		h.Sample = items[0].Title
	}
	switch n := len(items); {
	case n == 0:
		return nil, ErrNoItems
	case n < p.MinItems:
		return nil, fmt.Errorf("%w: %d, expected at least %d", ErrTooFewItems, n, p.MinItems)
	case n > p.MaxItems:
		return nil, fmt.Errorf("%w: %d, expected at most %d", ErrTooManyItems, n, p.MaxItems)
	}
	return items, nil
}

// fetchItems fetches the listing and parses it according to p.Kind.
func (r *runner) fetchItems(ctx context.Context, p *Publisher, h *Health) ([]Item, error) {
	body, base, err := r.get(ctx, p.URL, h)
	if err != nil {
		return nil, err
	}
	switch p.Kind {
	case KindRSS, KindAtom:
		items, dropped, err := ParseFeed(body, base)
		h.Dropped += dropped
		return items, err
	case KindSitemap:
		return r.sitemapItems(ctx, body, base, h)
	case KindHTML:
		if p.Selectors == nil {
			return nil, errNoSelectors
		}
		items, dropped, stats, err := ParseHTML(body, h.ContentType, base, *p.Selectors)
		h.Dropped, h.HTML = h.Dropped+dropped, &stats
		return items, err
	}
	return nil, fmt.Errorf("%w %q", errUnknownKind, p.Kind)
}

// sitemapItems reads a sitemap, or the newest sitemaps of an index (one
// level deep), merging their pages without repeats.
func (r *runner) sitemapItems(ctx context.Context, body []byte, base *url.URL, h *Health) ([]Item, error) {
	sm, err := ParseSitemap(body, base)
	if err != nil {
		return nil, err
	}
	if len(sm.Children) == 0 {
		h.Dropped += sm.Dropped
		return sm.Items, nil
	}
	var items []Item
	seen := map[string]bool{}
	for _, child := range sm.Children {
		body, cbase, err := r.get(ctx, child, h)
		if err != nil {
			return nil, fmt.Errorf("child sitemap: %w", err)
		}
		csm, err := ParseSitemap(body, cbase)
		if err != nil {
			return nil, fmt.Errorf("child sitemap %s: %w", child, err)
		}
		if len(csm.Children) > 0 {
			return nil, fmt.Errorf("child sitemap %s: %w", child, errNestedSitemap)
		}
		h.Dropped += csm.Dropped
		for _, it := range csm.Items {
			if !seen[it.Link] {
				seen[it.Link] = true
				items = append(items, it)
			}
		}
	}
	return items, nil
}

// get fetches one document through the polite client.
func (r *runner) get(ctx context.Context, rawURL string, h *Health) ([]byte, *url.URL, error) {
	h.Fetches++
	res, err := r.client.Get(ctx, rawURL)
	if err != nil {
		return nil, nil, err
	}
	h.FinalURL, h.HTTPStatus = res.URL, res.Status
	h.ContentType = res.Header.Get("Content-Type")
	h.Bytes += len(res.Body)
	if res.NotModified {
		return nil, nil, ErrNotModified
	}
	return res.Body, parseBase(res.URL), nil
}

// keepPrefix drops items whose link path does not start with prefix.
func (h *Health) keepPrefix(items []Item, prefix string) []Item {
	if prefix == "" {
		return items
	}
	kept := items[:0:0]
	for _, it := range items {
		u, err := url.Parse(it.Link)
		if err == nil && strings.HasPrefix(u.EscapedPath(), prefix) {
			kept = append(kept, it)
			continue
		}
		h.OutsidePrefix++
	}
	return kept
}
