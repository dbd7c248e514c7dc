package scrape

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fetch"
	"github.com/interference-watch/portal/generator/fixture"
	"github.com/interference-watch/portal/generator/validate"
)

// testNow is the clock of every test run: after all fixture dates.
var testNow = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// fakePublisher serves listings from testdata on loopback, plus the
// extra paths given, and 404 for robots.txt.
func fakePublisher(t *testing.T, extra map[string]string) *httptest.Server {
	t.Helper()
	pages := map[string]string{
		"/feed.xml":    string(mustRead(t, "rss.xml")),
		"/atom.xml":    string(mustRead(t, "atom.xml")),
		"/sitemap.xml": string(mustRead(t, "sitemap.xml")),
		"/list.html":   string(mustRead(t, "listing.html")),
	}
	for k, v := range extra {
		pages[k] = v
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".html") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/xml")
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// publisherYAML writes a definition; extra lines are appended as is.
func publisherYAML(org, url, kind, extra string) string {
	return "# yaml-language-server: $schema=../../generator/schema/publisher.schema.json\n" +
		"name: Test " + kind + "\norganization: " + org + "\nurl: " + url + "\nkind: " + kind +
		"\nlanguage: en\nmin_items: 1\nmax_items: 20\nchecked: false\n" + extra
}

const htmlSelectors = "selectors:\n  item: .fr-card\n  title: .fr-card__title\n  link: .fr-card__title a@href\n  date: .fr-card__detail\n  summary: .fr-card__desc\n"

// existingSource is a reviewed record whose URL the RSS fixture also
// lists (over http, with a tracking parameter).
const existingSource = `# yaml-language-server: $schema=../../generator/schema/source.schema.json
url: http://agency.example/reports/alpha
title: "Alpha"
publisher: agency
published: "2024-12-02"
language: fr
kind: official-report
status: reviewed
`

// mustProject builds a project folder with two organizations, one
// reviewed source and the given publisher definitions.
func mustProject(t *testing.T, pubs map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"data/organizations/agency.yaml":      "name: Agency\nkind: government\nurl: https://agency.example/\ndomains: [agency.example]\n",
		"data/organizations/lab.yaml":         "name: Lab\nkind: research\n",
		"data/sources/agency-2024-alpha.yaml": existingSource,
	}
	for id, body := range pubs {
		files["data/publishers/"+id+".yaml"] = body
	}
	fixture.WriteFiles(t, root, files)
	return root
}

// testConfig is a run on root with a fast, loopback-allowed client.
func testConfig(root string) Config {
	return Config{
		Root: root,
		Fetch: fetch.Config{Version: "test", SiteURL: "https://watch.example/", AllowLoopback: true,
			MinDelay: time.Millisecond, MaxAttempts: 1, Timeout: 5 * time.Second},
		Now: func() time.Time { return testNow },
	}
}

func mustRun(t *testing.T, cfg Config) *Report {
	t.Helper()
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// assertValid runs the data validator on the project.
func assertValid(t *testing.T, root string) {
	t.Helper()
	_, probs, err := validate.Run(os.DirFS(root), "data", validate.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("validate: %s", p)
	}
}

func sourceFiles(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "data", "sources"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
