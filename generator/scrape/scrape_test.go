package scrape

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/fixture"
)

// allKinds is one publisher of each kind against srv.
func allKinds(srv string) map[string]string {
	return map[string]string{
		"agency-rss":  publisherYAML("agency", srv+"/feed.xml", "rss", "keywords: [INGERENCE, relative]\n"),
		"lab-atom":    publisherYAML("lab", srv+"/atom.xml", "atom", ""),
		"lab-sitemap": publisherYAML("lab", srv+"/sitemap.xml", "sitemap", "path_prefix: /reports/\n"),
		"agency-html": publisherYAML("agency", srv+"/list.html", "html", htmlSelectors),
	}
}

func TestRunWritesNewSources(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, allKinds(srv.URL))
	rep := mustRun(t, testConfig(root))
	if f := rep.Failed(); len(f) > 0 {
		t.Fatalf("failed: %s: %v", f[0].ID, f[0].Err)
	}
	want := []string{
		"agency-2024-alpha.yaml", // the reviewed record, also in the feed over https: a duplicate
		"agency-2024-matriochka.yaml",
		"agency-2025-analyse-du-mode-operatoire-informationnel-russe.yaml",
		"agency-2026-relative-link.yaml", // undated: the current year
		"lab-2024-glass-onion.yaml",
		"lab-2024-influence-operation-gamma-targets-elections.yaml",
		"lab-2024-spamouflage-breakout.yaml",
		"lab-2024-updated-only.yaml",
	}
	if got := sourceFiles(t, root); !slices.Equal(got, want) {
		t.Errorf("sources:\n got %q\nwant %q", got, want)
	}
	got := readFile(t, root, "data/sources/lab-2024-influence-operation-gamma-targets-elections.yaml")
	const wantRec = `# yaml-language-server: $schema=../../generator/schema/source.schema.json
url: "https://lab.example/2024/11/gamma/"
title: "Influence operation Gamma targets elections"
publisher: lab
published: "2024-11-28"
language: "en"
kind: research
retrieved: "2026-01-15"
excerpt: "A network of inauthentic accounts."
status: unreviewed
`
	if got != wantRec {
		t.Errorf("record:\n%s\nwant:\n%s", got, wantRec)
	}
	byID := map[string]*Result{}
	for _, r := range rep.Results {
		byID[r.ID] = r
	}
	if r := byID["agency-rss"]; r.Items != 3 || r.Matched != 2 || r.Duplicates != 1 || len(r.New) != 1 {
		t.Errorf("agency-rss: items %d matched %d duplicates %d new %d; want 3 2 1 1", r.Items, r.Matched, r.Duplicates, len(r.New))
	}
	if r := byID["lab-sitemap"]; r.Items != 2 || r.Health.OutsidePrefix != 1 {
		t.Errorf("lab-sitemap: items %d outside prefix %d; want 2 1", r.Items, r.Health.OutsidePrefix)
	}
	assertValid(t, root)
}

func TestRunTwiceWritesNothingMore(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, allKinds(srv.URL))
	mustRun(t, testConfig(root))
	before := fixture.HashTree(t, filepath.Join(root, "data"))
	rep := mustRun(t, testConfig(root))
	if after := fixture.HashTree(t, filepath.Join(root, "data")); after != before {
		t.Error("the second identical run changed data/")
	}
	if n := rep.NewCount(); n != 0 {
		t.Errorf("second run found %d new sources", n)
	}
}

func TestRunDedupesWithinTheRun(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, map[string]string{
		"a-first":  publisherYAML("lab", srv.URL+"/atom.xml", "atom", ""),
		"b-second": publisherYAML("agency", srv.URL+"/atom.xml", "rss", ""), // same entries, another publisher
	})
	rep := mustRun(t, testConfig(root))
	if len(rep.Results[0].New) != 2 || len(rep.Results[1].New) != 0 || rep.Results[1].Duplicates != 2 {
		t.Errorf("new %d and %d, duplicates %d; want 2, 0, 2", len(rep.Results[0].New), len(rep.Results[1].New), rep.Results[1].Duplicates)
	}
}

func TestRunFailingPublisherWritesNothing(t *testing.T) {
	tests := []struct {
		name, def, wantErr string
		hook               func(p *Publisher)
	}{
		{"layout changed", publisherYAML("agency", "{srv}/empty.html", "html", htmlSelectors), "no items", nil},
		{"too few", strings.Replace(publisherYAML("agency", "{srv}/list.html", "html", htmlSelectors), "min_items: 1", "min_items: 5", 1), "fewer items than min_items", nil},
		{"too many", strings.Replace(publisherYAML("lab", "{srv}/atom.xml", "atom", ""), "max_items: 20", "max_items: 1", 1), "more items than max_items", nil},
		{"not found", publisherYAML("lab", "{srv}/gone.xml", "rss", ""), "status 404", nil},
		{"not a feed", publisherYAML("lab", "{srv}/list.html", "rss", ""), "not a listing", nil},
		{"panics", publisherYAML("lab", "{srv}/atom.xml", "atom", ""), "panic: boom", func(p *Publisher) {
			if p.ID == "broken" {
				panic("boom")
			}
		}},
		{"invalid definition", publisherYAML("nobody", "{srv}/atom.xml", "atom", ""), "unknown organization", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakePublisher(t, map[string]string{"/empty.html": "<html><body><p>Nouvelle maquette</p></body></html>"})
			def := strings.ReplaceAll(tt.def, "{srv}", srv.URL)
			root := mustProject(t, map[string]string{
				"broken": def,
				"good":   publisherYAML("lab", srv.URL+"/sitemap.xml", "sitemap", ""),
			})
			cfg := testConfig(root)
			cfg.hooks.beforeFetch = tt.hook
			rep := mustRun(t, cfg)
			failed := rep.Failed()
			if len(failed) != 1 || failed[0].ID != "broken" || !strings.Contains(failed[0].Err.Error(), tt.wantErr) {
				t.Fatalf("failed = %v, want only broken with %q", resultErrs(failed), tt.wantErr)
			}
			if len(failed[0].New) != 0 {
				t.Errorf("a failing publisher has new sources: %v", failed[0].New)
			}
			for _, name := range sourceFiles(t, root) {
				if strings.HasPrefix(name, "agency-") && name != "agency-2024-alpha.yaml" {
					t.Errorf("the failing publisher wrote %s", name)
				}
			}
			if good := rep.Results[1]; good.Status != StatusOK || len(good.New) != 3 {
				t.Errorf("the good publisher: %s, %d new; want ok, 3", good.Status, len(good.New))
			}
			var md bytes.Buffer
			if err := rep.WriteMarkdown(&md); err != nil || !strings.Contains(md.String(), "- **broken** (answered wrongly):") {
				t.Errorf("the report does not name the failing publisher (%v):\n%s", err, md.String())
			}
		})
	}
}

func resultErrs(rs []*Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID+": "+errString(r.Err))
	}
	return out
}

func TestRunFailureKeepsDataByteIdentical(t *testing.T) {
	srv := fakePublisher(t, map[string]string{"/empty.html": "<html><body></body></html>"})
	root := mustProject(t, allKinds(srv.URL))
	mustRun(t, testConfig(root))
	// The HTML listing changes layout; its records and everyone else's stay.
	def := publisherYAML("agency", srv.URL+"/empty.html", "html", htmlSelectors)
	if err := os.WriteFile(filepath.Join(root, "data/publishers/agency-html.yaml"), []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	beforeSources := fixture.HashTree(t, filepath.Join(root, "data", "sources"))
	rep := mustRun(t, testConfig(root))
	if len(rep.Failed()) != 1 {
		t.Fatalf("failed = %v", resultErrs(rep.Failed()))
	}
	if after := fixture.HashTree(t, filepath.Join(root, "data", "sources")); after != beforeSources {
		t.Error("data/sources changed after a failing run")
	}
}

func TestRunWriteErrorLeavesNoPartialFile(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, allKinds(srv.URL))
	cfg := testConfig(root)
	writes := 0
	cfg.hooks.wrapWrite = func(w io.Writer) io.Writer {
		writes++
		if writes == 2 { // the second record of the first publisher (agency-html)
			return &failingWriter{w: w, after: 20}
		}
		return w
	}
	rep := mustRun(t, cfg)
	failed := rep.Failed()
	if len(failed) != 1 || failed[0].ID != "agency-html" || !errors.Is(failed[0].Err, errDiskFull) {
		t.Fatalf("failed = %v, want agency-html with a write error", resultErrs(failed))
	}
	for _, name := range sourceFiles(t, root) {
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") {
			t.Errorf("temporary file left: %s", name)
		}
		if strings.HasPrefix(name, "agency-2025") || name == "agency-2024-matriochka.yaml" {
			t.Errorf("a record of the failed publisher remains: %s", name)
		}
	}
	assertValid(t, root) // every record there is complete
	// The next run completes what failed and changes nothing else.
	mustRun(t, testConfig(root))
	if len(sourceFiles(t, root)) != 8 {
		t.Errorf("after the retry: %q", sourceFiles(t, root))
	}
}

var errDiskFull = errors.New("disk full")

// failingWriter writes after bytes, then fails.
type failingWriter struct {
	w     io.Writer
	after int
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.after {
		n, _ := f.w.Write(p[:f.after])
		return n, errDiskFull
	}
	return f.w.Write(p)
}

func TestRunDryRunWritesNothing(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, allKinds(srv.URL))
	before := fixture.HashTree(t, root)
	cfg := testConfig(root)
	cfg.DryRun = true
	rep := mustRun(t, cfg)
	if rep.NewCount() != 7 {
		t.Errorf("dry run found %d new sources, want 7", rep.NewCount())
	}
	if fixture.HashTree(t, root) != before {
		t.Error("a dry run changed the project")
	}
}

func TestRunOnlyOnePublisher(t *testing.T) {
	srv := fakePublisher(t, nil)
	root := mustProject(t, allKinds(srv.URL))
	cfg := testConfig(root)
	cfg.Only = "lab-atom"
	rep := mustRun(t, cfg)
	if len(rep.Results) != 1 || rep.Results[0].ID != "lab-atom" {
		t.Errorf("results: %v", rep.Results)
	}
	cfg.Only = "nobody"
	if _, err := Run(context.Background(), cfg); !errors.Is(err, ErrUnknownPublisher) {
		t.Errorf("unknown publisher: err = %v", err)
	}
}

func readFile(t *testing.T, root, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRunFollowsOneSitemapIndex(t *testing.T) {
	srv := fakePublisher(t, map[string]string{
		"/index.xml":  `<sitemapindex><sitemap><loc>/sitemap.xml</loc></sitemap></sitemapindex>`,
		"/nested.xml": `<sitemapindex><sitemap><loc>/index.xml</loc></sitemap></sitemapindex>`,
	})
	root := mustProject(t, map[string]string{
		"lab-index":  publisherYAML("lab", srv.URL+"/index.xml", "sitemap", ""),
		"lab-nested": publisherYAML("lab", srv.URL+"/nested.xml", "sitemap", ""),
	})
	rep := mustRun(t, testConfig(root))
	index, nested := rep.Results[0], rep.Results[1]
	if index.Status != StatusOK || index.Items != 3 || index.Health.Fetches != 2 {
		t.Errorf("index: %s %v, %d items in %d fetches; want ok, 3 in 2", index.Status, index.Err, index.Items, index.Health.Fetches)
	}
	if nested.Status != StatusFailed || !errors.Is(nested.Err, errNestedSitemap) {
		t.Errorf("nested index: %s %v; want failed, not followed", nested.Status, nested.Err)
	}
}
