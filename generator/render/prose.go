// Package render turns the Dataset into staged Hugo content: one page per
// record with every cross-reference, count and citation number worked out
// in Go, so templates only format. Prose is rendered from Markdown here,
// with raw HTML off and only http(s) links kept.
package render

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Notes numbers the sources cited on one page in order of first use and
// remembers each use so the reference list can link back to it. A Notes
// belongs to one page and is not safe for concurrent use.
type Notes struct {
	order []string
	num   map[string]int
	uses  map[string]int
}

// NewNotes starts the numbering of a page.
func NewNotes() *Notes { return &Notes{num: map[string]int{}, uses: map[string]int{}} }

// Cite numbers key (reusing its number if already cited) and returns the
// number and the id of this use's anchor, for the reference's back link.
func (n *Notes) Cite(key string) (num int, anchor string) {
	num, ok := n.num[key]
	if !ok {
		n.order = append(n.order, key)
		num = len(n.order)
		n.num[key] = num
	}
	n.uses[key]++
	return num, citeAnchor(num, n.uses[key])
}

// Keys returns the cited keys in numbering order.
func (n *Notes) Keys() []string { return n.order }

// Uses returns how many times key was cited.
func (n *Notes) Uses(key string) int { return n.uses[key] }

// Marker is one citation marker of a structured claim: the reference
// number and the id of this use's anchor.
type Marker struct {
	N  int    `json:"n"`
	ID string `json:"id"`
}

// Refs numbers keys for a structured claim and returns their markers.
func (n *Notes) Refs(keys ...string) []Marker {
	out := make([]Marker, 0, len(keys))
	for _, k := range keys {
		if k == "" {
			continue
		}
		num, anchor := n.Cite(k)
		out = append(out, Marker{N: num, ID: anchor})
	}
	return out
}

// Markers renders the markers for a citation of keys, like [2][5].
func (n *Notes) Markers(keys ...string) string { return string(markersHTML(n.Refs(keys...))) }

// Prose renders one Markdown text to HTML. Citations become numbered
// markers through notes; paragraphs get ids prefix-1, prefix-2 … when
// prefix is set. Raw HTML is escaped, images become their alt text, and a
// link whose target is not http(s) or a same-page fragment keeps its text
// but loses its href.
type Prose struct {
	md goldmark.Markdown
}

// NewProse builds the Markdown renderer.
func NewProse() *Prose {
	return &Prose{md: goldmark.New(
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
	)}
}

const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// Render renders text; see Prose.
func (p *Prose) Render(text string, notes *Notes, prefix string) string {
	text = strings.Map(func(r rune) rune {
		if r == markOpen || r == markClose {
			return -1
		}
		return r
	}, text)
	groups := cite.Parse(text)
	var src strings.Builder
	last := 0
	for i, g := range groups {
		src.WriteString(strings.TrimRight(text[last:g.Start], " \t"))
		src.WriteRune(markOpen)
		src.WriteString(strconv.Itoa(i))
		src.WriteRune(markClose)
		last = g.End
	}
	src.WriteString(text[last:])
	var buf bytes.Buffer
	ctx := parser.NewContext()
	ctx.Set(prefixKey, prefix)
	if err := p.md.Convert([]byte(src.String()), &buf, parser.WithContext(ctx)); err != nil {
		return "<p>" + html.EscapeString(text) + "</p>"
	}
	return replaceMarks(buf.String(), groups, notes)
}

func replaceMarks(h string, groups []cite.Group, notes *Notes) string {
	var b strings.Builder
	for {
		i := strings.IndexRune(h, markOpen)
		if i < 0 {
			b.WriteString(h)
			return b.String()
		}
		j := strings.IndexRune(h[i:], markClose)
		if j < 0 {
			b.WriteString(h)
			return b.String()
		}
		b.WriteString(h[:i])
		idx, err := strconv.Atoi(h[i+len(string(markOpen)) : i+j])
		if err == nil && idx >= 0 && idx < len(groups) {
			b.WriteString(notes.Markers(groups[idx].Keys...))
		}
		h = h[i+j+len(string(markClose)):]
	}
}

var prefixKey = parser.NewContextKey()

// safeLinks drops links that are not http(s) or fragments, drops images,
// and numbers top-level paragraphs.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	prefix, _ := pc.Get(prefixKey).(string)
	n := 0
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Paragraph); ok && prefix != "" {
			n++
			id := fmt.Sprintf("%s-%d", prefix, n)
			c.SetAttributeString("id", []byte(id))
			c.AppendChild(c, paragraphLink(id))
		}
	}
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := node.(type) {
		case *ast.Link:
			if !SafeURL(string(l.Destination)) {
				unwrap = append(unwrap, l)
			}
		case *ast.AutoLink:
			if !SafeURL(string(l.URL(reader.Source()))) {
				unwrap = append(unwrap, l)
			}
		case *ast.Image:
			unwrap = append(unwrap, l)
		}
		return ast.WalkContinue, nil
	})
	for _, node := range unwrap {
		replaceWithText(node, reader.Source())
	}
}

func replaceWithText(node ast.Node, src []byte) {
	parent := node.Parent()
	if parent == nil {
		return
	}
	if al, ok := node.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, node, ast.NewString(al.Label(src)))
		return
	}
	for c := node.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, node, c)
		c = next
	}
	parent.RemoveChild(parent, node)
}

// SafeURL reports whether u may become an href: an absolute http(s) URL
// or a fragment on the same page.
func SafeURL(u string) bool {
	u = strings.TrimSpace(u)
	lower := strings.ToLower(u)
	return strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") ||
		(strings.HasPrefix(u, "#") && !strings.ContainsAny(u, "\"'<> "))
}

func citeAnchor(num, use int) string { return fmt.Sprintf("cite-%d-%d", num, use) }

// Describe makes a page description from Markdown prose: the first
// paragraph as plain text without citations, cut at a word near 160
// characters.
func Describe(text string) string {
	var p string
	for _, para := range cite.Paragraphs(text) {
		if p = cite.PlainParagraph(para.Text); p != "" {
			break
		}
	}
	if r := []rune(p); len(r) > 160 {
		cut := string(r[:157])
		if i := strings.LastIndex(cut, " "); i > 100 {
			cut = cut[:i]
		}
		p = cut + "…"
	}
	return p
}

// paragraphLink is the small "¶" link at the end of a numbered paragraph,
// for deep links to it.
func paragraphLink(id string) ast.Node {
	l := ast.NewLink()
	l.Destination = []byte("#" + id)
	l.SetAttributeString("class", []byte("para-link"))
	l.AppendChild(l, ast.NewString([]byte("¶")))
	return l
}
