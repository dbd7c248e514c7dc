package scrape

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html/charset"
)

// Selectors tell how to read an HTML listing: Item selects each entry;
// Title, Link, Date and Summary are looked up inside it. Each may end in
// @attr to read an attribute instead of the text ("a@href"); an empty
// selector before @ means the item element itself. Without @, Link reads
// the href attribute and Date the datetime attribute when there is one.
type Selectors struct {
	Item    string `yaml:"item"`
	Title   string `yaml:"title"`
	Link    string `yaml:"link"`
	Date    string `yaml:"date"`
	Summary string `yaml:"summary"`
}

// selector is a compiled "css@attr" selector.
type selector struct {
	css  cascadia.Selector // nil: the item itself
	attr string
}

var attrName = regexp.MustCompile(`^[A-Za-z_:][-A-Za-z0-9_:.]*$`)

// compileSelector parses "css", "css@attr" or "@attr".
func compileSelector(s string) (selector, error) {
	css, attr := s, ""
	if i := strings.LastIndexByte(s, '@'); i >= 0 && attrName.MatchString(s[i+1:]) {
		css, attr = s[:i], s[i+1:]
	}
	css = strings.TrimSpace(css)
	if css == "" {
		return selector{attr: attr}, nil
	}
	sel, err := cascadia.Compile(css)
	if err != nil {
		return selector{}, fmt.Errorf("bad CSS selector %q: %w", css, err)
	}
	return selector{css: sel, attr: attr}, nil
}

// HTMLStats says how many of an HTML listing's item elements had each
// field, so a maintainer can see which selector stopped matching.
type HTMLStats struct {
	Elements, Titles, Links, Dates, Summaries int
}

// ParseHTML reads an HTML listing fetched from base with the given
// selectors. contentType (the Content-Type header, may be empty) and any
// <meta charset> choose the encoding. Relative links are resolved against
// the document's <base href>, if any, else base.
func ParseHTML(data []byte, contentType string, base *url.URL, s Selectors) ([]Item, int, HTMLStats, error) {
	var stats HTMLStats
	sels, err := s.compile()
	if err != nil {
		return nil, 0, stats, err
	}
	r, err := charset.NewReader(bytes.NewReader(data), contentType)
	if err != nil {
		return nil, 0, stats, fmt.Errorf("parse html: %w", err)
	}
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return nil, 0, stats, fmt.Errorf("parse html: %w", err)
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok && base != nil {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	var raws []rawItem
	doc.FindMatcher(sels[0].css).Each(func(_ int, el *goquery.Selection) {
		raw := rawItem{
			title:   sels[1].read(el, ""),
			link:    sels[2].read(el, "href"),
			date:    sels[3].read(el, "datetime"),
			summary: sels[4].read(el, ""),
		}
		stats.count(raw)
		raws = append(raws, raw)
	})
	items, dropped := cleanAll(raws, base)
	return items, dropped, stats, nil
}

func (st *HTMLStats) count(r rawItem) {
	st.Elements++
	for _, f := range []struct {
		v string
		n *int
	}{{r.title, &st.Titles}, {r.link, &st.Links}, {r.date, &st.Dates}, {r.summary, &st.Summaries}} {
		if strings.TrimSpace(f.v) != "" {
			*f.n++
		}
	}
}

// compile compiles the five selectors, in the order item, title, link,
// date, summary. Empty optional selectors read nothing.
func (s Selectors) compile() ([]selector, error) {
	if strings.TrimSpace(s.Item) == "" {
		return nil, fmt.Errorf("selectors.item: %w", errEmptySelector)
	}
	out := make([]selector, 5)
	for i, src := range []string{s.Item, s.Title, s.Link, s.Date, s.Summary} {
		if src == "" {
			out[i] = selector{attr: "-"}
			continue
		}
		sel, err := compileSelector(src)
		if err != nil {
			return nil, err
		}
		if i == 0 && (sel.css == nil || sel.attr != "") {
			return nil, fmt.Errorf("selectors.item: %q must be a plain CSS selector", src)
		}
		out[i] = sel
	}
	return out, nil
}

var errEmptySelector = errors.New("empty selector")

// read returns the selector's value inside el: the attribute asked for,
// else the attribute fallback on the element or its first descendant
// having it, else its text (for links, only an absolute URL).
func (s selector) read(el *goquery.Selection, fallback string) string {
	if s.attr == "-" {
		return ""
	}
	target := el
	if s.css != nil {
		target = el.FindMatcher(s.css).First()
	}
	if target.Length() == 0 {
		return ""
	}
	if s.attr != "" {
		v, _ := target.Attr(s.attr)
		return v
	}
	if fallback == "" {
		return target.Text()
	}
	if v, ok := target.Attr(fallback); ok {
		return v
	}
	if v, ok := target.Find("[" + fallback + "]").First().Attr(fallback); ok {
		return v
	}
	text := strings.TrimSpace(target.Text())
	if fallback == "href" && !strings.HasPrefix(text, "http://") && !strings.HasPrefix(text, "https://") {
		return "" // text is a link only when it is an absolute URL
	}
	return text
}
