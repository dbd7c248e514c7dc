// Package cite finds Pandoc-style citations in Markdown prose: [@key] and
// [@a; @b]. It knows nothing about sources; the validator checks that keys
// resolve and the renderer numbers them.
package cite

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	gmtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Group is one bracketed citation, such as [@a; @b], at byte offsets
// Start:End of the text.
type Group struct {
	Start, End int
	Keys       []string
}

// Paragraph is a block of text separated from the next by a blank line.
// Line is its first line, counted from 0 within the text.
type Paragraph struct {
	Text string
	Line int
}

const keyChars = `[A-Za-z0-9][A-Za-z0-9._:-]*`

var (
	groupRe = regexp.MustCompile(`\[\s*@` + keyChars + `(?:\s*;\s*@` + keyChars + `)*\s*\]`)
	keyRe   = regexp.MustCompile(`@(` + keyChars + `)`)
	// looseRe finds anything that starts like a citation, to catch typos.
	looseRe = regexp.MustCompile(`\[\s*@[^\]]*\]?`)
)

// Parse returns the citation groups of text in order.
func Parse(text string) []Group {
	var out []Group
	for _, m := range groupRe.FindAllStringIndex(text, -1) {
		g := Group{Start: m[0], End: m[1]}
		for _, k := range keyRe.FindAllStringSubmatch(text[m[0]:m[1]], -1) {
			g.Keys = append(g.Keys, strings.TrimRight(k[1], ".:"))
		}
		out = append(out, g)
	}
	return out
}

// Keys returns every cited key of text in order of first use.
func Keys(text string) []string {
	var keys []string
	seen := map[string]bool{}
	for _, g := range Parse(text) {
		for _, k := range g.Keys {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// Malformed returns the text of bracketed @-references that are not valid
// citations, such as "[@]" or "[@a, @b]".
func Malformed(text string) []string {
	valid := map[int]bool{}
	for _, g := range Parse(text) {
		valid[g.Start] = true
	}
	var bad []string
	for _, m := range looseRe.FindAllStringIndex(text, -1) {
		if !valid[m[0]] {
			bad = append(bad, text[m[0]:m[1]])
		}
	}
	return bad
}

// Paragraphs splits text on blank lines.
func Paragraphs(text string) []Paragraph {
	var out []Paragraph
	var cur []string
	start := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, Paragraph{Text: strings.Join(cur, "\n"), Line: start})
			cur = nil
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if len(cur) == 0 {
			start = i
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// Plain turns cited Markdown prose into plain-text paragraphs, for page
// descriptions, feeds, the search index and the STIX export: citations
// removed (and the space before one that punctuation follows), links
// reduced to their text, emphasis, code and heading marks dropped, white
// space collapsed. Paragraphs left empty are left out.
func Plain(md string) []string {
	var out []string
	for _, p := range Paragraphs(md) {
		if t := PlainParagraph(p.Text); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// PlainParagraph is Plain for the text of one paragraph. It reads the
// paragraph with goldmark, the site's Markdown parser, and keeps the text
// of its syntax tree: only markup goes ("#BoycottFrance", a literal "*" or
// a backslash-escaped character stay as the page shows them), links keep
// their text, images their alt text, and raw HTML, which pages never
// render, is dropped.
func PlainParagraph(text string) string {
	src := []byte(Strip(text))
	doc := plainMarkdown.Parser().Parse(gmtext.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Kind() == ast.KindParagraph || n.Kind() == ast.KindHeading || n.Kind() == ast.KindListItem {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(unescape(n.Segment.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.URL(src))
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// plainMarkdown parses prose as the pages do (CommonMark); its renderer
// is never used.
var plainMarkdown = goldmark.New()

// unescape resolves backslash escapes and character references in a
// text segment, as goldmark's HTML writer does.
func unescape(v []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

// Strip removes the citations of text, and the space before one that
// punctuation follows ("Baku [@a]." is "Baku."); it leaves the rest as
// it is.
func Strip(text string) string {
	groups := Parse(text)
	for i := len(groups) - 1; i >= 0; i-- {
		before, after := text[:groups[i].Start], text[groups[i].End:]
		if after == "" || strings.ContainsRune(".,;:!?)", rune(after[0])) {
			before = strings.TrimRight(before, " \t\n")
		}
		text = before + after
	}
	return text
}
