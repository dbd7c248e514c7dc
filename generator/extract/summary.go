package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// MaxSummaryWords bounds the length of [Metadata.Summary].
const MaxSummaryWords = 60

// maxElems keeps readability away from pathological documents.
const maxElems = 100_000

// mainText returns the text of the page's main content as readability
// finds it, one block per line, and the byline it finds in the page;
// both are "" when it finds nothing. It changes root. A panic inside the
// readability library is turned into empty results.
func mainText(root *html.Node, base *url.URL) (text, byline string) {
	defer func() {
		if recover() != nil {
			text, byline = "", ""
		}
	}()
	ps := readability.NewParser()
	ps.MaxElemsToParse = maxElems
	art, err := ps.ParseAndMutate(root, base)
	if err != nil || art.Node == nil {
		return "", ""
	}
	return render.InnerText(art.Node), cleanAuthor(clean(art.Byline()))
}

// sentenceEndRe finds the end of a sentence: ., ! or ? (and closing
// quotes or brackets) followed by a space and an upper-case letter,
// digit or opening quote.
// In Chinese and Japanese a full stop ends a sentence without a space.
var sentenceEndRe = regexp.MustCompile(`[.!?…]["'»”’)\]]*\s+["'«“‘(]?[\p{Lu}\d]|[。！？]["」』”’）]*`)

// footnoteRe matches reference markers such as [1] or [12].
var footnoteRe = regexp.MustCompile(`\[\d{1,3}\](?::\s?\d+)?`)

// maxPara is how much of one paragraph summarize reads.
const maxPara = 8 << 10

// summarize picks the leading sentences of the main text, skipping
// short lines such as captions and bylines, up to MaxSummaryWords words.
// A first sentence longer than that is cut at a word boundary and ends
// with "…".
func summarize(text string) string {
	var out []string
	n := 0
	for _, para := range strings.Split(text, "\n") {
		cut := len(para) > maxPara
		para = collapse(footnoteRe.ReplaceAllString(strings.ToValidUTF8(truncate(para, maxPara), ""), ""))
		if textWords(para) < 8 || !cut && !hasSentenceEnd(para) {
			continue
		}
		ss := sentences(para)
		if cut && len(ss) > 1 {
			ss = ss[:len(ss)-1] // the cut one
		}
		for _, s := range ss {
			w := textWords(s)
			if n+w > MaxSummaryWords {
				if n == 0 {
					return cutWords(s, MaxSummaryWords)
				}
				return joinSentences(out)
			}
			out, n = append(out, s), n+w
		}
	}
	return joinSentences(out)
}

// joinSentences joins with a space, except after a Chinese or Japanese
// full stop.
func joinSentences(ss []string) string {
	var b strings.Builder
	for i, s := range ss {
		if r, _ := utf8.DecodeLastRuneInString(b.String()); i > 0 && !strings.ContainsRune("。！？」』）", r) {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// hasSentenceEnd reports whether para ends like prose, not like a
// heading or a menu.
func hasSentenceEnd(para string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(para, `"'»”’) `))
	return strings.ContainsRune(".!?…:;。！？", r)
}

// sentences splits a paragraph after sentence ends, leaving
// abbreviations like "Mr." and initials like "J." inside sentences.
func sentences(para string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEndRe.FindAllStringIndex(para, -1) {
		end := m[1]
		if sp := strings.IndexFunc(para[m[0]:m[1]], unicode.IsSpace); sp >= 0 {
			end = m[0] + sp
		}
		if isAbbrev(para[start:end]) {
			continue
		}
		out = append(out, strings.TrimSpace(para[start:end]))
		start = end
	}
	if rest := strings.TrimSpace(para[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

var abbrevs = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "gen": true,
	"sen": true, "rep": true, "gov": true, "jr": true, "sr": true, "vs": true, "no": true, "inc": true, "co": true,
	"corp": true, "ltd": true, "m": true, "mme": true, "mlle": true, "art": true, "p": true, "e.g": true, "i.e": true}

// isAbbrev reports whether s ends with an abbreviation or an initial
// rather than a sentence.
func isAbbrev(s string) bool {
	s = strings.TrimRight(s, `"'»”’)]`)
	if !strings.HasSuffix(s, ".") {
		return false
	}
	f := strings.Fields(s)
	last := strings.ToLower(strings.TrimSuffix(f[len(f)-1], "."))
	return abbrevs[last] || utf8.RuneCountInString(last) == 1 || strings.Count(last, ".") > 0
}

// cutWords keeps the first n words of s, as textWords counts them, and
// marks the cut with "…".
func cutWords(s string, n int) string {
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		if n -= textWords(f); n < 0 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	if b.Len() == 0 { // one long unspaced run of ideographs
		r := []rune(s)
		return string(r[:min(len(r), 2*MaxSummaryWords)]) + "…"
	}
	return strings.TrimRight(b.String(), ",;:") + "…"
}

// textWords counts the words of s, taking two Chinese, Japanese or
// Korean characters, which are written without spaces, for one word.
func textWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		cjk := 0
		for _, r := range f {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				cjk++
			}
		}
		n += max(1, (cjk+1)/2)
	}
	return n
}
