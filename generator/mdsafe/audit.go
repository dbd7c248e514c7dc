package mdsafe

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	ghtml "github.com/yuin/goldmark/renderer/html"
	xhtml "golang.org/x/net/html"
)

// auditor renders Markdown as GitHub does (GFM, bare URLs linked) and
// lets raw HTML through, so that Audit sees any that a report lets in.
var auditor = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(ghtml.WithUnsafe()))

// allowed are the elements a report may produce from its own structure.
var allowed = map[string]bool{
	"html": true, "head": true, "body": true, "p": true, "h1": true, "h2": true, "h3": true,
	"ul": true, "ol": true, "li": true, "strong": true, "em": true, "code": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "a": true, "br": true,
}

var mentionOrRef = regexp.MustCompile(`(^|[^\w])(@[A-Za-z0-9]|#[0-9]|GH-[0-9])`)

// Audit renders a whole Markdown report and lists what in it could act
// on a reader of the issue or pull request: an element other than the
// report's own structure (an image, raw HTML), a link to anything but an
// http(s) address, a link whose label is itself a different address, and
// text that would mention someone or reference an issue. Tests of every
// report call it with hostile input; an empty result means inert.
func Audit(markdown string) []string {
	var b bytes.Buffer
	if err := auditor.Convert([]byte(markdown), &b); err != nil {
		return []string{err.Error()}
	}
	doc, err := xhtml.Parse(&b)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	var walk func(*xhtml.Node, bool)
	walk = func(n *xhtml.Node, inCode bool) {
		switch n.Type {
		case xhtml.ElementNode:
			if !allowed[n.Data] {
				out = append(out, fmt.Sprintf("element <%s>", n.Data))
			}
			for _, a := range n.Attr {
				if n.Data == "a" && a.Key == "href" {
					if _, ok := Safe(a.Val); !ok {
						out = append(out, fmt.Sprintf("link to %q", a.Val))
					}
				} else if n.Data != "a" && n.Data != "th" && n.Data != "td" || strings.HasPrefix(a.Key, "on") {
					out = append(out, fmt.Sprintf("attribute %s on <%s>", a.Key, n.Data))
				}
			}
			inCode = inCode || n.Data == "code"
		case xhtml.TextNode:
			if m := mentionOrRef.FindStringSubmatch(n.Data); m != nil && !inCode {
				out = append(out, fmt.Sprintf("mention or reference %q", m[2]))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inCode)
		}
	}
	walk(doc, false)
	return out
}
