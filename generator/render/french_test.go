package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/i18n"
	"github.com/interference-watch/portal/generator/schema"
)

// schemaEnums is schema.Enums, or the test's end.
func schemaEnums(t *testing.T) map[string][]string {
	t.Helper()
	e, err := schema.Enums()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func mustEnum(t *testing.T, enums map[string][]string, key string) []string {
	t.Helper()
	vs := slices.DeleteFunc(slices.Clone(enums[key]), func(s string) bool { return s == "draft" })
	if len(vs) == 0 {
		t.Fatalf("no enum %s in the schemas (have %v)", key, slices.Sorted(func(yield func(string) bool) {
			for k := range enums {
				if !yield(k) {
					return
				}
			}
		}))
	}
	return vs
}

// everyEnumData is a dataset that uses every value of every enum the
// schemas define (a record per actor, organization, source and place
// kind, a campaign per status, an attribution per confidence, a
// response per kind, an indicator per type), documents in four
// languages, corrections with and without French, and records with no
// French at all.
func everyEnumData(t *testing.T, enums map[string][]string) (*dataset.Dataset, []string) {
	t.Helper()
	langs := []string{"en", "fr", "ro", "de"}
	d := &dataset.Dataset{}
	d.Places = []*dataset.Place{{Meta: dataset.Meta{ID: "FR", Path: "data/places/FR.yaml"}, Name: "France", Kind: "country"}}
	for i, k := range mustEnum(t, enums, "place:kind") {
		id := fmt.Sprintf("P%c", 'A'+i)
		d.Places = append(d.Places, &dataset.Place{Meta: dataset.Meta{ID: id, Path: "data/places/" + id + ".yaml"}, Name: "Place " + id, NameFR: "Lieu " + id, Kind: k, Parent: "FR"})
	}
	for i, k := range mustEnum(t, enums, "organization:kind") {
		id := fmt.Sprintf("org%d", i)
		d.Organizations = append(d.Organizations, &dataset.Organization{Meta: dataset.Meta{ID: id, Path: "data/organizations/" + id + ".yaml"},
			Name: "Org " + id, Kind: k, Country: "FR", URL: "https://example.org/" + id,
			Corrections: []dataset.Correction{{Date: dataset.MustDate("2026-01-02"), Note: "Corrected the name."}}})
	}
	d.Organizations[0].FR = &dataset.Translation{Name: "Organisation zéro"}
	for i, k := range mustEnum(t, enums, "source:kind") {
		for j, status := range []string{"reviewed", "unreviewed"} {
			id := fmt.Sprintf("s%d-%d", i, j)
			s := &dataset.Source{Meta: dataset.Meta{ID: id, Path: "data/sources/" + id + ".yaml"}, Title: "Document " + id, URL: "https://example.org/" + id,
				Publisher: d.Organizations[i%len(d.Organizations)].ID, Published: dataset.MustDate("2024-05"), Language: langs[(i+j)%len(langs)],
				Kind: k, Status: status, Excerpt: "What it says.", ArchiveURL: "https://web.archive.org/web/2024/https://example.org/" + id}
			if j == 0 {
				s.FR = &dataset.SourceFR{Excerpt: "Ce qu'il dit."}
			}
			d.Sources = append(d.Sources, s)
		}
	}
	src := d.Sources[0].ID
	for i, k := range mustEnum(t, enums, "actor:kind") {
		id := fmt.Sprintf("actor%d", i)
		a := &dataset.Actor{Meta: dataset.Meta{ID: id, Path: "data/actors/" + id + ".yaml"}, Name: "Actor " + id, Kind: k, Country: "FR",
			Summary: "An actor [@" + src + "].", Aliases: []string{"A" + id}}
		if i%2 == 0 {
			a.FR = &dataset.Translation{Name: "Acteur " + id, Summary: "Un acteur [@" + src + "]."}
		}
		d.Actors = append(d.Actors, a)
	}
	d.Techniques = []*dataset.Technique{{Meta: dataset.Meta{ID: "T0049", Path: "data/techniques/T0049.yaml"}, Name: "Flood Information Space", Tactic: "TA17",
		URL: "https://example.org/T0049"}}
	confidences := mustEnum(t, enums, "campaign:confidence")
	kinds := mustEnum(t, enums, "campaign:kind")
	for i, status := range mustEnum(t, enums, "campaign:status") {
		id := "op-" + status
		c := &dataset.Campaign{Meta: dataset.Meta{ID: id, Path: "data/campaigns/" + id + ".yaml"}, Name: "Operation " + status, Status: status,
			StatusSource: src, FirstSeen: &dataset.Claim{Date: dataset.MustDate("2023-07"), Source: src},
			Targets:    []dataset.Target{{Place: "FR", Source: src}, {Place: d.Places[1+i%(len(d.Places)-1)].ID, Source: src}},
			Platforms:  []dataset.Platform{{Name: "x", Source: src}, {Name: "websites", Source: src}, {Name: "email", Source: src}, {Name: "sms", Source: src}, {Name: "gettr", Source: src}},
			Techniques: []dataset.TechniqueUse{{ID: "T0049", Source: src}},
			Narratives: []dataset.Narrative{{Text: "A storyline", Source: src}, {Text: "Another", FR: &dataset.TextFR{Text: "Une autre"}, Source: src}},
			Impact:     &dataset.Impact{Breakout: 3, Note: "Some reach [@" + src + "].", Source: src},
			Summary:    "What happened [@" + src + "].", Sources: []string{d.Sources[len(d.Sources)-1].ID},
			Corrections: []dataset.Correction{{Date: dataset.MustDate("2026-01-03"), Note: "Corrected the dates.", FR: &dataset.NoteFR{Note: "Dates corrigées."}},
				{Date: dataset.MustDate("2026-01-04"), Note: "Added a source."}}}
		if i%2 == 0 {
			c.FR = &dataset.Translation{Name: "Opération " + status, Summary: "Ce qui s'est passé [@" + src + "]."}
		}
		for j, conf := range confidences {
			a := dataset.Attribution{Actor: d.Actors[(i+j)%len(d.Actors)].ID, By: d.Organizations[j%len(d.Organizations)].ID, Confidence: conf,
				Date: dataset.MustDate("2024-12-02"), Source: d.Sources[j%len(d.Sources)].ID}
			if conf != "not-stated" {
				a.Basis = &dataset.ConfidenceBasis{Quote: "we assess"}
			}
			c.Attributions = append(c.Attributions, a)
		}
		for j, k := range kinds {
			c.Responses = append(c.Responses, dataset.Response{Date: dataset.MustDate("2024-12"), By: d.Organizations[j%len(d.Organizations)].ID, Kind: k,
				Note: "Something was done [@" + src + "].", Source: src})
		}
		d.Campaigns = append(d.Campaigns, c)
	}
	var inds []dataset.Indicator
	for _, ty := range mustEnum(t, enums, "indicators:type") {
		inds = append(inds, dataset.Indicator{Type: ty, Value: ty + ".example"})
	}
	d.Indicators = []*dataset.Indicators{{Meta: dataset.Meta{ID: d.Campaigns[0].ID, Path: "data/indicators/" + d.Campaigns[0].ID + ".yaml"},
		Sets: []dataset.IndicatorSet{{By: d.Organizations[0].ID, Source: src, Reported: dataset.MustDate("2024-12"), Indicators: inds}}}}
	d.Index()
	return d, langs
}

// TestFrenchPagesShowNoEnglish stages, in French, every page of a
// dataset that uses every enum value of the schemas, and fails on any
// text a French reader would see in English or as a raw value: an
// English UI string (one the French catalogue writes differently), an
// enum value as stored (state-linked-ngo, not-stated), a language tag
// (en), a platform id, outside an element marked lang="en" (or another
// language). Text marked with its language is allowed: DISARM's names,
// documents' own titles, commit messages, English shown for want of a
// translation.
func TestFrenchPagesShowNoEnglish(t *testing.T) {
	enums := schemaEnums(t)
	d, langs := everyEnumData(t, enums)
	log := history.FromChanges([]history.Change{{Commit: "0123456789abcdef", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Subject: "Data: fix the dates of the campaigns", Paths: []string{d.Campaigns[0].Path, d.Actors[0].Path, d.Sources[0].Path}, Status: []byte("MAM")}})
	pages, files := stageBoth(t, d, log)

	strs := os.DirFS("../../site/i18n")
	en, err := i18n.Load(strs, "en")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := i18n.Load(strs, "fr")
	if err != nil {
		t.Fatal(err)
	}
	var raw []string
	for _, vs := range enums {
		raw = append(raw, vs...)
	}
	raw = append(raw, langs...)
	raw = append(raw, "websites", "email", "sms", "gettr", "telegram", "facebook") // platform ids
	check := i18n.NewLeakChecker(fr, en, raw)

	n := 0
	for name, body := range pages.files {
		if !strings.HasSuffix(name, ".fr.html") {
			continue
		}
		n++
		front, rest, _ := bytes.Cut(body, []byte("\n"))
		var fm struct{ Title string }
		if err := json.Unmarshal(front, &fm); err != nil {
			t.Fatalf("%s: front matter: %v", name, err)
		}
		leaks, err := check.Page(bytes.NewReader(append([]byte("<h1>"+html.EscapeString(fm.Title)+"</h1>"), rest...)))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range leaks {
			t.Errorf("%s: %s", name, l)
		}
	}
	if n < 40 {
		t.Fatalf("only %d French pages staged", n)
	}

	// The French feeds: their titles are French, commit messages are
	// marked English.
	feeds := 0
	for name, body := range files.files {
		if !strings.HasPrefix(name, "fr/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		feeds++
		dec := xml.NewDecoder(bytes.NewReader(body))
		var lang []string // xml:lang in scope, innermost last
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				l := ""
				if len(lang) > 0 {
					l = lang[len(lang)-1]
				}
				for _, a := range tk.Attr {
					if a.Name.Local == "lang" {
						l = a.Value
					}
				}
				lang = append(lang, l)
				if tk.Name.Local != "title" || l != "fr" {
					continue
				}
				var title string
				if err := dec.DecodeElement(&title, &tk); err != nil {
					t.Fatal(err)
				}
				lang = lang[:len(lang)-1]
				leaks, _ := check.Page(strings.NewReader("<p>" + html.EscapeString(title) + "</p>"))
				for _, l := range leaks {
					t.Errorf("%s: title %s", name, l)
				}
				if strings.HasPrefix(title, "Data: ") {
					t.Errorf("%s: the commit message %q is not marked xml:lang=\"en\"", name, title)
				}
			case xml.EndElement:
				lang = lang[:len(lang)-1]
			}
		}
	}
	if feeds == 0 {
		t.Fatal("no French feed written")
	}
}
