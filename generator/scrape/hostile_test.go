package scrape

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/mdsafe"
	"go.yaml.in/yaml/v3"
)

// TestHostileListing feeds markup, script links, bidi overrides and a
// future date through a run: no record may carry markup or a script
// link, and every record must validate.
func TestHostileListing(t *testing.T) {
	srv := fakePublisher(t, map[string]string{"/hostile.xml": string(mustRead(t, "hostile.xml"))})
	root := mustProject(t, map[string]string{"evil": publisherYAML("lab", srv.URL+"/hostile.xml", "rss", "")})
	rep := mustRun(t, testConfig(root))
	if len(rep.Failed()) > 0 {
		t.Fatalf("failed: %v", resultErrs(rep.Failed()))
	}
	if n := rep.NewCount(); n != 2 {
		t.Errorf("%d new records, want 2 (the javascript: and data: links are dropped)", n)
	}
	scriptLink := regexp.MustCompile(`(?i)(java|vb)\s*script\s*:|data:text`)
	for _, name := range sourceFiles(t, root) {
		if !strings.HasPrefix(name, "lab-") {
			continue
		}
		raw := readFile(t, root, "data/sources/"+name)
		if strings.ContainsAny(raw, "<>\u202e\x00") || scriptLink.MatchString(raw) {
			t.Errorf("%s carries markup or a script link:\n%s", name, raw)
		}
		var rec map[string]string
		if err := yaml.Unmarshal([]byte(raw), &rec); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasPrefix(rec["url"], "https://evil.example/") {
			t.Errorf("%s: url %q", name, rec["url"])
		}
		if strings.Contains(name, "future") && rec["published"] != "" {
			t.Errorf("%s: a future date was kept: %q", name, rec["published"])
		}
	}
	want := map[string][2]string{ // record → title, excerpt
		"lab-2024-report-everyone-click-javascript-alert-1.yaml": {"Report @everyone [click](Javascript alert(1)) bold", "Text with a bidi override and javascript void(0)"},
		"lab-2026-future-date-quoted-backslash-hash-colon.yaml":  {`Future date: "quoted" \ backslash # hash: colon`, ""},
	}
	for name, w := range want {
		var rec map[string]string
		if err := yaml.Unmarshal([]byte(readFile(t, root, "data/sources/"+name)), &rec); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rec["title"] != w[0] || rec["excerpt"] != w[1] {
			t.Errorf("%s: title %q, excerpt %q; want %q, %q", name, rec["title"], rec["excerpt"], w[0], w[1])
		}
	}
	assertValid(t, root)
}

func TestReportEscapesScrapedText(t *testing.T) {
	rep := &Report{Started: testNow, Results: []*Result{{
		ID: "evil", Status: StatusFailed, Err: errString2("bad <img src=x> @team [x](http://a)"),
		New: []NewSource{{ID: "lab-2024-x", Title: "![pic](http://evil/x.png) @everyone <b>", URL: "https://evil.example/a_(b)"}},
	}}}
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, bad := range []string{"![pic]", " @everyone", "<img", "<b>", "[x](http", " @team"} {
		if strings.Contains(md, bad) {
			t.Errorf("report contains %q unescaped:\n%s", bad, md)
		}
	}
	if !strings.Contains(md, "(https://evil.example/a_%28b%29)") {
		t.Errorf("report lacks the escaped link:\n%s", md)
	}
	var table bytes.Buffer
	if err := rep.WriteTable(&table); err != nil || !strings.Contains(table.String(), "evil") {
		t.Errorf("table (%v):\n%s", err, table.String())
	}
}

type errString2 string

func (e errString2) Error() string { return string(e) }

// TestSlowAndHugeListings: a listing that never finishes within the
// timeout, or is larger than the body cap, fails its publisher only.
func TestSlowAndHugeListings(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	huge := fakePublisher(t, map[string]string{"/huge.xml": "<rss><channel>" + strings.Repeat("<item><title>x</title></item>", 5000) + "</channel></rss>"})
	root := mustProject(t, map[string]string{
		"slow": publisherYAML("lab", slow.URL+"/feed.xml", "rss", ""),
		"huge": publisherYAML("lab", huge.URL+"/huge.xml", "rss", ""),
		"ok":   publisherYAML("lab", huge.URL+"/atom.xml", "atom", ""),
	})
	cfg := testConfig(root)
	cfg.Fetch.Timeout = 200 * time.Millisecond
	cfg.Fetch.MaxBody = 64 << 10
	rep := mustRun(t, cfg)
	got := map[string]Status{}
	for _, r := range rep.Results {
		got[r.ID] = r.Status
	}
	if got["slow"] != StatusFailed || got["huge"] != StatusFailed || got["ok"] != StatusOK {
		t.Errorf("statuses = %v; want slow and huge failed, ok ok (%v)", got, resultErrs(rep.Failed()))
	}
}

// TestReportIsInert renders a report of hostile publishers through
// mdsafe.Audit: no image, raw HTML, script link, mention or issue
// reference survives anywhere in it.
func TestReportIsInert(t *testing.T) {
	rep := &Report{Started: testNow, Results: []*Result{{
		ID: "evil", Status: StatusFailed, Kind: "html", URL: "https://evil.example/list",
		Err:    errString2("bad <img src=x onerror=alert(1)> @team #12 GH-3 [x](javascript:alert(1)) ```"),
		Health: Health{FinalURL: "javascript:alert(1)", ContentType: "text/html<script>", Sample: "![p](https://evil.example/p.png) @everyone"},
		New: []NewSource{
			{ID: "lab-2024-x", Title: "![pic](http://evil/x.png) @everyone <b>", URL: "https://evil.example/a_(b)", Published: "<i>2024</i>"},
			{ID: "lab-2024-y", Title: "[a](javascript:alert(1))", URL: "javascript:alert(1)"},
		},
	}}}
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if bad := mdsafe.Audit(b.String()); len(bad) > 0 {
		t.Errorf("scrape report is not inert: %v\n%s", bad, b.String())
	}
}
