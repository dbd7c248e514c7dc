package scrape

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// ErrNoDate is returned by ParseDate when the text holds no date it can read.
var ErrNoDate = errors.New("no date found")

// datePattern is one way of writing a date, with the submatch index of
// each part (0 when the pattern lacks it).
type datePattern struct {
	re              *regexp.Regexp
	year, mon, day  int
	monthIsWord     bool
	dayFirstNumeric bool
}

// month names are matched folded (lower case, no accents), with or
// without a trailing dot.
const monthWord = `([a-z]{3,9})\.?`

var datePatterns = []datePattern{
	// ISO 8601 / W3C datetime / RFC 3339: 2024-12-02, 2024-12, 2024-12-02T10:00:00Z.
	{re: regexp.MustCompile(`\b(\d{4})-(\d{2})(?:-(\d{2}))?(?:\b|t)`), year: 1, mon: 2, day: 3},
	// 2 December 2024, 2 déc. 2024, Mon, 02 Dec 2024 10:00:00 +0000, 1er mai 2024.
	{re: regexp.MustCompile(`\b(\d{1,2})(?:er|st|nd|rd|th)?\s+` + monthWord + `,?\s+(\d{4})\b`), day: 1, mon: 2, year: 3, monthIsWord: true},
	// December 2, 2024; Dec. 2nd 2024.
	{re: regexp.MustCompile(`\b` + monthWord + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`), mon: 1, day: 2, year: 3, monthIsWord: true},
	// 02/12/2024 or 02.12.2024: day first, as European sites write it,
	// unless the second number cannot be a month.
	{re: regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b`), day: 1, mon: 2, year: 3, dayFirstNumeric: true},
	// 2024/12/02.
	{re: regexp.MustCompile(`\b(\d{4})/(\d{1,2})/(\d{1,2})\b`), year: 1, mon: 2, day: 3},
	// December 2024, décembre 2024.
	{re: regexp.MustCompile(`\b` + monthWord + `\s+(\d{4})\b`), mon: 1, year: 2, monthIsWord: true},
	// A year alone, and nothing else.
	{re: regexp.MustCompile(`^(\d{4})$`), year: 1},
}

// months maps folded English and French month names and abbreviations to
// their number.
var months = map[string]int{}

func init() {
	for i, names := range [][]string{
		{"january", "jan", "janvier", "janv"}, {"february", "feb", "fevrier", "fev", "fevr"},
		{"march", "mar", "mars"}, {"april", "apr", "avril", "avr"}, {"may", "mai"},
		{"june", "jun", "juin"}, {"july", "jul", "juillet", "juil"}, {"august", "aug", "aout"},
		{"september", "sep", "sept", "septembre"}, {"october", "oct", "octobre"},
		{"november", "nov", "novembre"}, {"december", "dec", "decembre"},
	} {
		for _, n := range names {
			months[n] = i + 1
		}
	}
}

// ParseDate reads the first date in s, as feeds, sitemaps and listing
// pages write them, and keeps the precision it was written with: a
// timestamp or a full date gives YYYY-MM-DD, "2024-07" or "July 2024"
// gives YYYY-MM, a bare "2024" gives YYYY. The date is taken as written,
// in the publisher's own time zone. It fails with ErrNoDate when s holds
// no real date between the years 1900 and 2199.
func ParseDate(s string) (dataset.Date, error) {
	s = strings.TrimSpace(fold(s))
	best, bestAt := dataset.Date{}, -1
	for _, p := range datePatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(s, 4) {
			if bestAt >= 0 && m[0] >= bestAt {
				break
			}
			if d, ok := p.date(s, m); ok {
				best, bestAt = d, m[0]
				break
			}
		}
	}
	if bestAt < 0 {
		return dataset.Date{}, fmt.Errorf("%w in %q", ErrNoDate, truncateRunes(s, 40))
	}
	return best, nil
}

// date builds the date of one match, if it is a real one.
func (p datePattern) date(s string, m []int) (dataset.Date, bool) {
	part := func(i int) string {
		if i == 0 || m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	year, _ := strconv.Atoi(part(p.year))
	day, _ := strconv.Atoi(part(p.day))
	mon, ok := 0, true
	if p.monthIsWord {
		mon, ok = months[part(p.mon)]
	} else if part(p.mon) != "" {
		mon, _ = strconv.Atoi(part(p.mon))
	}
	if p.dayFirstNumeric && mon > 12 && day <= 12 {
		day, mon = mon, day
	}
	if !ok || year < 1900 || year > 2199 {
		return dataset.Date{}, false
	}
	text := fmt.Sprintf("%04d", year)
	if mon > 0 {
		text += fmt.Sprintf("-%02d", mon)
		if day > 0 {
			text += fmt.Sprintf("-%02d", day)
		}
	}
	d, err := dataset.ParseDate(text)
	return d, err == nil
}
