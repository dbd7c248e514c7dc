package cli

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
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

// scrapeNow is the clock of the scrape tests.
var scrapeNow = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

const scrapeFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <item><title>Ingérence numérique : le réseau Alpha</title><link>https://agency.example/reports/alpha</link>
    <pubDate>Mon, 02 Dec 2024 10:00:00 +0100</pubDate><description>&lt;p&gt;Un rapport.&lt;/p&gt;</description></item>
  <item><title>&lt;script&gt;alert(1)&lt;/script&gt;Désinformation &lt;b&gt;Beta&lt;/b&gt;</title>
    <link>https://agency.example/reports/beta?q="&gt;&lt;script&gt;</link><description><![CDATA[<script>steal()</script>Texte]]></description></item>
  <item><title>Désinformation piégée</title><link>javascript:alert(1)</link></item>
  <item><title>Budget annuel</title><link>https://agency.example/budget</link></item>
</channel></rss>`

const scrapeList = `<html><body><ul>
<li class="report"><a href="/r/gamma">Ingérence Gamma</a><time datetime="2025-03-04">4 mars</time></li>
</ul></body></html>`

// mustScrapeProject makes a project with a site, one organization, one
// reviewed source and two publishers served by a fake host: a feed and
// an HTML listing at listPath.
func mustScrapeProject(t *testing.T, listPath string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			_, _ = w.Write([]byte(scrapeFeed))
		case "/list.html":
			_, _ = w.Write([]byte(scrapeList))
		case "/redesigned.html":
			_, _ = w.Write([]byte(`<html><body><div class="new-layout">Publications</div></body></html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	root := t.TempDir()
	pub := "# yaml-language-server: $schema=../../generator/schema/publisher.schema.json\norganization: agency\nlanguage: fr\nmin_items: 1\nmax_items: 10\nchecked: false\n"
	files := map[string]string{
		"site/hugo.toml":                 "baseURL = \"https://watch.example/\"\n",
		"data/organizations/agency.yaml": "name: Agency\nkind: government\ndomains: [agency.example]\n",
		"data/sources/agency-2024-old.yaml": "url: https://agency.example/reports/alpha\ntitle: Alpha\npublisher: agency\n" +
			"kind: official-report\nstatus: reviewed\n",
		"data/publishers/agency-feed.yaml": pub + "name: Feed\nurl: " + srv.URL + "/feed.xml\nkind: rss\nkeywords: [ingérence, désinformation]\n",
		"data/publishers/agency-list.yaml": pub + "name: List\nurl: " + srv.URL + listPath + "\nkind: html\n" +
			"selectors: {item: li.report, title: a, link: a@href, date: time@datetime}\n",
	}
	fixture.WriteFiles(t, root, files)
	return root
}

// mustScrape runs portal scrape in-process with a loopback-allowed,
// fast fetch configuration.
func mustScrape(t *testing.T, root string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, root: root, now: func() time.Time { return scrapeNow }}
	c := newScrapeCmd(e, func(cfg *fetch.Config) {
		cfg.AllowLoopback, cfg.MinDelay, cfg.MaxAttempts = true, time.Millisecond, 1
	})
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&errb)
	c.SilenceUsage, c.SilenceErrors = true, true
	err = c.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func TestScrapeWritesValidRecordsOnce(t *testing.T) {
	root := mustScrapeProject(t, "/list.html")
	report := filepath.Join(t.TempDir(), "report.md")
	stdout, stderr, err := mustScrape(t, root, "--report", report)
	if err != nil {
		t.Fatalf("scrape: %v\n%s", err, stderr)
	}
	for _, want := range []string{"agency-feed", "agency-list", "ok"} {
		if !strings.Contains(strings.ToLower(stdout), want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "data", "sources"))
	if len(entries) != 3 { // the reviewed one, Beta and Gamma; Alpha is a duplicate, the script link is dropped
		t.Errorf("%d sources, want 3", len(entries))
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(root, "data", "sources", e.Name()))
		if s := strings.ToLower(string(b)); strings.Contains(s, "<") || strings.Contains(s, "javascript:") {
			t.Errorf("%s carries markup or a script link:\n%s", e.Name(), b)
		}
	}
	_, probs, err := validate.Run(os.DirFS(root), "data", validate.Options{Now: scrapeNow})
	if err != nil || len(probs) > 0 {
		t.Errorf("the scraped data does not validate: %v %v", err, probs)
	}
	if md := mustRead(t, report); !strings.Contains(md, "## New sources") || !strings.Contains(md, "agency-2025-ingerence-gamma") {
		t.Errorf("report:\n%s", md)
	}
	before := fixture.HashTree(t, filepath.Join(root, "data"))
	if _, stderr, err := mustScrape(t, root); err != nil || !strings.Contains(stderr, "wrote 0 new sources") {
		t.Errorf("second run: %v\n%s", err, stderr)
	}
	if fixture.HashTree(t, filepath.Join(root, "data")) != before {
		t.Error("the second identical run changed data/")
	}
}

func TestScrapeChangedLayoutFailsAndWritesNothing(t *testing.T) {
	root := mustScrapeProject(t, "/redesigned.html")
	if err := os.Remove(filepath.Join(root, "data", "publishers", "agency-feed.yaml")); err != nil {
		t.Fatal(err)
	}
	before := fixture.HashTree(t, filepath.Join(root, "data"))
	report := filepath.Join(t.TempDir(), "report.md")
	stdout, stderr, err := mustScrape(t, root, "--report", report)
	if !errors.Is(err, ErrProblems) {
		t.Fatalf("err = %v, want ErrProblems (a non-zero exit)", err)
	}
	if fixture.HashTree(t, filepath.Join(root, "data")) != before {
		t.Error("a failing run changed data/")
	}
	if !strings.Contains(stderr, "1 publishers failed: agency-list") || !strings.Contains(stdout, "failed") {
		t.Errorf("output does not name the failing publisher:\n%s\n%s", stdout, stderr)
	}
	md := mustRead(t, report)
	if !strings.Contains(md, "## Failing publishers") || !strings.Contains(md, "**agency-list**") || !strings.Contains(md, "no items") {
		t.Errorf("report does not name the failing publisher:\n%s", md)
	}
}

func TestScrapeOptions(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		changes bool
	}{
		{"dry run", []string{"--dry-run"}, "", false},
		{"one publisher", []string{"--publisher", "agency-list"}, "", true},
		{"unknown publisher", []string{"--publisher", "nobody"}, "unknown publisher", false},
		{"extra argument", []string{"now"}, "unknown command", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := mustScrapeProject(t, "/list.html")
			before := fixture.HashTree(t, filepath.Join(root, "data"))
			_, stderr, err := mustScrape(t, root, tt.args...)
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q\n%s", err, tt.wantErr, stderr)
			}
			if changed := fixture.HashTree(t, filepath.Join(root, "data")) != before; changed != tt.changes {
				t.Errorf("data changed = %v, want %v", changed, tt.changes)
			}
		})
	}
}

func TestScrapeNeedsSiteURL(t *testing.T) {
	root := mustScrapeProject(t, "/list.html")
	if err := os.Remove(filepath.Join(root, "site", "hugo.toml")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := mustScrape(t, root); err == nil || !strings.Contains(err.Error(), "baseURL") {
		t.Errorf("err = %v, want a missing baseURL error", err)
	}
}

func TestScheduledScrapeLogsFailuresAndGoesOn(t *testing.T) {
	root := mustScrapeProject(t, "/redesigned.html")
	// One publisher only: a second one on the same host would wait out
	// the real client's two-second politeness delay.
	if err := os.Remove(filepath.Join(root, "data", "publishers", "agency-feed.yaml")); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &logs, stderr: &logs, root: root, now: func() time.Time { return scrapeNow }}
	step := e.scheduledScrape("http://127.0.0.1:8080/", slog.New(slog.NewTextHandler(&logs, nil)))
	// The real client refuses loopback: the publisher fails, and the step
	// still returns nil so the scheduled build goes on.
	if err := step(context.Background()); err != nil {
		t.Fatalf("step: %v", err)
	}
	for _, want := range []string{"publisher=agency-list", "forbidden target", "failed=1"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// TestScrapeNetworkDown: when no publisher can be reached at all, scrape
// says the network is unreachable, exits 2, writes no report blaming the
// definitions and no record.
func TestScrapeNetworkDown(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	root := t.TempDir()
	pub := "organization: agency\nlanguage: fr\nmin_items: 1\nmax_items: 10\nchecked: false\n"
	fixture.WriteFiles(t, root, map[string]string{
		"site/hugo.toml":                   "baseURL = \"https://watch.example/\"\n",
		"data/organizations/agency.yaml":   "name: Agency\nkind: government\ndomains: [agency.example]\n",
		"data/publishers/agency-feed.yaml": pub + "name: Feed\nurl: " + down.URL + "/feed.xml\nkind: rss\n",
		"data/publishers/agency-map.yaml":  pub + "name: Map\nurl: " + down.URL + "/sitemap.xml\nkind: sitemap\n",
	})
	report := filepath.Join(t.TempDir(), "report.md")
	_, stderr, err := mustScrape(t, root, "--report", report)
	if !errors.Is(err, ErrNetworkDown) || ExitCode(err) != 2 {
		t.Fatalf("err = %v (exit %d), want ErrNetworkDown\n%s", err, ExitCode(err), stderr)
	}
	if !strings.Contains(stderr, "network") || strings.Contains(stderr, "robots.txt unavailable") {
		t.Errorf("stderr should name the network, not robots.txt:\n%s", stderr)
	}
	if _, err := os.Stat(report); err == nil {
		t.Error("a report was written")
	}
}
