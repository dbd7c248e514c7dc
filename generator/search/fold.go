package search

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTermRunes is the longest term indexed or searched for; longer words
// (hashes, pasted URLs) are skipped on both sides.
const MaxTermRunes = 40

// folds maps the letters that survive NFKD and lower-casing to their plain
// Latin spelling. The manifest carries this table, so search.js folds a
// query exactly as Fold does.
var folds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l",
	'þ': "th", 'ħ': "h", 'ı': "i", 'ŧ': "t", 'ĸ': "k", 'ŋ': "n", 'ς': "σ",
}

// stopWords are common English and French words, already folded, that
// are neither indexed nor searched for: they would match almost every
// record. The manifest carries the list for search.js.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be by for from in is its of on or that the this
		to was were with au aux ce ces d dans de des du en est et il l la le les leur leurs n ne ou par pas
		pour qu que qui s sa se ses son sur un une`) {
		stopWords[w] = true
	}
}

// Fold is word in the form the index stores: compatibility-decomposed
// (NFKD), without combining marks, lower-cased, with the letters of
// folds spelled out. "Bakou", "BAKOU" and "bakou" fold alike, as do
// "Calédonie" and "caledonie", "Doppelgänger" and "doppelganger".
// search.js does the same with String.prototype.normalize("NFKD"),
// /\p{M}/gu and toLowerCase.
func Fold(word string) string {
	// Most words are ASCII, which NFKD leaves alone and folds holds none
	// of: lower-casing is all they need.
	upper := false
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			return foldUnicode(word)
		}
		upper = upper || ('A' <= c && c <= 'Z')
	}
	if !upper {
		return word
	}
	b := []byte(word)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func foldUnicode(word string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(word) {
		if unicode.Is(unicode.M, r) {
			continue
		}
		r = unicode.ToLower(r)
		if s, ok := folds[r]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isWordRune reports whether r belongs to a word: a letter, a digit or a
// combining mark (\p{L}, \p{N}, \p{M}). Everything else, hyphens and
// apostrophes included, separates words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)
}

// Tokens splits text into words and folds them, skipping words that fold
// to nothing or to more than MaxTermRunes runes. Stop words are kept:
// the caller decides.
func Tokens(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		if t := Fold(w); t != "" && utf8.RuneCountInString(t) <= MaxTermRunes {
			out = append(out, t)
		}
	}
	return out
}

// IsStopWord reports whether the folded term t is a stop word.
func IsStopWord(t string) bool { return stopWords[t] }

// stopList is the stop words, sorted, for the manifest.
func stopList() []string { return slices.Sorted(maps.Keys(stopWords)) }

// foldTable is folds keyed by string, for the manifest.
func foldTable() map[string]string {
	m := make(map[string]string, len(folds))
	for r, s := range folds {
		m[string(r)] = s
	}
	return m
}
