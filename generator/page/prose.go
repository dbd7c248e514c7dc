package page

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/cite"
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
	// A cluster reads in order: [1][2], never [2][1].
	slices.SortStableFunc(out, func(a, b Marker) int { return cmp.Compare(a.N, b.N) })
	return out
}

// Prose numbers the citations of a Markdown text in reading order.
// Characters the components use as placeholders (U+E000, U+E001) are
// dropped from the text first.
func (n *Notes) Prose(text, prefix string) Prose {
	text = strings.Map(func(r rune) rune {
		if r == PlaceholderOpen || r == PlaceholderClose {
			return -1
		}
		return r
	}, text)
	p := Prose{Text: text, Prefix: prefix}
	for _, g := range cite.Parse(text) {
		p.Cites = append(p.Cites, Cite{Start: g.Start, End: g.End, Markers: n.Refs(g.Keys...)})
	}
	return p
}

// The private-use characters the components mark citations with while
// rendering a Prose text; they never reach a page.
const (
	PlaceholderOpen  = '\uE000'
	PlaceholderClose = '\uE001'
)

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
