package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/fixture"
	"github.com/interference-watch/portal/generator/outdir"
)

// mustProject makes a project from a fixture's data and the real site/
// and content/.
func mustProject(t *testing.T, dir string) string {
	t.Helper()
	return fixture.Project(t, "../..", filepath.Join(dir, "data"))
}

// mustRun runs the portal command line in-process.
func mustRun(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func TestValidateRealData(t *testing.T) {
	_, stderr, err := mustRun(t, "validate", "-C", "../..")
	if err != nil {
		t.Fatalf("validate: %v\n%s", err, stderr)
	}
}

func TestValidateFormats(t *testing.T) {
	dir := "../validate/testdata/many-mistakes"
	text, _, err := mustRun(t, "validate", "-C", dir)
	if !errors.Is(err, ErrProblems) {
		t.Fatalf("err = %v, want ErrProblems", err)
	}
	if !strings.Contains(text, "data/campaigns/op.yaml:2:9: status: value must be one of") {
		t.Errorf("text output:\n%s", text)
	}
	gh, _, _ := mustRun(t, "validate", "-C", dir, "--format", "github")
	if !strings.Contains(gh, "::error file=data/campaigns/op.yaml,line=2,col=9,title=invalid data::status%3A value") &&
		!strings.Contains(gh, "::error file=data/campaigns/op.yaml,line=2,col=9,title=invalid data::status: value") {
		t.Errorf("github output:\n%s", gh)
	}
	js, _, _ := mustRun(t, "validate", "-C", dir, "--format", "json")
	var probs []map[string]any
	if err := json.Unmarshal([]byte(js), &probs); err != nil || len(probs) != len(strings.Split(strings.TrimSpace(text), "\n")) {
		t.Errorf("json output (%v):\n%s", err, js)
	}
	if _, _, err := mustRun(t, "validate", "--format", "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestBuildRealData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, stderr, err := mustRun(t, "build", "-C", "../..", "--out", out); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	page := mustRead(t, filepath.Join(out, "campaigns", "big-french-overseas-territories", "index.html"))
	for _, want := range []string{"Baku Initiative Group", `<section class="references"`, `id="ref-1"`, `href="#ref-1"`, `href="#cite-1-1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("BIG page lacks %q", want)
		}
	}
	assertAnchorsResolve(t, out)
}

// assertAnchorsResolve checks that every same-page link of every built
// page lands on an element with that id.
func assertAnchorsResolve(t *testing.T, out string) {
	t.Helper()
	hrefRe, idRe := regexp.MustCompile(`href="#([^"]+)"`), regexp.MustCompile(`id="([^"]+)"`)
	n := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		page := mustRead(t, p)
		ids := map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(page, -1) {
			ids[m[1]] = true
		}
		for _, m := range hrefRe.FindAllStringSubmatch(page, -1) {
			n++
			if !ids[m[1]] {
				t.Errorf("%s: link to #%s has no target", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no same-page links found at all")
	}
}

func TestBuildRefusesInvalidDataAndKeepsOldSite(t *testing.T) {
	root := mustProject(t, "../validate/testdata/many-mistakes")
	out := filepath.Join(root, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(out, "index.html")
	if err := os.WriteFile(marker, []byte("last good site"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := outdir.WriteMarker(out); err != nil { // written by a build
		t.Fatal(err)
	}
	stdout, _, err := mustRun(t, "build", "-C", root)
	if !errors.Is(err, ErrProblems) {
		t.Fatalf("err = %v, want ErrProblems", err)
	}
	if !strings.Contains(stdout, "data/campaigns/op.yaml:") {
		t.Errorf("problems not printed:\n%s", stdout)
	}
	if got := mustRead(t, marker); got != "last good site" {
		t.Errorf("old site changed: %q", got)
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("temporary folder left behind: %s", e.Name())
		}
	}
}

// TestHostileText builds a record with markup and javascript: links in
// every text field and checks none reaches a page unescaped.
func TestHostileText(t *testing.T) {
	root := mustProject(t, "testdata/hostile")
	out := filepath.Join(root, "public")
	if _, stderr, err := mustRun(t, "build", "-C", root); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	jsonLD := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	// The only scripts a page may load are the site's own files under /js/,
	// fingerprinted, with their integrity hash.
	ownScript := regexp.MustCompile(`<script src="/js/[a-z]+\.min\.[0-9a-f]{64}\.js" integrity="sha256-(?:[A-Za-z0-9+/=]|&#43;)+" defer></script>`)
	bad := regexp.MustCompile(`(?i)<script|<img|<a href="x"|href="\s*(javascript|data|vbscript):|src="https://evil`)
	pages := 0
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(p); ext == ".xml" || ext == ".json" {
			// Feeds and data: markup stays escaped text.
			if m := bad.FindString(mustRead(t, p)); m != "" {
				t.Errorf("%s contains %q", p, m)
			}
			return nil
		}
		if !strings.HasSuffix(p, ".html") {
			return nil
		}
		pages++
		page := ownScript.ReplaceAllString(mustRead(t, p), "")
		for _, ld := range jsonLD.FindAllStringSubmatch(page, -1) {
			if strings.ContainsAny(ld[1], "<>") {
				t.Errorf("%s: JSON-LD holds a raw < or >: %s", p, ld[1])
			}
		}
		page = jsonLD.ReplaceAllString(page, "")
		if m := bad.FindString(page); m != "" {
			t.Errorf("%s contains %q", p, m)
		}
		return nil
	})
	if pages < 8 {
		t.Errorf("only %d pages built", pages)
	}
	page := mustRead(t, filepath.Join(out, "campaigns", "op", "index.html"))
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("campaign name not shown escaped")
	}
}

func TestNewScaffoldsValidRecords(t *testing.T) {
	root := mustProject(t, "../validate/testdata/valid")
	cmds := [][]string{
		{"new", "place", "PF", "--name", "French Polynesia", "--kind", "territory"},
		{"new", "organization", "lab", "--name", "A Lab: \"quoted\"", "--url", "https://www.lab.example.org/"},
		{"new", "source", "lab-2024-note", "--url", "https://lab.example.org/note", "--publisher", "lab", "--name", "A note"},
		{"new", "actor", "net", "--source", "report"},
		{"new", "campaign", "new-op", "--source", "report", "--first-seen", "2024-05"},
	}
	for _, c := range cmds {
		if _, stderr, err := mustRun(t, append(c, "-C", root)...); err != nil {
			t.Fatalf("%v: %v\n%s", c, err, stderr)
		}
	}
	if out, _, err := mustRun(t, "validate", "-C", root); err != nil {
		t.Fatalf("scaffolded records do not validate:\n%s", out)
	}
	if !strings.HasPrefix(mustRead(t, filepath.Join(root, "data/campaigns/new-op.yaml")), "# yaml-language-server: $schema=../../generator/schema/campaign.schema.json\n") {
		t.Error("no schema comment")
	}
	if _, _, err := mustRun(t, "new", "campaign", "new-op", "--source", "report", "-C", root); err == nil {
		t.Error("new overwrote an existing file")
	}
	if _, _, err := mustRun(t, "new", "campaign", "Bad_Id", "--source", "report", "-C", root); err == nil {
		t.Error("new accepted a bad id")
	}
	if _, _, err := mustRun(t, "new", "campaign", "no-source", "-C", root); err == nil {
		t.Error("new campaign without --source accepted")
	}
	if _, _, err := mustRun(t, "new", "technique", "T9999", "-C", root); err == nil {
		t.Error("new technique invented a DISARM technique")
	}
	if !strings.Contains(mustRead(t, filepath.Join(root, "data/sources/lab-2024-note.yaml")), "status: draft") {
		t.Error("new source is not a draft: a maintainer must read it first")
	}
	if !strings.Contains(mustRead(t, filepath.Join(root, "data/campaigns/new-op.yaml")), "status: draft") {
		t.Error("new campaign is not a draft")
	}
	_, stderr, err := mustRun(t, "validate", "-C", root)
	if err != nil || !strings.Contains(stderr, "2 drafts, not published: data/campaigns/new-op.yaml, data/sources/lab-2024-note.yaml") {
		t.Errorf("validate should pass and list the drafts (%v):\n%s", err, stderr)
	}
	if out, _, err := mustRun(t, "validate", "--no-drafts", "-C", root); err == nil || !strings.Contains(out, "data/campaigns/new-op.yaml:") {
		t.Errorf("validate --no-drafts should refuse the drafts with their file and line:\n%s", out)
	}
	// Filled in but still marked as a draft's placeholder: a problem once it leaves draft.
	p := filepath.Join(root, "data/campaigns/new-op.yaml")
	if err := os.WriteFile(p, []byte(strings.Replace(mustRead(t, p), "status: draft", "status: unknown", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, err := mustRun(t, "validate", "-C", root); err == nil || !strings.Contains(out, "placeholder text left") {
		t.Errorf("a campaign out of draft with its placeholder should fail:\n%s", out)
	}
}

// TestNewRefusesHostileFlags: flag values are checked by validating the
// record before it is written; a value that would inject keys, point
// outside the data or fail validation writes nothing.
func TestNewRefusesHostileFlags(t *testing.T) {
	root := mustProject(t, "../validate/testdata/valid")
	cases := [][]string{
		{"new", "campaign", "injected", "--first-seen", "2024", "--source", "report\nstatus: ongoing"},
		{"new", "campaign", "cites-unknown", "--first-seen", "2024", "--source", "nowhere"},
		{"new", "campaign", "future", "--first-seen", "2999", "--source", "report"},
		{"new", "campaign", "no-date", "--source", "report"},
		{"new", "source", "agency-2024-x", "--url", "https://agency.example.org/x", "--publisher", "../../e"},
		{"new", "source", "agency-2024-y", "--url", "javascript:alert(1)", "--publisher", "agency"},
		{"new", "source", "agency-2024-z", "--url", "https://agency.example.org/z\nstatus: reviewed", "--publisher", "agency"},
		{"new", "actor", "bad-country", "--source", "report", "--country", "ZZ"},
		{"new", "place", "XX", "--kind", "planet"},
	}
	for _, c := range cases {
		before := snapshot(t, filepath.Join(root, "data"))
		if _, stderr, err := mustRun(t, append(c, "-C", root)...); err == nil {
			t.Errorf("%q was accepted:\n%s", c, stderr)
		}
		if after := snapshot(t, filepath.Join(root, "data")); after != before {
			t.Errorf("%q wrote files:\n%s", c, after)
		}
	}
	if _, stderr, err := mustRun(t, "new", "campaign", "fine", "--first-seen", "2024", "--source", "report", "--name", "Name\nstatus: ongoing", "-C", root); err != nil {
		t.Fatalf("a name with a newline is text, not a key: %v\n%s", err, stderr)
	}
	rec := mustRead(t, filepath.Join(root, "data/campaigns/fine.yaml"))
	if strings.Contains(rec, "\nstatus: ongoing") {
		t.Errorf("the name injected a key:\n%s", rec)
	}
}

// snapshot lists the files under dir with their sizes.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			fmt.Fprintf(&b, "%s %d\n", p, info.Size())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestStats(t *testing.T) {
	out, _, err := mustRun(t, "stats", "-C", "../validate/testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Records per kind", "Campaigns per attributed actor country", "Campaigns per target", "Campaigns active per year", "2023", "NC"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBuildWarnsOnLoopbackBaseURL: a build that would publish links to
// this machine says so on stderr.
func TestBuildWarnsOnLoopbackBaseURL(t *testing.T) {
	for _, c := range []struct {
		base string
		warn bool
	}{{"http://127.0.0.1:1313/", true}, {"http://localhost/", true}, {"https://example.org/", false}} {
		if got := loopback(c.base); got != c.warn {
			t.Errorf("loopback(%q) = %v", c.base, got)
		}
	}
	root := mustProject(t, "../validate/testdata/valid")
	_, stderr, err := mustRun(t, "build", "-C", root, "--base-url", "http://127.0.0.1:1313/")
	if err != nil || !strings.Contains(stderr, "is a loopback address") {
		t.Errorf("build with a loopback base URL: %v, stderr:\n%s", err, stderr)
	}
}
