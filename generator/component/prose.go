package component

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/interference-watch/portal/generator/page"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the dataset's prose. Raw HTML is escaped, images
// become their alt text, and a link whose target is not http(s) or a
// same-page fragment keeps its text but loses its href. Citations are
// placeholders in the source (page.PlaceholderOpen, the group's index,
// page.PlaceholderClose), which splitCites turns into citeNodes, rendered
// by the Markers component.
var markdown = goldmark.New(
	goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100)),
	),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(citeRenderer{}, 50))),
)

// Prose renders a Markdown text of the dataset with its numbered
// citations.
func Prose(p page.Prose) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var src strings.Builder
		last := 0
		for i, c := range p.Cites {
			src.WriteString(strings.TrimRight(p.Text[last:c.Start], " \t"))
			last = c.End
			// Markers go after the punctuation that ends the clause, as
			// in Wikipedia: "Corsica.[1][2]", not "Corsica [1] [2] .".
			if last < len(p.Text) && strings.IndexByte(".,;:!?", p.Text[last]) >= 0 &&
				(last+1 == len(p.Text) || p.Text[last+1] == ' ' || p.Text[last+1] == '\n') {
				src.WriteByte(p.Text[last])
				last++
			}
			src.WriteRune(page.PlaceholderOpen)
			src.WriteString(strconv.Itoa(i))
			src.WriteRune(page.PlaceholderClose)
		}
		src.WriteString(p.Text[last:])
		pc := parser.NewContext()
		pc.Set(prefixKey, p.Prefix)
		pc.Set(citesKey, p.Cites)
		pc.Set(ctxKey, ctx)
		return markdown.Convert([]byte(src.String()), w, parser.WithContext(pc))
	})
}

var (
	prefixKey = parser.NewContextKey()
	citesKey  = parser.NewContextKey()
	ctxKey    = parser.NewContextKey()
)

// citeNode is a citation group in the text, with its markers.
type citeNode struct {
	ast.BaseInline
	markers []page.Marker
	ctx     context.Context
}

var kindCite = ast.NewNodeKind("Cite")

func (n *citeNode) Kind() ast.NodeKind { return kindCite }

func (n *citeNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// splitCites replaces the placeholders Prose puts where citations were
// with citeNodes, splitting the text nodes that hold them.
func splitCites(doc ast.Node, src []byte, pc parser.Context) {
	cites, _ := pc.Get(citesKey).([]page.Cite)
	ctx, _ := pc.Get(ctxKey).(context.Context)
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering && bytes.Contains(t.Segment.Value(src), openBytes) {
			texts = append(texts, t)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		parent, seg := t.Parent(), t.Segment
		v := seg.Value(src)
		pos := 0
		for {
			i := bytes.Index(v[pos:], openBytes)
			if i < 0 {
				break
			}
			j := bytes.IndexRune(v[pos+i:], page.PlaceholderClose)
			if j < 0 {
				break
			}
			idx, err := strconv.Atoi(string(v[pos+i+len(openBytes) : pos+i+j]))
			if i > 0 {
				parent.InsertBefore(parent, t, ast.NewTextSegment(gmtext.NewSegment(seg.Start+pos, seg.Start+pos+i)))
			}
			if err == nil && idx >= 0 && idx < len(cites) {
				parent.InsertBefore(parent, t, &citeNode{markers: cites[idx].Markers, ctx: ctx})
			}
			pos += i + j + len(closeBytes)
		}
		t.Segment = seg.WithStart(seg.Start + pos)
	}
}

var (
	openBytes  = []byte(string(page.PlaceholderOpen))
	closeBytes = []byte(string(page.PlaceholderClose))
)

// citeRenderer renders a citeNode with the Markers component.
type citeRenderer struct{}

func (citeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindCite, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			c := n.(*citeNode)
			if err := Markers(c.markers).Render(cmpCtx(c.ctx), w); err != nil {
				return ast.WalkStop, err
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

func cmpCtx(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// safeLinks drops links that are not http(s) or fragments, drops images,
// and numbers top-level paragraphs.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader gmtext.Reader, pc parser.Context) {
	splitCites(doc, reader.Source(), pc)
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

// paragraphLink is the small "¶" link at the end of a numbered paragraph,
// for deep links to it.
func paragraphLink(id string) ast.Node {
	l := ast.NewLink()
	l.Destination = []byte("#" + id)
	l.SetAttributeString("class", []byte("para-link"))
	l.AppendChild(l, ast.NewString([]byte("¶")))
	return l
}
