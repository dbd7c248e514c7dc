package scrape

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/interference-watch/portal/generator/dataset"
)

// maxTitleRunes caps a scraped title; longer text is not a title.
const maxTitleRunes = 300

// maxExcerptWords caps a scraped summary.
const maxExcerptWords = 60

// CleanText turns untrusted scraped text, which may hold HTML, into one
// line of plain text: tags are dropped (and the content of script, style
// and similar elements with them), entities decoded, control and
// bidirectional-override characters removed and white space collapsed.
// Text that was escaped twice is decoded twice; an angle bracket left
// after that is removed, so no markup survives, and "javascript:" loses
// its colon.
func CleanText(s string) string {
	for range 3 {
		if !strings.ContainsAny(s, "<&") {
			break
		}
		s = stripTags(s)
	}
	s = strings.Map(dropUnsafe, s)
	s = norm.NFC.String(s)
	s = strings.Join(strings.Fields(s), " ")
	return scriptScheme.ReplaceAllString(s, "${1}script ")
}

// scriptScheme finds script URL schemes in text; CleanText removes their
// colon so no later Markdown or HTML step can turn the text into a link.
var scriptScheme = regexp.MustCompile(`(?i)\b(java|vb)\s*script\s*:`)

// rawTextElements hold text that is never shown on a page.
var rawTextElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "object": true, "svg": true, "math": true, "head": true,
}

// stripTags keeps the text of an HTML fragment, entities decoded.
func stripTags(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if rawTextElements[string(name)] {
				skip++
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			name, _ := z.TagName()
			if rawTextElements[string(name)] && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// dropUnsafe maps characters that must not reach a record to a space
// (white space) or nothing (controls, bidirectional overrides, angle
// brackets left over from markup).
func dropUnsafe(r rune) rune {
	switch {
	case unicode.IsSpace(r):
		return ' '
	case r == '<' || r == '>':
		return ' '
	case unicode.IsControl(r), r == unicode.ReplacementChar, r == '\ufeff':
		return -1
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f':
		return -1
	}
	return r
}

// truncateRunes cuts s to at most n runes, on a word boundary when it can.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// truncateWords keeps the first n words of s, marking a cut with "…".
func truncateWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + "…"
}

// fold lower-cases s and removes its accents, for matching keywords and
// making ids: "Ingérence" becomes "ingerence".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// slug makes the id part of a title (dataset.Slug). A title with no
// Latin letter or digit gets "item-" and a short hash of key, so the id
// stays stable.
func slug(title, key string, maxWords int) string {
	if s := dataset.Slug(title, maxWords); s != "" {
		return s
	}
	sum := sha256.Sum256([]byte(key))
	return "item-" + hex.EncodeToString(sum[:3])
}
