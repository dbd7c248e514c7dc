package i18n

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Leak is text a page shows in another language than its own without
// saying so: a UI string of the other language, or a raw data value
// (an enum value such as state-linked-ngo, a language tag such as en),
// outside any element whose lang marks it as another language.
type Leak struct {
	Text string // the text node or attribute value, trimmed
	Why  string // which UI string it is, or that it is a raw value
}

func (l Leak) String() string { return fmt.Sprintf("%q: %s", l.Text, l.Why) }

// LeakChecker finds Leaks in the pages of one language. Make one with
// NewLeakChecker; it is safe for concurrent use.
type LeakChecker struct {
	lang     string
	ui       map[string]string // a string of the other language → its key
	patterns []leakPattern     // the other language's strings with placeholders
	raw      map[string]bool
	rawInfix []string // raw values with a hyphen, looked for inside text too
}

type leakPattern struct {
	re  *regexp.Regexp
	key string
}

// NewLeakChecker checks pages in page's language against the strings of
// other (English), leaving out those both languages write alike, and
// against raw, the values of the data that must never show as they are
// stored.
func NewLeakChecker(page, other *Strings, raw []string) *LeakChecker {
	c := &LeakChecker{lang: page.lang, ui: map[string]string{}, raw: map[string]bool{}}
	same := map[string]bool{}
	for _, m := range page.msgs {
		for _, t := range m.forms {
			same[trimText(t)] = true
		}
	}
	keys := make([]string, 0, len(other.msgs))
	for k := range other.msgs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, t := range other.msgs[k].forms {
			t = trimText(t)
			if t == "" || same[t] {
				continue
			}
			if !placeholder.MatchString(t) {
				c.ui[t] = k
				continue
			}
			if lit := placeholder.ReplaceAllString(t, ""); len(strings.TrimSpace(lit)) >= 8 {
				var re strings.Builder
				at := 0
				for _, m := range placeholder.FindAllStringIndex(t, -1) {
					re.WriteString(regexp.QuoteMeta(t[at:m[0]]))
					if ph := t[m[0]:m[1]]; strings.Contains(ph, "Count") || ph == "{count}" {
						re.WriteString(`[0-9]+`) // a count is a number
					} else {
						re.WriteString(`.+`)
					}
					at = m[1]
				}
				re.WriteString(regexp.QuoteMeta(t[at:]))
				c.patterns = append(c.patterns, leakPattern{regexp.MustCompile("^" + re.String() + "$"), k})
			}
		}
	}
	for _, r := range raw {
		c.raw[r] = true
		if strings.Contains(r, "-") {
			c.rawInfix = append(c.rawInfix, r)
		}
	}
	return c
}

// placeholder matches {{ .Name }} (Hugo, generator/i18n) and {name} (the
// scripts' strings).
var placeholder = regexp.MustCompile(`\{\{ *\.[A-Za-z]+ *\}\}|\{[a-z]+\}`)

// trimText drops the spaces and punctuation around a text, which
// components put between pieces: " (", "): ", " · ".
func trimText(s string) string {
	return strings.Trim(s, " \t\r\n\u00a0\u202f()[],.:;·—–«»\"'!?")
}

// skipped elements hold no reader's text in the page's language: code,
// scripts, styles, and the title (a document title cannot mark part of
// itself as another language; the page's h1 does).
var skipped = map[string]bool{"script": true, "style": true, "code": true, "pre": true, "kbd": true, "samp": true, "template": true, "title": true}

// checked attributes are read by people (tooltips, labels, alternatives).
var checked = []string{"title", "aria-label", "alt", "placeholder"}

// Page returns the leaks of the HTML page (or fragment) r: every text
// node and readable attribute outside code, scripts and elements whose
// lang is another language.
func (c *LeakChecker) Page(r io.Reader) ([]Leak, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return nil, err
	}
	var out []Leak
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			if skipped[n.Data] {
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" && a.Namespace == "" {
					lang = a.Val
				}
			}
			if lang != "" && lang != c.lang && !strings.HasPrefix(lang, c.lang+"-") {
				return
			}
			for _, a := range n.Attr {
				if slices.Contains(checked, a.Key) {
					out = append(out, c.text(a.Val, "attribute "+a.Key)...)
				}
			}
		}
		if n.Type == html.TextNode {
			out = append(out, c.text(n.Data, "")...)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, lang)
		}
	}
	walk(doc, "")
	return out, nil
}

func (c *LeakChecker) text(s, where string) []Leak {
	t := trimText(s)
	if t == "" {
		return nil
	}
	at := func(why string) []Leak {
		if where != "" {
			why += " (" + where + ")"
		}
		return []Leak{{Text: t, Why: why}}
	}
	if c.raw[t] {
		return at("a raw data value")
	}
	if k, ok := c.ui[t]; ok {
		return at("the UI string " + k + " of the other language")
	}
	for _, p := range c.patterns {
		if p.re.MatchString(t) {
			return at("the UI string " + p.key + " of the other language")
		}
	}
	for _, r := range c.rawInfix {
		if i := strings.Index(t, r); i >= 0 && boundary(t, i-1) && boundary(t, i+len(r)) {
			return at("the raw data value " + r)
		}
	}
	return nil
}

// boundary reports whether t[i] is outside t or not part of a word.
func boundary(t string, i int) bool {
	if i < 0 || i >= len(t) {
		return true
	}
	c := t[i]
	return !(c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
}
