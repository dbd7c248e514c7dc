package page

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

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

func apa(w citeWork) string {
	return fmt.Sprintf("%s. (%s). %s. Retrieved %s, from %s", w.Site, w.Updated.Format("2006, January 2"), w.Title, longDate(w.Accessed), w.URL)
}

func mla(w citeWork) string {
	return fmt.Sprintf("“%s.” %s, %s, %s. Accessed %s.", w.Title, w.Site, w.Updated.Format("2 Jan. 2006"), w.URL, w.Accessed.Format("2 Jan. 2006"))
}

func chicago(w citeWork) string {
	return fmt.Sprintf("%s. “%s.” Last modified %s. Accessed %s. %s.", w.Site, w.Title, longDate(w.Updated), longDate(w.Accessed), w.URL)
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
