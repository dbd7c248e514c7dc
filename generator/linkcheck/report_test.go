package linkcheck

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/mdsafe"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestReportMarkdown(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	src := func(id, url, archiveURL string) *dataset.Source {
		return &dataset.Source{Meta: dataset.Meta{ID: id, Path: "data/sources/" + id + ".yaml"}, URL: url, ArchiveURL: archiveURL}
	}
	tests := []struct {
		name   string
		golden string
		report *Report
	}{
		{"all live", "report-live.md", &Report{Checked: at, Results: []Result{
			{Source: src("ok", "https://a.example/1", "https://web.archive.org/web/1/x"), Link: Link{Verdict: Live, Status: 200}},
		}}},
		{"every section", "report-mixed.md", &Report{Checked: at, Results: []Result{
			{Source: src("gone", "https://a.example/gone", ""), Link: Link{Verdict: Dead, Status: 404, Error: "status 404 | after 1 attempt(s)",
				DeadSince: at.AddDate(0, 0, -3), Archive: "https://web.archive.org/web/2024/https://a.example/gone"}},
			{Source: src("moved", "https://a.example/old", "https://web.archive.org/web/1/x"), Link: Link{Verdict: Redirected, Status: 200, FinalURL: "https://a.example/new"}},
			{Source: src("walled", "https://b.example/private", "https://web.archive.org/web/1/y"), Link: Link{Verdict: Blocked, Error: "robots.txt disallows fetching it"}},
			{Source: src("unarchived", "https://c.example/", ""), Link: Link{Verdict: Live, Status: 200}, ArchiveErr: "wayback: status 503"},
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.report.WriteMarkdown(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := mustRead(t, path); !bytes.Equal(b.Bytes(), want) {
				t.Errorf("report differs from %s (run go test -update):\n%s", path, b.String())
			}
		})
	}
}

func TestReportWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	r := &Report{Checked: time.Now()}
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(mustRead(t, path), []byte("# Link check\n")) {
		t.Errorf("report file:\n%s", mustRead(t, path))
	}
	if err := r.WriteFile(filepath.Join(t.TempDir(), "missing", "report.md")); err == nil {
		t.Error("no error writing into a missing folder")
	}
}

// TestReportIsInertWithHostileAnswers feeds the report what a hostile
// host can answer: a redirect to javascript:, an archive "copy" that is an
// image, error text with HTML, mentions, issue references and fences.
func TestReportIsInertWithHostileAnswers(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	src := func(id, u string) *dataset.Source {
		return &dataset.Source{Meta: dataset.Meta{ID: id, Path: "data/sources/" + id + ".yaml"}, URL: u}
	}
	rep := &Report{Checked: at, Results: []Result{
		{Source: src("moved", "https://a.example/old"), Link: Link{Verdict: Redirected, FinalURL: "javascript:alert(document.cookie)"}},
		{Source: src("moved2", "https://a.example/old2"), Link: Link{Verdict: Redirected, FinalURL: "https://evil.example/x) ![img](https://evil.example/p.png"}},
		{Source: src("gone", "https://a.example/gone"), Link: Link{Verdict: Dead, DeadSince: at,
			Error: "status 404: <img src=x onerror=alert(1)> @maintainers see #1 ```", Archive: "https://web.archive.org/web/1/x\n\n![i](https://evil.example/i.png)"}},
		{Source: src("arch", "https://a.example/a"), Link: Link{Verdict: Live}, ArchiveErr: "[click me](https://evil.example/) <script>x</script> @org/team GH-12"},
	}}
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if bad := mdsafe.Audit(b.String()); len(bad) > 0 {
		t.Errorf("link report is not inert: %v\n%s", bad, b.String())
	}
}
