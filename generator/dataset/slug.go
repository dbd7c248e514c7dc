package dataset

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var (
	slugFold  = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "'", "", "’", "")
	slugPunct = regexp.MustCompile(`[^a-z0-9]+`)
)

// Slug is the one rule that makes the id part of a title (the scraper's
// and portal new's source ids): at most maxWords of its words, lowercase
// ASCII letters and digits joined by hyphens, accents removed, ligatures
// spelt out, apostrophes dropped, and words left off from the end while
// it is longer than 60 characters. It is "" when the title has no Latin
// letter or digit: the caller chooses a fallback.
func Slug(title string, maxWords int) string {
	s := norm.NFKD.String(slugFold.Replace(strings.ToLower(title)))
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
	words := strings.Fields(slugPunct.ReplaceAllString(s, " "))
	words = words[:min(len(words), maxWords)]
	for len(words) > 1 && len(strings.Join(words, "-")) > 60 {
		words = words[:len(words)-1]
	}
	return strings.Join(words, "-")
}
