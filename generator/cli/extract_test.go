package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/extract"
	"github.com/interference-watch/portal/generator/fetch"
)

// articlePage is a small news page; {{BASE}} becomes the server's URL.
const articlePage = `<!doctype html><html lang="en"><head>
<title>Harbour Council Approves New Ferry Timetable | The Coastal Ledger</title>
<link rel="canonical" href="{{BASE}}/news/ferry?utm_source=rss">
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="{{DATE}}">
</head><body><article><h1>Harbour council approves new ferry timetable</h1>
<p>The harbour council voted on Sunday to add two evening crossings to the winter timetable. Fares rise by five per cent from May.</p>
</article></body></html>`

// mustArticleServer serves articlePage at /news/ferry with the given
// published date, a bare page at /untitled and 404 elsewhere.
func mustArticleServer(t *testing.T, date string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/ferry":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			page := strings.NewReplacer("{{BASE}}", srv.URL, "{{DATE}}", date).Replace(articlePage)
			_, _ = w.Write([]byte(page))
		case "/untitled":
			_, _ = w.Write([]byte("<html><body><p>No title here.</p></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// withLoopbackFetcher lets the commands reach httptest servers quickly.
func withLoopbackFetcher(t *testing.T) {
	t.Helper()
	old := newFetcher
	newFetcher = func(cfg fetch.Config) (*fetch.Client, error) {
		cfg.AllowLoopback, cfg.MinDelay, cfg.MaxAttempts = true, time.Millisecond, 1
		return old(cfg)
	}
	t.Cleanup(func() { newFetcher = old })
}

// mustEnv returns an env on root whose clock reads 1 June 2025.
func mustEnv(t *testing.T, root string) (*env, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	return &env{ctx: context.Background(), stdout: &out, stderr: &out, root: root, now: now}, &out
}

// runExtract runs the extract command directly, as it is not yet
// registered on the root command.
func runExtract(t *testing.T, e *env, args ...string) error {
	t.Helper()
	c := extractCmd(e)
	c.SetArgs(args)
	c.SetOut(e.stdout)
	c.SetErr(e.stderr)
	return c.ExecuteContext(e.ctx)
}

func TestExtractCommand(t *testing.T) {
	withLoopbackFetcher(t)
	srv := mustArticleServer(t, "2024-03-31T23:30:00-05:00")
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(articlePage, "{{DATE}}", "2023-07")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr bool
	}{
		{"file as text", []string{file}, []string{"title:         Harbour Council Approves New Ferry Timetable\n", "published:     2023-07\n", "site name:     The Coastal Ledger\n"}, false},
		{"url as json", []string{srv.URL + "/news/ferry", "--format", "json"}, []string{`"published": "2024-03-31"`, `"canonical_url": "` + srv.URL + `/news/ferry?utm_source=rss"`}, false},
		{"missing file", []string{filepath.Join(t.TempDir(), "none.html")}, nil, true},
		{"url not found", []string{srv.URL + "/gone"}, nil, true},
		{"bad format", []string{file, "--format", "xml"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, out := mustEnv(t, "../..")
			err := runExtract(t, e, tt.args...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v\n%s", err, tt.wantErr, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(tt.name, "json") {
				var m extract.Metadata
				if err := json.Unmarshal(out.Bytes(), &m); err != nil || m.Title == "" {
					t.Errorf("json output %v: %s", err, out)
				}
			}
		})
	}
}

func TestNewSourceFromURL(t *testing.T) {
	withLoopbackFetcher(t)
	root := mustProject(t, "../validate/testdata/valid")
	srv := mustArticleServer(t, "2024-03-31T23:30:00-05:00")
	future := mustArticleServer(t, "2031-01-01")
	e, _ := mustEnv(t, root)
	path, err := newRecord(e, "source", srv.URL+"/news/ferry", newFlags{publisher: "agency"})
	if err != nil {
		t.Fatal(err)
	}
	want := `# yaml-language-server: $schema=../../generator/schema/source.schema.json
url: ` + srv.URL + `/news/ferry
title: Harbour Council Approves New Ferry Timetable
publisher: agency
published: "2024-03-31"
language: en
kind: news
retrieved: "2025-06-01"
excerpt: The harbour council voted on Sunday to add two evening crossings to the winter timetable. Fares rise by five per cent from May.
status: unreviewed
`
	if filepath.Base(path) != "agency-2024-harbour-council-approves-new-ferry-timetable.yaml" {
		t.Errorf("path = %s", path)
	}
	if got := mustRead(t, path); got != want {
		t.Errorf("record:\n%s\nwant:\n%s", got, want)
	}
	tests := []struct {
		name, url string
		f         newFlags
		wantErr   string
	}{
		{"never overwrites", srv.URL + "/news/ferry", newFlags{publisher: "agency", kind: "research"}, "already exists"},
		{"publisher required", srv.URL + "/news/ferry", newFlags{}, "--publisher"},
		{"unknown publisher", srv.URL + "/news/ferry", newFlags{publisher: "nobody"}, "no organization"},
		{"publisher not an id", srv.URL + "/news/ferry", newFlags{publisher: "../organizations/agency"}, "not an organization id"},
		{"bad kind", srv.URL + "/news/ferry", newFlags{publisher: "agency", kind: "blog"}, "--kind"},
		{"page without title", srv.URL + "/untitled", newFlags{publisher: "agency"}, "no title"},
		{"page not found", srv.URL + "/gone", newFlags{publisher: "agency"}, "status 404"},
		{"future date left out", future.URL + "/news/ferry", newFlags{publisher: "agency", kind: "statement"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := newSourceFromURL(e, tt.url, tt.f)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := mustRead(t, p); strings.Contains(got, "published:") || !strings.Contains(got, "kind: statement\n") {
					t.Errorf("%s:\n%s", p, got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	if got := mustRead(t, path); got != want {
		t.Errorf("record changed:\n%s", got)
	}
	if out, _, err := mustRun(t, "validate", "-C", root); err != nil {
		t.Fatalf("written records do not validate:\n%s", out)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(root, "data", "sources", ".new-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestNewRecordScaffoldsIDs(t *testing.T) {
	root := mustProject(t, "../validate/testdata/valid")
	e, _ := mustEnv(t, root)
	if _, err := newRecord(e, "place", "PF", newFlags{name: "French Polynesia"}); err != nil {
		t.Fatal(err)
	}
	if _, err := newRecord(e, "campaign", "https://example.org/x", newFlags{source: "report"}); err == nil {
		t.Error("a campaign id that is a URL was accepted")
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ title, url, want string }{
		{"Harbour council approves new ferry timetable & fares", "", "harbour-council-approves-new-ferry-timetable"},
		{"Le projet de loi sur le renseignement massivement approuvé", "", "le-projet-de-loi-sur-le"},
		{"Ingérences étrangères : l'Assemblée s'inquiète", "", "ingerences-etrangeres-lassemblee-sinquiete"},
		{"Straße, Œuvre — Ærø", "", "strasse-oeuvre-aero"},
		{"Obama's 'biggest frustration'", "", "obamas-biggest-frustration"},
		{"トレンドマイクロ", "https://example.jp/news/trend-micro-app.html?x=1", "trend-micro-app"},
		{"！！", "https://example.jp/", "example-jp"},
		{strings.Repeat("a", 100) + " b", "", strings.Repeat("a", 100)},
	}
	for _, tt := range tests {
		if got := slug(tt.title, 6, tt.url); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestSiteURL(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"base url", "title = \"x\"\nbaseURL = \"https://watch.example.org/\"\n[params]\nbaseURL = \"no\"\n", "https://watch.example.org"},
		{"no file", "", ""},
		{"broken toml", "baseURL = [1", ""},
		{"not http", "baseURL = \"/relative/\"", ""},
	}
	for _, tt := range tests {
		root := t.TempDir()
		if tt.toml != "" {
			if err := os.MkdirAll(filepath.Join(root, "site"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "site", "hugo.toml"), []byte(tt.toml), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := siteURL(root); got != tt.want {
			t.Errorf("%s: siteURL = %q, want %q", tt.name, got, tt.want)
		}
	}
}
