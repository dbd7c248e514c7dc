package mdsafe

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	xhtml "golang.org/x/net/html"
)

// hostile are values a hostile publisher, redirect or archive answer can
// put into a report.
var hostile = []string{
	`[click](javascript:alert(1))`,
	`![x](https://evil.example/pixel.png)`,
	`<img src=x onerror=alert(1)>`,
	`<script>alert(1)</script>`,
	`@octocat please look`,
	`fixes #123 and GH-4 and owner/repo#5`,
	"```\ncode fence\n```",
	"# heading\n===",
	`| cell | break |`,
	`**bold** _em_ ~~strike~~`,
	`https://evil.example/autolink and www.evil.example`,
	`<https://evil.example/angle>`,
	`javascript:alert(1)`,
	"line one\n\n- list item\n1. numbered",
	`&lt;img src=x&gt; &#x3C;b&#x3E;`,
	"bidi \u202eevil\u202c and \x00 null",
	`[ref]: https://evil.example/ref`,
	`\[escaped\](https://evil.example)`,
}

var md = goldmark.New(goldmark.WithExtensions(extension.GFM))

// render turns Markdown into HTML as GitHub would (GFM with autolinks).
func render(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(s), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var mention = regexp.MustCompile(`@[A-Za-z0-9]|#[0-9]`)

// live reports what in the rendered HTML is not plain text inside a
// paragraph: links, images, raw elements, lists, headings, code, tables.
func live(t *testing.T, h string) []string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "html", "head", "body", "p":
			default:
				out = append(out, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func TestTextIsInert(t *testing.T) {
	for _, s := range hostile {
		got := Text(s)
		if strings.Contains(got, "\n") {
			t.Errorf("Text(%q) keeps a newline: %q", s, got)
		}
		if m := mention.FindString(got); m != "" {
			t.Errorf("Text(%q) = %q still mentions or references %q", s, got, m)
		}
		h := render(t, got)
		if els := live(t, h); len(els) > 0 {
			t.Errorf("Text(%q) renders live markup %v: %s", s, els, h)
		}
		if bad := Audit(got); len(bad) > 0 {
			t.Errorf("Audit(Text(%q)) = %v", s, bad)
		}
		if strings.Contains(h, "\u202e") || strings.Contains(h, "\x00") {
			t.Errorf("Text(%q) keeps a bidi override or NUL", s)
		}
	}
}

func TestTextReadsAsItself(t *testing.T) {
	for _, s := range []string{"Storm-1516 targets France: 3.5% of posts (May 2024)", "L'opération « Matriochka » — 2023", "a_b*c"} {
		h := render(t, Text(s))
		doc, _ := xhtml.Parse(strings.NewReader(h))
		var text strings.Builder
		var walk func(*xhtml.Node)
		walk = func(n *xhtml.Node) {
			if n.Type == xhtml.TextNode {
				text.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if got := strings.TrimSpace(strings.ReplaceAll(text.String(), zwsp, "")); got != s {
			t.Errorf("Text(%q) reads as %q", s, got)
		}
	}
}

func TestURLAndLink(t *testing.T) {
	for _, raw := range []string{"javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "https://user:pw@evil.example/", "vbscript:x", "https:///nohost"} {
		if _, ok := Safe(raw); ok {
			t.Errorf("Safe(%q) accepted", raw)
		}
		for _, got := range []string{URL(raw), Link("label", raw)} {
			h := render(t, got)
			if strings.Contains(h, "<a") || strings.Contains(h, "<img") {
				t.Errorf("%q renders a link: %s", raw, h)
			}
		}
	}
	if u, _ := Safe("https://evil.example/a b<c>"); u != "https://evil.example/a%20b%3Cc%3E" {
		t.Errorf("Safe escapes to %q", u)
	}
	h := render(t, URL("https://evil.example/x?a=1)"))
	if strings.Contains(h, "<a") || !strings.Contains(h, "<code>") {
		t.Errorf("URL of an http address should be inert code: %s", h)
	}
	h = render(t, Link(`[x](javascript:alert(1))`, "https://example.org/a(b)"))
	if strings.Count(h, "<a ") != 1 || !strings.Contains(h, `href="https://example.org/a%28b%29"`) {
		t.Errorf("Link should make exactly one link to the escaped address: %s", h)
	}
	if got := Code("id`with`ticks"); strings.Count(got, "`") != 2 {
		t.Errorf("Code leaves a backtick inside: %q", got)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if m := mention.FindString(got); m != "" {
			t.Fatalf("Text(%q) = %q mentions %q", s, got, m)
		}
		if els := live(t, render(t, got)); len(els) > 0 {
			t.Fatalf("Text(%q) = %q renders %v", s, got, els)
		}
	})
}

func TestAuditFindsLiveMarkup(t *testing.T) {
	for _, s := range hostile[:7] {
		if len(Audit(s)) == 0 {
			t.Errorf("Audit(%q) found nothing", s)
		}
	}
	if bad := Audit("# Report\n\n| a | b |\n|---|---|\n| `x` | [doc](https://example.org/) |\n"); len(bad) > 0 {
		t.Errorf("Audit of a plain report = %v", bad)
	}
}
