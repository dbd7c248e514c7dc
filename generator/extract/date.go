package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	// isoDateRe matches 2024, 2024-12, 2024-12-02, 2024/12/02 and
	// 2024.12.02, with or without a time after T or a space; the time and
	// its zone are ignored so the date stays as the page wrote it.
	isoDateRe = regexp.MustCompile(`^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T\s]\d.*)?$`)
	// compactDateRe matches 20241202, with an optional time after it.
	compactDateRe = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:[T\s]?\d{2}:?\d{2}.*)?$`)
	wordRe        = regexp.MustCompile(`\d+\p{L}*|\p{L}+\.?`)
	ordinalRe     = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th|er|e|º|°)?$`)
)

// rfcLayouts are tried on dates that are not ISO-like; they keep the zone
// written in the text.
var rfcLayouts = []string{time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, time.UnixDate, time.RubyDate,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700"}

// months maps month names and abbreviations in English, French, Spanish,
// German, Italian and Portuguese to their numbers.
var months = map[string]int{}

func init() {
	for m, names := range [12]string{
		"january jan janvier janv enero ene januar jän gennaio gen janeiro",
		"february feb février fév févr fevrier febrero februar febbraio fevereiro fev",
		"march mar mars marzo märz marz março",
		"april apr avril avr abril abr aprile",
		"may mai mayo maggio mag maio",
		"june jun juin junio juni giugno giu junho",
		"july jul juillet juil julio juli luglio lug julho",
		"august aug août aout agosto ago",
		"september sep sept septembre septiembre setiembre settembre setembro",
		"october oct octobre octubre oktober okt ottobre ott outubro",
		"november nov novembre noviembre novembro",
		"december dec décembre déc decembre diciembre dic dezember dez dicembre dezembro",
	} {
		for _, n := range strings.Fields(names) {
			months[n] = m + 1
		}
	}
}

// normDate turns a date as pages write it into YYYY, YYYY-MM or
// YYYY-MM-DD, keeping the precision given and the calendar date in the
// page's own time zone. It returns "" when s holds no plausible date.
func normDate(s string) string {
	s = strings.TrimSpace(s)
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		return formatDate(m[1], m[2], m[3])
	}
	if m := compactDateRe.FindStringSubmatch(s); m != nil {
		return formatDate(m[1], m[2], m[3])
	}
	for _, layout := range rfcLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return checkDate(t.Year(), int(t.Month()), t.Day())
		}
	}
	return wordDate(s)
}

// wordDate reads dates written with a month name: "2 December 2024",
// "December 2, 2024", "le 2 décembre 2024", "2 de dezembro de 2024",
// "Dec. 2024".
func wordDate(s string) string {
	var toks []string
	for _, tok := range wordRe.FindAllString(strings.ToLower(s), 64) {
		if tok != "de" && tok != "del" && tok != "of" {
			toks = append(toks, tok)
		}
	}
	for i, tok := range toks {
		m, ok := months[strings.TrimSuffix(tok, ".")]
		if !ok {
			continue
		}
		switch {
		case tokDay(toks, i-1) > 0 && tokYear(toks, i+1) > 0: // 2 December 2024
			return checkDate(tokYear(toks, i+1), m, tokDay(toks, i-1))
		case tokDay(toks, i+1) > 0 && tokYear(toks, i+2) > 0: // December 2, 2024
			return checkDate(tokYear(toks, i+2), m, tokDay(toks, i+1))
		case tokYear(toks, i+1) > 0: // December 2024
			return checkDate(tokYear(toks, i+1), m, 0)
		}
	}
	return ""
}

// tokYear returns toks[j] as a four-digit year, or 0.
func tokYear(toks []string, j int) int {
	if j < 0 || j >= len(toks) || len(toks[j]) != 4 {
		return 0
	}
	y, _ := strconv.Atoi(toks[j])
	return y
}

// tokDay returns toks[j] as a day of the month such as "2" or "2nd", or 0.
func tokDay(toks []string, j int) int {
	if j < 0 || j >= len(toks) {
		return 0
	}
	d := ordinalRe.FindStringSubmatch(toks[j])
	if d == nil {
		return 0
	}
	n, _ := strconv.Atoi(d[1])
	return n
}

// formatDate checks the parts of a numeric date; empty month or day
// lowers the precision.
func formatDate(y, m, d string) string {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	if (m != "" && month == 0) || (d != "" && day == 0) {
		return ""
	}
	return checkDate(year, month, day)
}

// checkDate formats a date whose month and day may be 0 (unknown), or
// returns "" when it does not exist or is implausible for a web page.
func checkDate(year, month, day int) string {
	switch {
	case year < 1900 || year > 2200 || month < 0 || month > 12 || day < 0 || day > 31:
		return ""
	case month == 0:
		return fmt.Sprintf("%04d", year)
	case day == 0:
		return fmt.Sprintf("%04d-%02d", year, month)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return ""
	}
	return t.Format(time.DateOnly)
}

// dateMetaKeys are the meta names and properties, lowercase, that carry a
// publication date, most specific first.
var dateMetaKeys = []string{
	"datepublished", "og:published_time", "published_time", "article.published", "publishdate", "publish-date",
	"publish_date", "publication_date", "pubdate", "date", "dc.date.issued", "dc.date", "dc.date.created",
	"dcterms.issued", "dcterms.created", "dcterms.date", "citation_publication_date", "citation_date",
	"citation_online_date", "parsely-pub-date", "sailthru.date", "article_date_original", "original-publish-date",
	"weibo:article:create_at",
}

// published is the first of article:published_time, the JSON-LD
// datePublished, a <time datetime> of the article and the common date
// meta tags that holds a date.
func (p *page) published() string {
	for _, s := range []string{p.first("article:published_time"), p.ld.str("datePublished"), p.articleTime()} {
		if d := normDate(s); d != "" {
			return d
		}
	}
	for _, k := range dateMetaKeys {
		for _, s := range p.meta[k] {
			if d := normDate(s); d != "" {
				return d
			}
		}
	}
	return ""
}

// articleTime is the datetime of the element marked datePublished, else
// of the first <time> inside an <article>, else of a <time pubdate>.
func (p *page) articleTime() string {
	for _, sel := range []string{`[itemprop~="datePublished"][datetime]`, "article time[datetime]", "time[pubdate][datetime]"} {
		if d := p.attr(sel, "datetime"); normDate(d) != "" {
			return d
		}
	}
	return ""
}
