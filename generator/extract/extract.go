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
	"errors"
	"fmt"
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
// absolute http(s) links in the page are kept. A page that cannot be
// parsed gives empty Metadata: use [Read] to know why.
func Extract(page []byte, pageURL string) Metadata {
	m, _ := Read(page, pageURL, "")
	return m
}

// ExtractHTTP is [Extract] for a page fetched over HTTP: a charset named
// by contentType, the response's Content-Type header, wins over the
// page's own declaration, as in browsers.
func ExtractHTTP(page []byte, pageURL, contentType string) Metadata {
	m, _ := Read(page, pageURL, contentType)
	return m
}

// ErrNothing is returned, wrapped, by [Read] for a page in which no field
// at all was found.
var ErrNothing = errors.New("found no title, date, language, description, canonical URL, site name, author or text in the page")

// Read is [ExtractHTTP] that says when it could not do its work: a page
// the HTML parser refuses even once its nesting is cut down, or a page
// that yields no field at all, is an error, never an empty success. A
// page nested deeper than the parser's limit (512 open elements) is read
// with the elements past a lower depth left out, their text kept, so its
// head and most of its text are still found.
func Read(page []byte, pageURL, contentType string) (Metadata, error) {
	root, err := parse(page, contentType)
	if err != nil {
		return Metadata{}, err
	}
	m := extractFrom(root, httpURL(pageURL))
	if m == (Metadata{}) {
		return m, ErrNothing
	}
	return m, nil
}

// flattenDepths are the nesting limits tried, in turn, on a page the
// parser refuses as too deep: well below its 512, which counts the
// elements it adds itself.
var flattenDepths = []int{256, 64}

// parse parses page, cutting its nesting down when the parser refuses it.
func parse(page []byte, contentType string) (*html.Node, error) {
	root, err := html.Parse(decode(page, contentType))
	for _, depth := range flattenDepths {
		if err == nil {
			break
		}
		root, err = html.Parse(bytes.NewReader(flatten(decode(page, contentType), depth)))
	}
	if err != nil {
		return nil, fmt.Errorf("the page cannot be parsed as HTML: %w", err)
	}
	return root, nil
}

func extractFrom(root *html.Node, base *url.URL) Metadata {
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

// voidElements have no end tag and never stay open.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
	"keygen": true, "basefont": true, "bgsound": true, "frame": true, "image": true}

// rawElements hold text that is not markup: they are always kept, so
// their content never turns into tags.
var rawElements = map[string]bool{"script": true, "style": true, "title": true, "textarea": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true}

// maxEndTagSearch bounds how far down the open elements an end tag is
// matched, so that a page of many unclosed elements and many stray end
// tags costs linear time.
const maxEndTagSearch = 1024

// flatten re-writes the page read from r with at most limit elements open
// at once, as counted from its tags: the start and end tags of deeper
// elements are left out and their content kept, so the parser accepts
// it. Everything else is copied byte for byte.
func flatten(r io.Reader, limit int) []byte {
	z := html.NewTokenizer(r)
	var (
		out  bytes.Buffer
		open openElements
	)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out.Bytes() // io.EOF, or a reader error: what was read is kept
		case html.StartTagToken:
			b, _ := z.TagName()
			if name := string(b); !voidElements[name] && !open.push(name, open.written < limit || rawElements[name]) {
				continue
			}
		case html.EndTagToken:
			b, _ := z.TagName()
			if !open.pop(string(b)) {
				continue
			}
		}
		out.Write(z.Raw())
	}
}

// openElements is flatten's stack of open elements.
type openElements struct {
	names   []string // innermost last
	kept    []bool   // whether each one's start tag was written
	written int      // how many of them were written
}

// push opens name and says whether its start tag is written.
func (o *openElements) push(name string, keep bool) bool {
	o.names, o.kept = append(o.names, name), append(o.kept, keep)
	if keep {
		o.written++
	}
	return keep
}

// pop closes the innermost open name and those inside it, and says
// whether its end tag is written: it is unless its start tag was not. A
// stray end tag is written; the parser ignores it.
func (o *openElements) pop(name string) bool {
	for i := len(o.names) - 1; i >= max(0, len(o.names)-maxEndTagSearch); i-- {
		if o.names[i] != name {
			continue
		}
		for _, k := range o.kept[i:] {
			if k {
				o.written--
			}
		}
		keep := o.kept[i]
		o.names, o.kept = o.names[:i], o.kept[:i]
		return keep
	}
	return true
}
