package extract

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const deepHead = `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Deux nouvelles traversées en hiver | Le Journal du Port</title>
<meta name="description" content="Le conseil ajoute deux traversées du soir.">
<meta property="og:site_name" content="Le Journal du Port">
<meta name="author" content="Ana Lima">
<meta property="article:published_time" content="2024-03-31T10:00:00+01:00">
<link rel="canonical" href="https://port.example.org/traversees">
</head><body>`

const deepText = `<article><p>Le conseil du port a voté dimanche l'ajout de deux traversées du soir à l'horaire d'hiver du bac. Son président a dit que le changement aiderait les habitants qui travaillent sur le continent. Les tarifs augmentent de cinq pour cent en mai, la première hausse depuis trois ans.</p></article>`

// TestReadDeepPage: a page nested deeper than the HTML parser's limit
// (600, then 100,000 unclosed <span>, before or around the text) is read
// with its nesting cut down: every field is still found, quickly.
func TestReadDeepPage(t *testing.T) {
	want := Metadata{
		Title: "Deux nouvelles traversées en hiver", Published: "2024-03-31", Language: "fr",
		Description: "Le conseil ajoute deux traversées du soir.", CanonicalURL: "https://port.example.org/traversees",
		SiteName: "Le Journal du Port", Author: "Ana Lima",
	}
	for name, page := range map[string]string{
		"600 spans before the text":     deepHead + strings.Repeat("<span>", 600) + deepText,
		"600 spans around the text":     deepHead + strings.Repeat("<span>", 300) + deepText + strings.Repeat("<span>", 300) + "</body></html>",
		"100,000 spans":                 deepHead + strings.Repeat("<span>", 100_000) + deepText,
		"600 divs in the head":          strings.Replace(deepHead, "<meta name=\"description\"", strings.Repeat("<div>", 600)+"<meta name=\"description\"", 1) + deepText,
		"spans and stray end tags":      deepHead + strings.Repeat("<span>", 5000) + strings.Repeat("</div>", 5000) + deepText,
		"formatting elements, then <p>": deepHead + strings.Repeat("<b><i>", 300) + "<p>" + deepText,
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			m, err := Read([]byte(page), "", "")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			got := m
			got.Summary = ""
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if !strings.Contains(m.Summary, "Le conseil du port a voté dimanche") {
				t.Errorf("summary %q", m.Summary)
			}
			checkMetadata(t, m)
		})
	}
}

// TestReadNothingIsAnError: a page in which nothing is found is an error,
// never an empty success.
func TestReadNothingIsAnError(t *testing.T) {
	for _, page := range []string{"", "<html><body></body></html>", strings.Repeat("<span>", 600)} {
		if m, err := Read([]byte(page), "", ""); !errors.Is(err, ErrNothing) {
			t.Errorf("Read(%.40q) = %+v, %v; want ErrNothing", page, m, err)
		}
	}
}

// TestFlattenKeepsRawText: text inside <script> and <style> is never
// turned into markup, however deep it is.
func TestFlattenKeepsRawText(t *testing.T) {
	page := strings.Repeat("<span>", 10) + `<script type="application/ld+json">{"a": "<b>x</b>"}</script><style>p<q{}</style>` + "</span>"
	got := string(flatten(strings.NewReader(page), 3))
	want := strings.Repeat("<span>", 3) + `<script type="application/ld+json">{"a": "<b>x</b>"}</script><style>p<q{}</style>`
	if got != want {
		t.Errorf("flatten =\n%s\nwant\n%s", got, want)
	}
}
