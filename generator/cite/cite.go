// Package cite finds Pandoc-style citations in Markdown prose: [@key] and
// [@a; @b]. It knows nothing about sources; the validator checks that keys
// resolve and the renderer numbers them.
package cite

import (
	"regexp"
	"strings"
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

var (
	markdownLink  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	markdownMarks = strings.NewReplacer("**", "", "__", "", "*", "", "`", "", "#", "")
)

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

// PlainParagraph is Plain for the text of one paragraph.
func PlainParagraph(text string) string {
	t := Strip(text)
	if strings.Contains(t, "](") {
		t = markdownLink.ReplaceAllString(t, "$1")
	}
	return strings.Join(strings.Fields(markdownMarks.Replace(t)), " ")
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
