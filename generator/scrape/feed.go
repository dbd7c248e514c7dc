package scrape

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

// ErrNotListing is returned when a document is not the kind of listing
// its definition says (an HTML error page where a feed was expected …).
var ErrNotListing = errors.New("not a listing of the expected kind")

// feedDoc is the part of an RSS 2.0, RSS 1.0 (RDF) or Atom document the
// scraper reads. Element names match in any namespace.
type feedDoc struct {
	XMLName xml.Name
	Channel struct {
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items   []rssItem   `xml:"item"`  // RSS 1.0 puts items beside the channel
	Entries []atomEntry `xml:"entry"` // Atom
}

type rssItem struct {
	Title       string    `xml:"title"`
	Links       []xmlLink `xml:"link"`
	GUID        rssGUID   `xml:"guid"`
	PubDate     string    `xml:"pubDate"`
	Date        string    `xml:"http://purl.org/dc/elements/1.1/ date"`
	Description string    `xml:"description"`
	Summary     string    `xml:"summary"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink string `xml:"isPermaLink,attr"`
}

// xmlLink is an RSS <link>URL</link> or an Atom <link href rel/>.
type xmlLink struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	Text    string `xml:",chardata"`
}

type atomEntry struct {
	Title     string    `xml:"title"`
	Links     []xmlLink `xml:"link"`
	ID        string    `xml:"id"`
	Published string    `xml:"published"`
	Updated   string    `xml:"updated"`
	Summary   string    `xml:"summary"`
	Content   string    `xml:"content"`
}

// ParseFeed reads an RSS 2.0, RSS 1.0 or Atom feed fetched from base and
// returns its entries, cleaned, in feed order, and how many entries it
// dropped for lacking a title or a usable link. Non-UTF-8 encodings
// declared in the XML prolog are decoded; HTML entities are tolerated.
func ParseFeed(data []byte, base *url.URL) (items []Item, dropped int, err error) {
	var doc feedDoc
	if err := newXMLDecoder(data).Decode(&doc); err != nil {
		return nil, 0, fmt.Errorf("parse feed: %w", err)
	}
	var raws []rawItem
	switch strings.ToLower(doc.XMLName.Local) {
	case "rss", "rdf":
		for _, it := range append(doc.Channel.Items, doc.Items...) {
			raws = append(raws, it.raw())
		}
	case "feed":
		for _, e := range doc.Entries {
			raws = append(raws, e.raw())
		}
	default:
		return nil, 0, fmt.Errorf("parse feed: %w: root element <%s>", ErrNotListing, doc.XMLName.Local)
	}
	items, dropped = cleanAll(raws, base)
	return items, dropped, nil
}

func (it rssItem) raw() rawItem {
	link := ""
	for _, l := range it.Links {
		if v := strings.TrimSpace(l.Text); v != "" && link == "" {
			link = v
		}
	}
	if link == "" && !strings.EqualFold(strings.TrimSpace(it.GUID.IsPermaLink), "false") {
		link = it.GUID.Value
	}
	return rawItem{title: it.Title, link: link, date: firstNonEmpty(it.PubDate, it.Date),
		summary: firstNonEmpty(it.Description, it.Summary)}
}

func (e atomEntry) raw() rawItem {
	link := ""
	for _, l := range e.Links {
		rel := strings.TrimSpace(l.Rel)
		if (rel == "" || rel == "alternate") && l.Href != "" {
			link = l.Href
			break
		}
	}
	return rawItem{title: e.Title, link: link, date: firstNonEmpty(e.Published, e.Updated),
		summary: firstNonEmpty(e.Summary, e.Content)}
}

// cleanAll cleans raw entries, dropping those without a title or a
// usable link and repeats of a link already seen in the same listing.
func cleanAll(raws []rawItem, base *url.URL) (items []Item, dropped int) {
	seen := map[string]bool{}
	for _, r := range raws {
		it, ok := r.clean(base)
		switch {
		case !ok:
			dropped++
		case seen[it.Link]:
		default:
			seen[it.Link] = true
			items = append(items, it)
		}
	}
	return items, dropped
}

// newXMLDecoder returns a lenient decoder: feeds in the wild use HTML
// entities and legacy encodings.
func newXMLDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		return charset.NewReaderLabel(label, r)
	}
	return d
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
