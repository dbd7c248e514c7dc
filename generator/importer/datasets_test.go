package importer

import (
	"errors"
	"github.com/interference-watch/portal/generator/mdsafe"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// project writes a small data/ folder: two organizations, a technique, a
// campaign and a source, and returns its path.
func project(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	files := map[string]string{
		"organizations/meta.yaml": "name: Meta\nkind: platform\nurl: https://about.meta.com/\n",
		"organizations/lab.yaml":  "name: Research Lab\nkind: research\nurl: https://lab.test-lab.org/\n",
		"techniques/T0049.yaml":   "name: Flood Information Space\ntactic: TA17\n",
		"campaigns/op.yaml":       "name: Operation Test\naliases: [Ghostly]\nstatus: ended\nsummary: Text [@existing].\n",
		"sources/existing.yaml":   "url: https://News.test-news.org/story/1?utm_source=x\ntitle: A story\npublisher: meta\nkind: news\nstatus: reviewed\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// workbook builds a small DISARM-like workbook; rows replace the
// incidents sheet's data rows when given.
func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(sheet string, data [][]any) {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for i, r := range data {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if rows == nil {
		rows = [][]any{
			{"I00001", "Ghostly operation", "campaign", "DISARM's own summary of it.", "2019", "Russia", "France, France", "https://news.test-news.org/story/1 -", "", "2019-02-24"},
			{"I00002", "Research report title", "incident", "Another summary.", "", "", "", "https://lab.test-lab.org/report", "", ""},
			{"I00003", "No publisher known", "incident", "", "", "", "", "https://unknown.test-host.org/x", "", ""},
		}
	}
	head := []any{"disarm_id", "name", "objecttype", "summary", "year_started", "attributions_seen", "found_in_country", "urls", "notes", "when_added"}
	set("incidents", append([][]any{head}, rows...))
	set("urls", [][]any{{"url_id", "pub_date", "authors", "org", "archive_link"},
		{"https://lab.test-lab.org/report", "2021/03/04", "Jane Doe, John Roe", "Research Lab", "https://web.archive.org/web/2021/https://lab.test-lab.org/report"}})
	set("incidenttechniques", [][]any{{"disarm_id", "name", "incident_id", "technique_ids"},
		{"IT1", "x", "I00001", "T0049, T9999, T00145.006"}})
	f.DeleteSheet("Sheet1")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportIncidents(t *testing.T) {
	dir := project(t)
	wb, err := ParseIncidents(workbook(t, nil), "fixture.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Incidents) != 3 || len(wb.Warnings) != 1 {
		t.Fatalf("%d incidents, warnings %v", len(wb.Incidents), wb.Warnings)
	}
	r, err := ImportIncidents(dir, wb, IncidentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Created) != 3 || len(r.SourcesCreated) != 1 || len(r.SourcesMatched) != 1 || r.NoPublisher["unknown.test-host.org"] != 1 {
		t.Fatalf("result %+v", r)
	}
	if len(r.Proposals) != 1 || r.Proposals[0].Campaign != "op" || len(r.Proposals[0].Evidence) != 2 {
		t.Errorf("proposals %+v", r.Proposals)
	}
	lead := read(t, filepath.Join(dir, "leads", "disarm-i00001.yaml"))
	for _, want := range []string{"license: CC-BY-SA-4.0", "attribution: DISARM Foundation", "source: existing", "countries: [France]",
		"techniques: [T0049]", "DISARM's own summary", "status: unreviewed"} {
		if !strings.Contains(lead, want) {
			t.Errorf("lead lacks %q:\n%s", want, lead)
		}
	}
	src := read(t, filepath.Join(dir, "sources", r.SourcesCreated[0]+".yaml"))
	for _, want := range []string{"title: \"Research report title\"", "publisher: lab", "published: \"2021-03-04\"", "kind: research",
		"status: unreviewed", "license: CC-BY-SA-4.0", `authors: ["Jane Doe", "John Roe"]`} {
		if !strings.Contains(src, want) {
			t.Errorf("source lacks %q:\n%s", want, src)
		}
	}
	if strings.Contains(src, "summary") {
		t.Error("DISARM's summary reached a source record")
	}

	// A hand edit survives a changed upstream; a reviewed lead is never touched.
	p1 := filepath.Join(dir, "leads", "disarm-i00001.yaml")
	if err := os.WriteFile(p1, []byte(strings.Replace(lead, "status: unreviewed", "status: unreviewed\n# mine\nnote: checked the first link", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	p2 := filepath.Join(dir, "leads", "disarm-i00002.yaml")
	reviewed := strings.Replace(read(t, p2), "status: unreviewed", "status: reviewed", 1)
	if err := os.WriteFile(p2, []byte(reviewed), 0o644); err != nil {
		t.Fatal(err)
	}
	wb.Incidents[0].Name, wb.Incidents[1].Name = "Ghostly operation, renamed", "Renamed too"
	r, err = ImportIncidents(dir, wb, IncidentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Updated) != 1 || len(r.Protected) != 1 || len(r.Unchanged) != 1 || len(r.SourcesCreated) != 0 {
		t.Fatalf("second run %+v", r)
	}
	got := read(t, p1)
	if !strings.Contains(got, "note: checked the first link") || !strings.Contains(got, "# mine") || !strings.Contains(got, "renamed") {
		t.Errorf("hand edit lost or upstream change missing:\n%s", got)
	}
	if read(t, p2) != reviewed {
		t.Error("a reviewed lead was changed")
	}
	before := read(t, p1)
	if r, err = ImportIncidents(dir, wb, IncidentOptions{}); err != nil || len(r.Unchanged) != 2 || read(t, p1) != before {
		t.Errorf("third run not idempotent: %+v %v", r, err)
	}
}

func TestParseIncidentsBadInput(t *testing.T) {
	if _, err := ParseIncidents([]byte("not a zip"), "bad.xlsx"); err == nil || !strings.Contains(err.Error(), "bad.xlsx") {
		t.Errorf("not a workbook: %v", err)
	}
	_, err := ParseIncidents(workbook(t, [][]any{{"I00001", "ok"}, {"X12", "bad id"}, {"I00001", "twice"}, {"I00004", "y", "", "", "20x9"}}), "w.xlsx")
	for _, want := range []string{`w.xlsx: sheet "incidents", row 3, column A: "X12" is not a DISARM incident id`,
		`row 4, column A: incident I00001 appears twice (first in row 2)`, `row 5, column E: "20x9" is not a year`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	var ce *CellError
	if !errors.As(err, &ce) || ce.Sheet != "incidents" {
		t.Errorf("error %T is not located", err)
	}
}

func TestImportMeta(t *testing.T) {
	dir := project(t)
	mapping := "networks:\n  - file: \"indicators/csv/Q1_2024/Q1_2024_TEST NETWORK #1 .csv\"\n    campaign: op\n    evidence: the file names it\n" +
		"  - file: indicators/csv/2024_01_test_report.csv\n    campaign: op\n    evidence: the report names it\n"
	if err := os.MkdirAll(filepath.Join(dir, "mappings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mappings", "meta-threat-research.yaml"), []byte(mapping), 0o644); err != nil {
		t.Fatal(err)
	}
	maps, err := ReadMapping(dir)
	if err != nil || len(maps) != 2 {
		t.Fatal(maps, err)
	}
	_, nets, err := ParseMeta(DirFiles{FS: os.DirFS(filepath.Join("testdata", "meta"))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ImportMeta(dir, nets, maps, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Mapped) != 2 || len(r.SourcesCreated) != 2 || len(r.Files.Created) != 1 {
		t.Fatalf("result %+v", r)
	}
	var invalid []string
	for _, e := range r.Invalid {
		invalid = append(invalid, e.Error())
	}
	joined := strings.Join(invalid, "\n")
	for _, want := range []string{"2024_01_test_report.csv, row 5, column 2: \"10.1.2.3\"", "TEST NETWORK #1 .csv, row 6, column 4"} {
		if !strings.Contains(joined, want) {
			t.Errorf("want %q in invalid values:\n%s", want, joined)
		}
	}
	got := read(t, filepath.Join(dir, "indicators", "op.yaml"))
	for _, want := range []string{"{type: domain, value: fake-news-site.info}", "https://another-site.org/path?a=1", "{type: ipv4, value: 45.141.152.19}",
		"{type: domain, value: example-op.news}", "https://twitter.com/SomeAccount", "license: MIT", `reported: "2024-01-09"`} {
		if !strings.Contains(got, want) {
			t.Errorf("indicator file lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "fake-news-site") != 1 || strings.Count(got, "example-op.news") != 1 || strings.Contains(got, "10.1.2.3") {
		t.Errorf("duplicates not merged or private address kept:\n%s", got)
	}
	r, err = ImportMeta(dir, nets, maps, false)
	if err != nil || len(r.Files.Unchanged) != 1 || len(r.SourcesCreated) != 0 || len(r.SourcesMatched) != 2 {
		t.Errorf("second run not idempotent: %+v %v", r, err)
	}
	report := MetaReportMarkdown(r, "testdata/meta")
	if strings.Contains(report, "https://") || strings.Contains(report, "@") && !strings.Contains(report, "@\u2060") {
		t.Errorf("report holds a live link or mention:\n%s", report)
	}
}

func TestMetaMalformedCSV(t *testing.T) {
	_, err := parseNetworkCSV("x.csv", []byte("a,b\n1,2\n"))
	if err == nil || !strings.Contains(err.Error(), "x.csv, row 1") {
		t.Errorf("unknown schema: %v", err)
	}
	_, err = parseNetworkCSV("y.csv", []byte("indicator_type,indicator_value\n"+strings.Repeat("domain_name,a.org\n", 2)+"domain_name,b\xff.org\n"))
	if err == nil || !strings.Contains(err.Error(), "y.csv, row 4, column 2: not valid UTF-8") {
		t.Errorf("bad bytes: %v", err)
	}
}

func TestMD(t *testing.T) {
	got := MD("<img src=x> [link](https://evil.example) @someone #12 `code` www.example.com", 200)
	for _, bad := range []string{"<img", "](", "https://", "@someone", "#12", "www.example"} {
		if strings.Contains(got, bad) {
			t.Errorf("MD left %q in %q", bad, got)
		}
	}
}

// The real datasets, read in full when ../shared/ref is there.
func TestRefDatasets(t *testing.T) {
	ref := filepath.Join("..", "..", "..", "shared", "ref")
	data, err := os.ReadFile(filepath.Join(ref, "disarm", "DISARM_DATA_MASTER.xlsx"))
	if err != nil {
		t.Skipf("no reference data: %v", err)
	}
	wb, err := ParseIncidents(data, "DISARM_DATA_MASTER.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Incidents) != 129 || wb.Incidents[0].ID != "I00001" || wb.Incidents[128].ID != "I00129" {
		t.Errorf("%d incidents", len(wb.Incidents))
	}
	urls := 0
	for _, in := range wb.Incidents {
		urls += len(in.URLs)
	}
	_, nets, err := ParseMeta(DirFiles{FS: os.DirFS(filepath.Join(ref, "meta-threat-research"))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, net := range nets {
		n += len(net.Indicators)
	}
	if len(nets) != 65 {
		t.Errorf("%d networks", len(nets))
	}
	t.Logf("DISARM: %d incidents, %d URLs, %d cells skipped; Meta: %d networks, %d indicators", len(wb.Incidents), urls, len(wb.Warnings), len(nets), n)
}

// TestReportsAreInert renders both importers' reports from hostile
// dataset values through mdsafe.Audit.
func TestReportsAreInert(t *testing.T) {
	dir := project(t)
	wb, err := ParseIncidents(workbook(t, nil), "fixture.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	hostile := "![x](https://evil.example/p.png) <img src=x onerror=alert(1)> @maintainers #1 [go](javascript:alert(1))"
	for i := range wb.Incidents {
		wb.Incidents[i].Name = hostile
	}
	r, err := ImportIncidents(dir, wb, IncidentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if bad := mdsafe.Audit(IncidentsReport(r, hostile)); len(bad) > 0 {
		t.Errorf("incidents report is not inert: %v", bad)
	}
	if bad := mdsafe.Audit(MetaReportMarkdown(&MetaResult{}, hostile)); len(bad) > 0 {
		t.Errorf("Meta report is not inert: %v", bad)
	}
}
