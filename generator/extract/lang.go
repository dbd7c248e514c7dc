package extract

import (
	"regexp"
	"strings"
	"unicode"
)

var primaryRe = regexp.MustCompile(`^[a-z]{2,3}$`)

// primaryTag returns the lowercase primary subtag of a BCP 47 tag or a
// locale such as "fr_FR", or "" when there is none ("und", "x-…").
func primaryTag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	tag, _, _ = strings.Cut(tag, ",") // content-language may list several
	p := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	if len(p) == 0 || !primaryRe.MatchString(p[0]) || p[0] == "und" || p[0] == "zxx" {
		return ""
	}
	return p[0]
}

// declaredLanguage is the language the page states: <html lang> (or
// xml:lang), og:locale, then a content-language meta.
func (p *page) declaredLanguage() string {
	tags := []string{p.attr("html", "lang"), p.attr("html", "xml:lang"), p.first("og:locale")}
	for _, k := range []string{"content-language", "language", "dc.language", "dcterms.language", "inlanguage"} {
		tags = append(tags, p.meta[k]...)
	}
	for _, tag := range append(tags, p.ld.str("inLanguage")) {
		if l := primaryTag(tag); l != "" {
			return l
		}
	}
	return ""
}

// stopwords are frequent short words that tell languages apart. A word
// listed for several languages carries no signal and is dropped.
var stopwords = map[string]string{}

// guessable lists the languages guessLanguage can name, in tie order.
var guessable = []string{"de", "en", "es", "fr", "it", "nl", "pt", placeholder}

// placeholder stands for Lorem ipsum filler, which is no language.
const placeholder = "lorem"

func init() {
	for lang, list := range map[string]string{
		"en": "in the and of to is that for with was on are this be by have from or at which but not they were has been " +
			"their would an will its it he she we you his her who what when there can more about than also into after",
		"fr": "de la en un le les des et est une du dans pour qui que sur au pas par ce avec sont plus ont été aux cette mais leur " +
			"nous vous il elle ses ces comme être fait tout aussi était sa ou où très même deux entre selon",
		"es": "de la en un el los las del y es una para por que con su se al como más pero sus fue ha este esta también son entre " +
			"sobre muy hasta desde donde cuando está tiene ellos según hay otro nos años ya lo",
		"de": "in der die und das ist nicht mit sich auf für ein eine dem den zu von auch es im wird sind wurde bei oder " +
			"aus nach wie noch einen einer werden hat haben nur über durch schon kann",
		"it": "la in un il di che è della per una sono gli alla anche nel non si le dei con più questo delle degli ha al essere " +
			"ma come nella sul dal anni stato suo sua tra dopo ancora",
		"pt": "de um o os as do da dos das em uma para com não que é mais por ao pelo pela foi são seu sua também mas no na " +
			"nos ele ela isso quando muito já sobre entre depois",
		"nl": "in de het een en van is dat op te zijn niet met voor ook wordt aan bij door maar nog naar worden heeft " +
			"deze er als om uit dan wel hij zij werd kan tot",
		placeholder: "lorem ipsum dolor sit amet consectetur adipisicing adipiscing elit sed eiusmod tempor incididunt " +
			"ut labore dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip " +
			"ex ea commodo consequat duis aute irure reprehenderit voluptate velit esse cillum eu fugiat nulla " +
			"pariatur excepteur sint occaecat cupidatat proident sunt culpa officia deserunt mollit anim id laborum",
	} {
		for _, w := range strings.Fields(list) {
			if _, dup := stopwords[w]; dup {
				stopwords[w] = ""
				continue
			}
			stopwords[w] = lang
		}
	}
}

// maxGuessText is how many bytes of text guessLanguage reads.
const maxGuessText = 32 << 10

// guessLanguage names the language of text among those with stopword
// lists, or returns "" when the evidence is thin or evenly split.
func guessLanguage(text string) string {
	score := map[string]int{}
	text = strings.ToLower(truncate(text, maxGuessText))
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if lang := stopwords[w]; lang != "" {
			score[lang]++
		}
	}
	best, bestN, second := "", 0, 0
	for _, lang := range guessable {
		switch s := score[lang]; {
		case s > bestN:
			best, bestN, second = lang, s, bestN
		case s > second:
			second = s
		}
	}
	if bestN < 5 || bestN < 2*second || best == placeholder {
		return ""
	}
	return best
}
