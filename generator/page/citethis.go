package page

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/interference-watch/portal/generator/dataset"
)

// CiteView is the "cite this page" block: the permalink, the access date
// and the page's reference in six formats.
type CiteView struct {
	Permalink string
	Accessed  *Date
	Formats   []CiteFormat
}

// CiteFormat is one citation style and its text.
type CiteFormat struct {
	Name string
	Text string
}

// citeWork is what a citation of a record page says.
type citeWork struct {
	ID, Title, URL, Lang string
	Updated, Accessed    time.Time
	Site                 string
}

func (b *Builder) citeThis(k dataset.Kind, id, title, dataPath string) *CiteView {
	if b.site.BaseURL == "" {
		return nil
	}
	w := citeWork{ID: string(k) + "-" + id, Title: title, URL: b.permalink(RecordPath(k, id)), Lang: b.lang,
		Updated: b.now, Accessed: b.now, Site: SiteTitle}
	if u := b.log.Updated(dataPath); !u.IsZero() {
		w.Updated = u.UTC()
	}
	return &CiteView{Permalink: w.URL, Accessed: b.dateOfTime(w.Accessed), Formats: []CiteFormat{
		{"APA", apa(w)}, {"MLA", mla(w)}, {"Chicago", chicago(w)},
		{"BibLaTeX", biblatex(w)}, {"BibTeX", bibtex(w)}, {"RIS", ris(w)}, {"CSL-JSON", cslJSON(w)},
	}}
}

// texEscaper escapes the characters TeX gives a meaning to.
var texEscaper = strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`, "#", `\#`, "_", `\_`, "$", `\$`)

func longDate(t time.Time) string { return t.Format("January 2, 2006") }

// The APA, MLA and Chicago texts are what the official CSL styles (APA 7,
// MLA 9, Chicago author-date) render from the page's own CSL-JSON, so a
// reference manager and the page agree (.ci/check-citations.mjs renders
// them with citeproc and compares, with the en-US locale on English pages
// and fr-FR on French ones). MLA and Chicago put English titles in title
// case; APA keeps sentence case. French texts follow the fr-FR locale:
// month names written out and in lower case, no ordinal, the title in
// guillemets with no-break spaces (« … ») and the full stop after them.

func apa(w citeWork) string {
	if w.Lang == "fr" {
		return fmt.Sprintf("%s. (%d, %s %d). %s %s. %s", w.Site, w.Updated.Year(), frMonth(w.Updated), w.Updated.Day(),
			sentence(frenchTypographic(w.Title, false)), w.Site, w.URL)
	}
	return fmt.Sprintf("%s. (%s). %s %s. %s", w.Site, w.Updated.Format("2006, January 2"), sentence(typographic(w.Title)), w.Site, w.URL)
}

func mla(w citeWork) string {
	if w.Lang == "fr" {
		return fmt.Sprintf("%s. %s %s, %d %s %d, %s.", w.Site, frQuoted(w.Title), w.Site, w.Updated.Day(), frMonth(w.Updated), w.Updated.Year(), w.URL)
	}
	return fmt.Sprintf("%s. “%s” %s, %s, %s.", w.Site, sentence(quotedTitle(titleCase(w.Title, w.Lang))), w.Site, mlaDate(w.Updated), w.URL)
}

func chicago(w citeWork) string {
	if w.Lang == "fr" {
		return fmt.Sprintf("%s. %d. %s %s, %s %d. %s.", w.Site, w.Updated.Year(), frQuoted(w.Title), w.Site, frMonth(w.Updated), w.Updated.Day(), w.URL)
	}
	return fmt.Sprintf("%s. %d. “%s” %s, %s. %s.", w.Site, w.Updated.Year(), sentence(quotedTitle(titleCase(w.Title, w.Lang))), w.Site, w.Updated.Format("January 2"), w.URL)
}

// frMonth is t's month as the fr-FR locale writes it: "décembre".
func frMonth(t time.Time) string { return monthNames["fr"][t.Month()-1] }

// sentence ends s with a full stop, unless it ends with one already or
// with a question or exclamation mark, as citeproc does.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// frQuoted is a French title in guillemets, followed by a full stop
// unless the title ends a sentence itself: « Titre ». or « Qui ? »
func frQuoted(title string) string {
	t := frenchTypographic(title, true)
	q := "«\u00a0" + t + "\u00a0»"
	if t != sentence(t) {
		return q + "."
	}
	return q
}

// frenchTypographic writes a French title as citeproc does with the
// fr-FR locale: a space before : ; ? ! or inside « » becomes a narrow
// no-break space; a straight apostrophe becomes ’; a phrase in straight
// double quotes goes between « and » (with no-break spaces), or “ and ”
// inside a quoted title; one in single quotes between “ and ”.
func frenchTypographic(s string, quoted bool) string {
	if quoted {
		return curlQuotes(s, "“", "”", "«»", true)
	}
	return curlQuotes(s, "«\u00a0", "\u00a0»", "«»", true)
}

// typographic writes straight quotes as citeproc prints them: a quoted
// phrase, in single or double quotes, between “ and ”, an apostrophe as ’.
func typographic(s string) string {
	return curlQuotes(s, "“", "”", "", false)
}

// curlQuotes is what typographic and frenchTypographic share: a straight
// double quote after a boundary (space, bracket, punctuation, or one of
// moreBoundaries) opens with open, any other closes with close; a single
// quote before a letter at a boundary opens “ and closes ” at the next
// boundary, and any other single quote is an apostrophe ’. With
// frenchSpaces, a space before : ; ? ! » or after « becomes a narrow
// no-break space.
func curlQuotes(s, open, close, moreBoundaries string, frenchSpaces bool) string {
	r := []rune(s)
	var b strings.Builder
	openSingle := false
	boundary := func(i int) bool {
		return i < 0 || i >= len(r) || unicode.IsSpace(r[i]) || strings.ContainsRune("()[],.;:!?"+moreBoundaries, r[i])
	}
	for i, c := range r {
		switch {
		case frenchSpaces && c == ' ' && (i+1 < len(r) && strings.ContainsRune(":;?!»", r[i+1]) || i > 0 && r[i-1] == '«'):
			b.WriteRune('\u202f')
		case c == '"' && boundary(i-1):
			b.WriteString(open)
		case c == '"':
			b.WriteString(close)
		case c == '\'' && boundary(i-1) && i+1 < len(r) && unicode.IsLetter(r[i+1]):
			b.WriteRune('“')
			openSingle = true
		case c == '\'' && openSingle && boundary(i+1):
			b.WriteRune('”')
			openSingle = false
		case c == '\'':
			b.WriteRune('’')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// quotedTitle is a title set inside double quotes: its own double quotes
// become single ones.
func quotedTitle(s string) string {
	return strings.NewReplacer("“", "‘", "”", "’").Replace(typographic(s))
}

// mlaDate is MLA's "1 Dec. 2026": months of more than four letters are
// cut to three and a full stop; May, June and July are written out.
func mlaDate(t time.Time) string {
	m := t.Format("January")
	if len(m) > 4 {
		m = m[:3] + "."
		if t.Month() == time.September {
			m = "Sept."
		}
	}
	return fmt.Sprintf("%d %s %d", t.Day(), m, t.Year())
}

// lowerWords stay lower case inside an English title (articles,
// conjunctions, prepositions), as citeproc's title casing keeps them.
var lowerWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and but or nor for so yet as at by in of on to up via with from into onto over
		per than till upon about above across after against along amid among around before behind below beneath beside
		besides between beyond despite down during except inside like near off out past since through toward towards under
		until unto versus vs within without`) {
		lowerWords[w] = true
	}
}

// titleCase capitalises the first letter of each word of an English
// title (each part of a hyphenated one) but the small words (lowerWords),
// always the first and last and the first after a colon; a word with a
// capital past its first letter ("DRAGONBRIDGE", "pro-China") is left as
// written, as citeproc does. Titles in other languages are left as they
// are.
func titleCase(s, lang string) string {
	if lang != "en" {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		if i > 0 && strings.HasSuffix(words[i-1], ")") {
			continue // citeproc leaves the word after a parenthesis as written
		}
		first := i == 0 || i == len(words)-1 || strings.HasSuffix(words[i-1], ":")
		parts := strings.Split(w, "-")
		for j, part := range parts {
			if r := []rune(part); len(r) > 1 && strings.ContainsFunc(string(r[1:]), unicode.IsUpper) {
				continue // a capital inside (DRAGONBRIDGE, GRU, iPhone): as written
			}
			small := lowerWords[strings.ToLower(strings.Trim(part, ".,;:!?()“”‘’\"'"))]
			if part == "" || (small && !(first && j == 0)) {
				continue
			}
			parts[j] = capitalize(part)
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// capitalize upper-cases the first letter of w (after any opening quote
// or bracket), and of each part after a hyphen.
func capitalize(w string) string {
	r := []rune(w)
	up := true
	for i, c := range r {
		if up && unicode.IsLetter(c) {
			r[i] = unicode.ToUpper(c)
			up = false
		} else if c == '-' || c == '/' {
			up = true
		} else if unicode.IsLetter(c) || unicode.IsDigit(c) {
			up = false
		}
	}
	return string(r)
}

// bibtexEscape protects the characters BibTeX treats specially and folds
// line breaks, which would end nothing but read badly.
func bibtexEscape(s string) string {
	return texEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

// bibKey is the entry's key: one per record and language, so that the
// English and French pages of a record can be cited side by side.
func bibKey(w citeWork) string { return "iw-" + w.ID + "-" + w.Lang }

// biblatex is the entry for biblatex and biber: @online with full dates.
func biblatex(w citeWork) string {
	return fmt.Sprintf("@online{%s,\n  author = {{%s}},\n  title = {%s},\n  date = {%s},\n  url = {%s},\n  urldate = {%s},\n  langid = {%s}\n}",
		bibKey(w), w.Site, bibtexEscape(w.Title), w.Updated.Format("2006-01-02"), w.URL, w.Accessed.Format("2006-01-02"), langID(w.Lang))
}

// bibtex is the entry for classic BibTeX styles, which know no @online
// nor url: @misc, the address in howpublished, the access in note, the
// month as a number.
func bibtex(w citeWork) string {
	return fmt.Sprintf("@misc{%s,\n  author = {{%s}},\n  title = {%s},\n  howpublished = {\\url{%s}},\n  year = {%d},\n  month = {%d},\n  note = {Last modified %s; accessed %s},\n  url = {%s}\n}",
		bibKey(w), w.Site, bibtexEscape(w.Title), w.URL, w.Updated.Year(), int(w.Updated.Month()),
		w.Updated.Format("2006-01-02"), w.Accessed.Format("2006-01-02"), w.URL)
}

// langID is the babel language name biblatex's langid takes.
func langID(lang string) string {
	switch lang {
	case "fr":
		return "french"
	case "en":
		return "english"
	}
	return lang
}

// risLine drops line breaks, which would end a RIS field.
func risLine(tag, v string) string {
	return tag + "  - " + strings.Join(strings.Fields(v), " ") + "\n"
}

func ris(w citeWork) string {
	return risLine("TY", "ELEC") + risLine("AU", w.Site) + risLine("TI", w.Title) + risLine("PY", w.Updated.Format("2006")) +
		risLine("DA", w.Updated.Format("2006/01/02")) + risLine("UR", w.URL) + risLine("Y2", w.Accessed.Format("2006/01/02")) +
		risLine("LA", w.Lang) + risLine("PB", w.Site) + "ER  - "
}

func cslJSON(w citeWork) string {
	parts := func(t time.Time) map[string]any {
		return map[string]any{"date-parts": [][]int{{t.Year(), int(t.Month()), t.Day()}}}
	}
	b, _ := json.MarshalIndent([]map[string]any{{
		"id": "iw-" + w.ID, "type": "webpage", "title": w.Title, "container-title": w.Site,
		"author": []map[string]string{{"literal": w.Site}}, "URL": w.URL, "language": w.Lang,
		"issued": parts(w.Updated), "accessed": parts(w.Accessed),
	}}, "", "  ")
	return string(b)
}
