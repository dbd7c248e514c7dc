// Package extract reads the metadata of an article page: title,
// publication date, language, description, canonical URL, site name,
// author, and a short extractive summary of its main text.
//
// Each field is taken from the most explicit source the page offers —
// OpenGraph and article meta tags, JSON-LD, Dublin Core and citation
// tags, then the document itself — and every value is returned as plain
// text. Pages are untrusted input: [Extract] never panics and bounds the
// size of what it returns.
package extract

import (
	"bytes"
	"io"
	"net/url"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Metadata is what [Extract] finds in a page. Missing fields are empty.
type Metadata struct {
	Title string `json:"title"`
	// Published is YYYY, YYYY-MM or YYYY-MM-DD, with the precision the
	// page gives, as the calendar date in the page's own time zone.
	Published string `json:"published"`
	// Language is a BCP 47 primary language subtag such as "en" or "fr".
	Language    string `json:"language"`
	Description string `json:"description"`
	// CanonicalURL is an absolute http(s) URL; empty when neither the
	// page nor its URL provides one.
	CanonicalURL string `json:"canonical_url"`
	SiteName     string `json:"site_name"`
	Author       string `json:"author"`
	// Summary holds the leading sentences of the main text, at most
	// [MaxSummaryWords] words.
	Summary string `json:"summary"`
}

// Extract reads the metadata of the HTML page at pageURL. The page is
// decoded from the charset its BOM or <meta charset> declares, else as
// UTF-8. pageURL resolves relative links and stands in for the canonical
// URL and site name; it may be empty or a file path, in which case only
// absolute http(s) links in the page are kept.
func Extract(page []byte, pageURL string) Metadata {
	return ExtractHTTP(page, pageURL, "")
}

// ExtractHTTP is [Extract] for a page fetched over HTTP: a charset named
// by contentType, the response's Content-Type header, wins over the
// page's own declaration, as in browsers.
func ExtractHTTP(page []byte, pageURL, contentType string) Metadata {
	base := httpURL(pageURL)
	root, err := html.Parse(decode(page, contentType))
	if err != nil { // only reader errors, which bytes readers do not have
		root = &html.Node{Type: html.DocumentNode}
	}
	p := newPage(goquery.NewDocumentFromNode(root), base)
	m := Metadata{
		Published:    p.published(),
		Language:     p.declaredLanguage(),
		Description:  p.description(),
		CanonicalURL: p.canonical(),
		SiteName:     p.siteName(),
		Author:       p.author(),
	}
	m.Title = p.title(m.SiteName)
	text, byline := mainText(root, base) // last: readability changes the tree
	if text == "" {
		text = p.doc.Find("body").Text()
	}
	if m.Author == "" {
		m.Author = byline
	}
	m.Summary = summarize(text)
	if m.Language == "" {
		m.Language = guessLanguage(text)
	}
	return m
}

// decode returns a reader of page in UTF-8. Without a declared charset,
// valid UTF-8 is read as such and anything else as windows-1252.
func decode(page []byte, contentType string) io.Reader {
	if contentType == "" {
		contentType = "text/html"
	}
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	if name == "utf-8" || enc == nil || !certain && utf8.Valid(page) {
		return bytes.NewReader(page)
	}
	return enc.NewDecoder().Reader(bytes.NewReader(page))
}

// httpURL parses an absolute http(s) URL with a printable host, or
// returns nil.
func httpURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || clean(u.Host) != u.Host {
		return nil
	}
	return u
}
