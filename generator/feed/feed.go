// Package feed writes the Atom 1.0 feeds (RFC 4287) of the page model:
// the campaigns of each actor, place and technique, and the changes.
package feed

import (
	"bytes"
	"encoding/xml"
	"time"

	"github.com/interference-watch/portal/generator/page"
)

// Only the elements the feeds use.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary,omitempty"`
}

// atomText is a text element, with its language when it is not the
// feed's.
type atomText struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

// Encode writes f as an Atom document.
func Encode(f page.Feed) ([]byte, error) {
	a := atomFeed{Lang: f.Lang, ID: f.ID, Title: f.Title, Updated: f.Updated.Format(time.RFC3339), Author: atomPerson{page.SiteTitle},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.Self}, {Rel: "alternate", Type: "text/html", Href: f.Page}}}
	for _, e := range f.Entries {
		ae := atomEntry{ID: e.ID, Title: atomText{e.TitleLang, e.Title}, Updated: e.Updated.Format(time.RFC3339), Summary: e.Summary}
		if !e.Published.IsZero() {
			ae.Published = e.Published.Format(time.RFC3339)
		}
		for _, l := range e.Links {
			ae.Links = append(ae.Links, atomLink(l))
		}
		a.Entries = append(a.Entries, ae)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
