package linkcheck

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
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
