package scrape

import (
	"net/url"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
)

// Item is one entry of a listing, cleaned: Title and Summary are plain
// text, Link is an absolute http(s) URL in canonical form (see
// fetch.Normalize) that a record may hold as is, and
// Date is zero when the listing gave none that could be read.
type Item struct {
	Title   string
	Link    string
	Date    dataset.Date
	Summary string
}

// rawItem is an entry as a parser found it, before cleaning.
type rawItem struct {
	title, link, date, summary string
}

// clean turns a raw entry into an Item, resolving its link against base.
// It reports false when the entry has no title or no usable link.
func (r rawItem) clean(base *url.URL) (Item, bool) {
	it := Item{
		Title:   truncateRunes(CleanText(r.title), maxTitleRunes),
		Summary: truncateWords(CleanText(r.summary), maxExcerptWords),
	}
	link, ok := SafeLink(base, r.link)
	if !ok || it.Title == "" {
		return Item{}, false
	}
	it.Link = canonical(link)
	if d, err := ParseDate(CleanText(r.date)); err == nil {
		it.Date = d
	}
	return it, true
}

// SafeLink resolves the untrusted link raw against base and returns it
// only if it is an absolute http or https URL with a host, with no user
// information and no fragment, escaped so that it holds no space, quote,
// angle bracket or other character a URL may not carry raw. Everything
// else (javascript:, data:, mailto: …) is refused.
func SafeLink(base *url.URL, raw string) (string, bool) {
	raw = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f { // browsers drop tabs and newlines inside URLs
			return -1
		}
		return r
	}, strings.TrimSpace(raw))
	if raw == "" {
		return "", false
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	u := ref
	if base != nil {
		u = base.ResolveReference(ref)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return "", false
	}
	u.User, u.Fragment, u.RawFragment = nil, "", ""
	u.RawQuery = escapeQuery(u.RawQuery)
	u.ForceQuery = false
	s := u.String()
	if strings.ContainsAny(s, unsafeURLChars) {
		return "", false
	}
	return s, true
}

// unsafeURLChars may not appear raw in a URL that a record holds (the
// validator refuses them).
const unsafeURLChars = " \"<>\\^`{|}"

// escapeQuery percent-encodes the bytes of a raw query that may not
// appear raw in a URL, leaving existing escapes as they are.
func escapeQuery(q string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c > ' ' && c < 0x7f && !strings.ContainsRune(unsafeURLChars, rune(c)) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + hex[c>>4:c>>4+1] + hex[c&15:c&15+1])
	}
	return b.String()
}

// canonical returns the fetch.Normalize form of a safe link (no
// tracking parameters, no default port, sorted query), or the link itself
// if that form would not be safe to record.
func canonical(link string) string {
	n, err := fetch.Normalize(link)
	if err != nil || strings.ContainsAny(n, unsafeURLChars) {
		return link
	}
	return n
}

// parseBase parses the URL a listing was fetched from; a bad one gives
// nil, so only absolute links survive.
func parseBase(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	return u
}
