package extract

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tagRe matches something that looks like an HTML tag or comment, so
// that "a < b" survives while "<b>bold</b>" loses its tags.
var tagRe = regexp.MustCompile(`<(?:[a-zA-Z/!?][^<>]*)>`)

// rawTextRes match elements whose content is never text a reader sees
// (a <script> inside a <title>, say), with that content, up to their end
// tag or the end of the field.
var rawTextRes = func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, tag := range []string{"script", "style", "noscript", "template", "svg", "math"} {
		out = append(out, regexp.MustCompile(`(?is)<`+tag+`\b[^>]*>.*?(?:</`+tag+`\s*>|$)`))
	}
	return out
}()

// maxField caps the length in bytes of every text field, so a hostile
// page cannot make a record of megabytes.
const maxField = 2000

// clean turns a fragment of page text into plain text: tags stripped,
// entities decoded (once more, for pages that encode them twice), every
// run of white space collapsed to one space, invalid UTF-8 dropped, and
// the result cut to maxField bytes on a rune boundary.
func clean(s string) string {
	for range 2 { // once more for text encoded twice: &lt;script&gt;
		if strings.ContainsRune(s, '<') {
			for _, re := range rawTextRes {
				s = re.ReplaceAllString(s, " ")
			}
			s = tagRe.ReplaceAllString(s, " ")
		}
		if !strings.ContainsRune(s, '&') {
			break
		}
		s = html.UnescapeString(s)
	}
	s = strings.ToValidUTF8(s, "")
	return truncate(collapse(s), maxField)
}

// collapse replaces each run of Unicode white space and control
// characters with one space, drops U+FFFD and trims both ends.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' {
			space = b.Len() > 0
			continue
		}
		if r == utf8.RuneError { // undecodable input carries nothing
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n])
}

// words counts the space-separated words of s.
func words(s string) int { return len(strings.Fields(s)) }

// firstNonEmpty returns the first of vs that is not empty.
func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
