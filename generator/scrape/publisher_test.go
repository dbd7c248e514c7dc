package scrape

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const orgFile = "name: Agency\nkind: government\n"

// mustDefs loads definitions from an in-memory data folder holding the
// organization "agency" and the given publisher files.
func mustDefs(t *testing.T, files map[string]string) *Definitions {
	t.Helper()
	fsys := fstest.MapFS{"data/organizations/agency.yaml": {Data: []byte(orgFile)}}
	for name, body := range files {
		fsys["data/publishers/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	defs, err := LoadPublishers(fsys, "data")
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

func TestLoadPublishersProblems(t *testing.T) {
	const good = "name: A\norganization: agency\nurl: https://a.example/feed\nkind: rss\nlanguage: en\nmin_items: 1\nmax_items: 5\nchecked: false\n"
	tests := []struct {
		name, file, body string
		want             []string // each must appear in one problem's String()
	}{
		{"valid", "good.yaml", good, nil},
		{"unknown organization", "p.yaml", strings.Replace(good, "agency", "vigium", 1),
			[]string{`data/publishers/p.yaml:2:15: organization: unknown organization "vigium"`}},
		{"unknown field", "p.yaml", good + "selektors: {}\n", []string{"data/publishers/p.yaml:9:1: selektors: unknown field"}},
		{"bad kind", "p.yaml", strings.Replace(good, "kind: rss", "kind: json", 1), []string{"data/publishers/p.yaml:4:7: kind: value must be one of"}},
		{"missing field", "p.yaml", strings.Replace(good, "language: en\n", "", 1), []string{"language: required field is missing"}},
		{"html without selectors", "p.yaml", strings.Replace(good, "kind: rss", "kind: html", 1), []string{"selectors: required field is missing"}},
		{"selectors on a feed", "p.yaml", good + "selectors: {item: li, title: a, link: a@href}\n", []string{"p.yaml:9:1: selectors: selectors are read only for kind html"}},
		{"bad css", "p.yaml", strings.Replace(good, "kind: rss", "kind: html", 1) + "selectors:\n  item: li\n  title: 'a[[['\n  link: a@href\n",
			[]string{"p.yaml:11:10: selectors.title: bad CSS selector"}},
		{"min above max", "p.yaml", strings.Replace(good, "min_items: 1", "min_items: 9", 1), []string{"p.yaml:7:12: max_items: max_items (5) is less than min_items (9)"}},
		{"javascript url", "p.yaml", strings.Replace(good, "https://a.example/feed", "javascript:alert(1)", 1), []string{"p.yaml:3:6: url: only http:// and https:// links"}},
		{"bad id", "Bad_Name.yaml", good, []string{"Bad_Name.yaml:1:1: id: file name"}},
		{"yaml syntax", "p.yaml", "name: [unclosed\n", []string{"p.yaml:"}},
		{"complex keys", "p.yaml", good + "? {a}\n: x\n", []string{"p.yaml:9:3: a field name must be plain text"}},
		{"nested too deep", "p.yaml", good + "x: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n", []string{"p.yaml:9:"}},
		{"yml ending", "p.yml", good, []string{"data/publishers/p.yml:1:1: this file is not read: only names ending in .yaml are"}},
		{"two documents", "p.yaml", good + "---\nname: B\n", []string{"p.yaml:9:1: a second YAML document starts here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs := mustDefs(t, map[string]string{tt.file: tt.body})
			var got []string
			for _, p := range defs.Problems {
				got = append(got, p.String())
			}
			if len(tt.want) == 0 && len(got) > 0 {
				t.Fatalf("unexpected problems:\n%s", strings.Join(got, "\n"))
			}
			for _, w := range tt.want {
				if !strings.Contains(strings.Join(got, "\n"), w) {
					t.Errorf("no problem like %q in:\n%s", w, strings.Join(got, "\n"))
				}
			}
			if len(tt.want) > 0 && len(defs.Publishers) != 0 {
				t.Errorf("an invalid definition was kept: %+v", defs.Publishers[0])
			}
		})
	}
}

func TestRealPublishersValidate(t *testing.T) {
	defs, err := LoadPublishers(os.DirFS("../.."), "data")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range defs.Problems {
		t.Error(p)
	}
	if len(defs.Publishers) < 8 {
		t.Errorf("%d publisher definitions, want at least 8", len(defs.Publishers))
	}
	kinds := map[string]bool{}
	for _, p := range defs.Publishers {
		kinds[p.Kind] = true
	}
	for _, k := range []string{KindRSS, KindAtom, KindSitemap, KindHTML} {
		if !kinds[k] {
			t.Errorf("no definition of kind %s", k)
		}
	}
}

func TestKeywordFilter(t *testing.T) {
	defs := mustDefs(t, map[string]string{"p.yaml": "name: A\norganization: agency\nurl: https://a.example/\nkind: rss\nlanguage: fr\n" +
		"keywords: [ingérence, FIMI, désinformation]\nmin_items: 1\nmax_items: 5\nchecked: false\n"})
	if len(defs.Publishers) != 1 {
		t.Fatalf("problems: %v", defs.Problems)
	}
	p := defs.Publishers[0]
	tests := []struct {
		title, summary string
		want           bool
	}{
		{"Ingérences numériques étrangères", "", true},
		{"INGERENCE russe", "", true},
		{"Rapport annuel", "une campagne de desinformation", true},
		{"A fimi report", "", true},
		{"Rapport annuel", "budget", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := p.matches(Item{Title: tt.title, Summary: tt.summary}); got != tt.want {
			t.Errorf("matches(%q, %q) = %v, want %v", tt.title, tt.summary, got, tt.want)
		}
	}
}
