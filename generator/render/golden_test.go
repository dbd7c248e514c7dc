package render

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/interference-watch/portal/generator/history"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/pages/")

// goldenPages are the staged files compared with testdata/pages/: one of
// every kind of generated page, and a hand-written one, in both
// languages.
var goldenPages = []string{
	"generated/_index", "generated/campaigns/_index", "generated/campaigns/sorted/name", "generated/actors/_index",
	"generated/organizations/_index", "generated/sources/_index", "generated/techniques/_index", "generated/places/_index",
	"generated/changes", "generated/explore/_index", "generated/explore/platform/x", "generated/campaigns/big",
	"generated/campaigns/old", "generated/actors/baku", "generated/organizations/viginum", "generated/sources/s2",
	"generated/techniques/T0049", "generated/places/NC", "generated/indicators/_index", "generated/indicators/big",
}

// TestGoldenPages stages the fixture's pages through the real staging
// path (Stage and StageContent, as a build does) and compares each staged
// file, front matter and body, with its golden copy in testdata/pages/,
// which a reviewer reads as the page's reference. The fixture has every
// part a page can show, and markup in its text. go test -run GoldenPages
// -update rewrites them after an intended change.
func TestGoldenPages(t *testing.T) {
	d := facetData()
	log := history.FromChanges([]history.Change{{Commit: "0123456789abcdef", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Subject: `Fix <b>"dates"</b> & more`, Paths: []string{"data/campaigns/big.yaml", "data/campaigns/gone.yaml"}, Status: []byte("MD")}})
	pages, files := &mapWriter{}, &mapWriter{}
	content := fstest.MapFS{"about.md": {Data: []byte("---\ntitle: About <us>\ndescription: What \"we\" do.\n---\n\nHello *there*.\n")}}
	for _, lang := range []string{"en", "fr"} {
		o := Options{Lang: lang, FileLang: lang, ContentDir: "generated/", Strings: os.DirFS("../../site/i18n"), History: log,
			BaseURL: "https://example.org/iw/", DefaultLang: "en", Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Files: files,
			Languages: languages, Repo: "https://github.com/o/r"}
		if _, err := Stage(d, pages, o); err != nil {
			t.Fatal(err)
		}
		if err := StageContent(d, content, pages, "content/"+lang+"/", o); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for _, p := range goldenPages {
		names = append(names, p+".en.html", p+".fr.html")
	}
	names = append(names, "content/en/about.md", "content/fr/about.md")
	for _, name := range names {
		got, ok := pages.files[name]
		if !ok {
			t.Errorf("no staged file %s", name)
			continue
		}
		path := filepath.Join("testdata", "pages", filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s differs from the page at byte %d:\n got:  %q\n want: %q", path, i,
				got[max(0, i-80):min(len(got), i+80)], string(want[max(0, i-80):min(len(want), i+80)]))
		}
		if strings.HasSuffix(name, ".html") {
			fm, body := staged(t, got)
			if html := fm.Params.Head + fm.Params.Languages + body; strings.Contains(html, "<script>alert") || strings.Contains(html, "<b>\"dates") {
				t.Errorf("%s: markup from the data reached the page unescaped", name)
			}
		}
	}
}
