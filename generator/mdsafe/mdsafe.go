// Package mdsafe renders untrusted text (scraped titles, redirect targets,
// archive answers, imported dataset values) into Markdown that GitHub
// shows as plain text: every report that becomes a pull request or issue
// body goes through it. Nothing it returns can start a link, an image, raw
// HTML, an @mention, an issue reference, emphasis, a code fence, a heading
// or a table cell; only http(s) addresses survive, as inert code or as an
// explicit link.
package mdsafe

import (
	"net/url"
	"strings"
	"unicode"
)

// zwsp breaks the patterns GitHub autolinks (mentions, issue references,
// bare URLs) without changing what a reader sees.
const zwsp = "\u200b"

// Text returns s as one line of inert Markdown: white space collapsed,
// control and bidirectional-override characters dropped, Markdown
// punctuation backslash-escaped, &, < and > written as entities, and a
// zero-width space after @ and #, in "GH-", "://" and "www." so that
// GitHub links no user, issue or address.
func Text(s string) string {
	s = strings.Join(strings.Fields(strings.Map(dropUnsafe, s)), " ")
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '@' || r == '#':
			b.WriteString(`\`)
			b.WriteRune(r)
			b.WriteString(zwsp)
		case r == '-' && i >= 2 && strings.EqualFold(s[i-2:i], "gh"): // GH-123 is an issue reference
			b.WriteString(zwsp + "-")
		case r == ':' && strings.HasPrefix(s[i:], "://"):
			b.WriteString(":" + zwsp)
		case (r == 'w' || r == 'W') && len(s) >= i+4 && strings.EqualFold(s[i:i+4], "www."):
			b.WriteRune(r)
			b.WriteString(zwsp)
		case strings.ContainsRune("\\`*_{}[]()!|~", r), strings.ContainsRune("-+=", r) && strings.TrimSpace(s[:i]) == "",
			r == '.' && atLineStart(s, i):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// atLineStart reports whether s[i] has only digits or spaces before it,
// where a '.' could end an ordered list's number ("1." starts a list).
func atLineStart(s string, i int) bool {
	return strings.TrimLeft(s[:i], "0123456789 ") == ""
}

// URL returns the address raw as inert code when it is an absolute
// http(s) URL, and as inert text marked as not one otherwise. Code spans
// are never autolinked, so a reader can copy the address without GitHub
// linking it.
func URL(raw string) string {
	u, ok := Safe(raw)
	if !ok {
		if strings.TrimSpace(raw) == "" {
			return ""
		}
		return Text(raw) + " (not an http(s) address)"
	}
	return "`" + u + "`"
}

// Link returns a Markdown link to raw labelled with text when raw is an
// absolute http(s) URL, and the label alone (as Text) otherwise.
func Link(text, raw string) string {
	u, ok := Safe(raw)
	if !ok {
		return Text(text)
	}
	if strings.TrimSpace(text) == "" {
		text = u
	}
	return "[" + Text(text) + "](" + u + ")"
}

// Cell returns Text(s) for a table cell ('|' is escaped by Text).
func Cell(s string) string { return Text(s) }

// Code returns s as an inert code span, for ids and file paths: backticks
// inside are replaced, so the span cannot be closed early.
func Code(s string) string {
	s = strings.Join(strings.Fields(strings.Map(dropUnsafe, s)), " ")
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// Safe returns raw escaped for Markdown when it is an absolute http or
// https URL with a host and no user information; everything else
// (javascript:, data:, relative paths) is refused.
func Safe(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.IndexFunc(raw, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" || u.User != nil {
		return "", false
	}
	s := u.String()
	var b strings.Builder
	for _, r := range s {
		if r > 0x7e || strings.ContainsRune(" \"'<>()[]\\^`{|}", r) {
			b.WriteString(url.PathEscape(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// dropUnsafe removes control characters (white space becomes a space)
// and the bidirectional overrides that can make text read backwards.
func dropUnsafe(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return ' '
	case unicode.IsControl(r):
		return -1
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return -1
	}
	return r
}
