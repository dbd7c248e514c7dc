package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/schema"
	"github.com/interference-watch/portal/generator/validate"
)

// realData loads and validates the repository's data/.
func realData(t *testing.T) *dataset.Dataset {
	t.Helper()
	d, probs, err := validate.Run(os.DirFS("../.."), "data", validate.Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("data/ has problems: %v", probs[0])
	}
	return d
}

func smallData() *dataset.Dataset {
	d := &dataset.Dataset{
		Campaigns: []*dataset.Campaign{{
			Meta: dataset.Meta{ID: "op", Path: "data/campaigns/op.yaml"}, Name: "=HYPERLINK(\"x\")", Status: "ended",
			FirstSeen:    &dataset.Claim{Date: dataset.MustDate("2023-07"), Source: "s"},
			Attributions: []dataset.Attribution{{Actor: "a", By: "o", Confidence: "high", Source: "s"}, {Actor: "a", By: "p", Source: "s"}},
			Targets:      []dataset.Target{{Place: "NC", Source: "s"}},
			FR:           &dataset.Translation{Name: "Opération « Bakou » en Nouvelle-Calédonie"},
		}},
		Actors:        []*dataset.Actor{{Meta: dataset.Meta{ID: "a"}, Name: "Groupe d'initiative de Bakou", Kind: "state-linked-ngo", Country: "AZ"}},
		Organizations: []*dataset.Organization{{Meta: dataset.Meta{ID: "o"}, Name: "O", Kind: "government"}, {Meta: dataset.Meta{ID: "p"}, Name: "P", Kind: "research"}},
		Sources:       []*dataset.Source{{Meta: dataset.Meta{ID: "s"}, Title: "Rapport sur l'ingérence numérique", URL: "https://example.org/r", Publisher: "o"}},
		Techniques:    []*dataset.Technique{{Meta: dataset.Meta{ID: "T0049.001"}, Name: "Trolls amplify and manipulate", Tactic: "TA17"}},
		Places: []*dataset.Place{{Meta: dataset.Meta{ID: "NC"}, Name: "New Caledonia", NameFR: "Nouvelle-Calédonie", Kind: "territory", Parent: "FR"},
			{Meta: dataset.Meta{ID: "FR"}, Name: "France", Kind: "country"}, {Meta: dataset.Meta{ID: "AZ"}, Name: "Azerbaijan", Kind: "country"}},
	}
	d.Index()
	return d
}

func TestWrite(t *testing.T) {
	dest := t.TempDir()
	log := &history.Log{Changes: []history.Change{{Commit: "abc123", Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Subject: "Add op",
		Paths: []string{"data/campaigns/op.yaml", "data/sources/s.yaml", "data/README.md"}, Status: []byte("AMA")}}}
	if err := Write(smallData(), dest, Options{Schemas: fstest.MapFS{"campaign.schema.json": {Data: []byte(`{}`)}}, History: log, Repo: "https://github.com/o/r"}); err != nil {
		t.Fatal(err)
	}
	var b struct {
		License   string           `json:"license"`
		Campaigns []map[string]any `json:"campaigns"`
	}
	mustJSON(t, filepath.Join(dest, "data", "interference-watch.json"), &b)
	if b.License != License || len(b.Campaigns) != 1 || b.Campaigns[0]["id"] != "op" || b.Campaigns[0]["first_seen"].(map[string]any)["date"] != "2023-07" {
		t.Errorf("bundle = %+v", b)
	}
	// Each record sits beside its page, technique and place ids lowercased
	// as their page folders are.
	var one map[string]any
	mustJSON(t, filepath.Join(dest, "campaigns", "op.json"), &one)
	if one["name"] != "=HYPERLINK(\"x\")" {
		t.Errorf("campaign json = %v", one)
	}
	for _, p := range []string{"sources/s.json", "techniques/t0049.001.json", "places/nc.json", "schemas/campaign.schema.json", "data/interference-watch.stix.json"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Error(err)
		}
	}
	rows := readCSV(t, filepath.Join(dest, "data", "campaigns.csv"))
	if len(rows) != 2 {
		t.Fatalf("campaigns.csv rows = %v", rows)
	}
	col := columns(rows[0])
	if got := rows[1][col["name"]]; got != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula not neutralised: %q", got)
	}
	if got := rows[1][col["attributed_by"]]; got != "o; p" {
		t.Errorf("attributed_by = %q", got)
	}
	if got := rows[1][col["name_fr"]]; got != "Opération « Bakou » en Nouvelle-Calédonie" {
		t.Errorf("name_fr = %q", got)
	}
	attr := readCSV(t, filepath.Join(dest, "data", "attributions.csv"))
	if len(attr) != 3 || attr[1][columns(attr[0])["confidence"]] != "high" || attr[2][columns(attr[0])["by"]] != "p" {
		t.Errorf("attributions.csv = %v", attr)
	}
	var cl ChangeLog
	mustJSON(t, filepath.Join(dest, "data", "changes.json"), &cl)
	want := ChangeLog{Changes: []ChangeEntry{{Commit: "abc123", Date: "2026-01-02T03:04:05Z", Subject: "Add op", URL: "https://github.com/o/r/commit/abc123",
		Records: []RecordChange{{"campaign", "op", "added"}, {"source", "s", "modified"}}}}}
	if !reflect.DeepEqual(cl, want) {
		t.Errorf("changes.json = %+v, want %+v", cl, want)
	}
}

// TestRoundTrip loads the real data, exports it and reads the JSON
// download back: it must give the same records.
func TestRoundTrip(t *testing.T) {
	d := realData(t)
	dest := t.TempDir()
	if err := Write(d, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	var b Bundle
	mustJSON(t, filepath.Join(dest, "data", "interference-watch.json"), &b)
	if b.License != License || b.LicenseURL != LicenseURL {
		t.Errorf("licence = %q %q", b.License, b.LicenseURL)
	}
	same(t, "campaigns", d.Campaigns, b.Campaigns)
	same(t, "actors", d.Actors, b.Actors)
	same(t, "organizations", d.Organizations, b.Organizations)
	same(t, "sources", d.Sources, b.Sources)
	same(t, "techniques", d.Techniques, b.Techniques)
	same(t, "places", d.Places, b.Places)
	// Every record's own file is the same record.
	for _, c := range d.Campaigns {
		var got dataset.Campaign
		mustJSON(t, filepath.Join(dest, filepath.FromSlash(RecordPath(dataset.KindCampaign, c.ID))), &got)
		want := *c
		unexported(reflect.ValueOf(&want).Elem())
		if !reflect.DeepEqual(&got, &want) {
			t.Errorf("%s.json differs from the record", c.ID)
		}
	}
}

// same compares records with what the downloads leave out by design
// (fields tagged json:"-": file paths, translation stamps) cleared.
func same[T any](t *testing.T, kind string, want, got []*T) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d records exported, %d read back", kind, len(want), len(got))
	}
	for i := range want {
		w := *want[i]
		unexported(reflect.ValueOf(&w).Elem())
		if !reflect.DeepEqual(&w, got[i]) {
			wj, _ := json.Marshal(&w)
			gj, _ := json.Marshal(got[i])
			t.Errorf("%s[%d] differs after the round trip:\n want %s\n got  %s", kind, i, wj, gj)
		}
	}
}

// TestCSVReadBack reads every CSV of the real data back with encoding/csv:
// one row per record, the same number of cells in every row, non-ASCII
// text intact, and every cell as the data has it (bar the formula guard).
func TestCSVReadBack(t *testing.T) {
	d := realData(t)
	dest := t.TempDir()
	if err := Write(d, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	nonASCII := 0
	for _, tab := range Tables(d) {
		rows := readCSV(t, filepath.Join(dest, "data", tab.Name+".csv"))
		if !reflect.DeepEqual(rows[0], tab.Columns) {
			t.Errorf("%s.csv header = %v", tab.Name, rows[0])
		}
		if len(rows)-1 != len(tab.Rows) {
			t.Fatalf("%s.csv has %d rows, want %d", tab.Name, len(rows)-1, len(tab.Rows))
		}
		for i, r := range tab.Rows {
			for j, cell := range r {
				if got := rows[i+1][j]; got != SafeCell(cell) {
					t.Errorf("%s.csv row %d %s = %q, want %q", tab.Name, i+1, tab.Columns[j], got, cell)
				}
				if strings.ContainsFunc(cell, func(r rune) bool { return r > 127 }) {
					nonASCII++
				}
			}
		}
	}
	if nonASCII == 0 {
		t.Error("the real data has French names, yet no CSV cell kept a non-ASCII character")
	}
	rows := readCSV(t, filepath.Join(dest, "data", "places.csv"))
	found := false
	for _, r := range rows {
		found = found || (r[0] == "NC" && r[2] == "Nouvelle-Calédonie")
	}
	if !found {
		t.Error("places.csv lost Nouvelle-Calédonie")
	}
}

// TestColumnsDocumented keeps the data page in step with the CSV files:
// in both languages, each table has its own section ("### name.csv") that
// names every one of its columns.
func TestColumnsDocumented(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		page, err := os.ReadFile(filepath.Join("..", "..", "content", lang, "data.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tab := range Tables(&dataset.Dataset{}) {
			if !bytes.Contains(page, []byte("](/data/"+tab.Name+".csv)")) {
				t.Errorf("content/%s/data.md does not link %s.csv", lang, tab.Name)
			}
			_, section, ok := strings.Cut(string(page), "\n### "+tab.Name+".csv\n")
			if !ok {
				t.Errorf("content/%s/data.md has no section for %s.csv", lang, tab.Name)
				continue
			}
			if end := strings.Index(section, "\n#"); end >= 0 {
				section = section[:end]
			}
			for _, c := range tab.Columns {
				if !strings.Contains(section, "| `"+c+"` |") {
					t.Errorf("content/%s/data.md does not document column `%s` of %s.csv", lang, c, tab.Name)
				}
			}
		}
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+33 1": "'+33 1", "-x": "'-x", "@SUM": "'@SUM", "\tx": "'\tx",
		"Bakou": "Bakou", "": "", "Nouvelle-Calédonie": "Nouvelle-Calédonie"} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(BOM)) {
		t.Errorf("%s does not start with a UTF-8 byte-order mark", path)
	}
	if lf := bytes.Count(b, []byte("\n")); lf == 0 || lf != bytes.Count(b, []byte("\r\n")) {
		t.Errorf("%s: %d line ends, %d of them CRLF; RFC 4180 wants CRLF", path, lf, bytes.Count(b, []byte("\r\n")))
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(BOM)))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func columns(header []string) map[string]int {
	m := map[string]int{}
	for i, h := range header {
		m[h] = i
	}
	return m
}

func mustJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// TestRecordsMatchPublishedSchemas checks every exported record of the
// real data against the JSON Schema of its kind that the site publishes:
// a record's JSON is its data file's fields plus its id.
func TestRecordsMatchPublishedSchemas(t *testing.T) {
	d := realData(t)
	var kinds []string
	for _, k := range dataset.Kinds {
		kinds = append(kinds, string(k))
	}
	set, err := schema.CompileFS(publishedSchemas(t), kinds)
	if err != nil {
		t.Fatal(err)
	}
	check := func(kind dataset.Kind, id string, rec any) {
		t.Helper()
		data, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		if v["id"] != id {
			t.Errorf("%s %s: exported id %v", kind, id, v["id"])
		}
		for _, viol := range set.Validate(string(kind), v) {
			t.Errorf("%s %s: %+v", kind, id, viol)
		}
	}
	n := 0
	for _, r := range d.Campaigns {
		check(dataset.KindCampaign, r.ID, r)
		n++
	}
	for _, r := range d.Actors {
		check(dataset.KindActor, r.ID, r)
	}
	for _, r := range d.Organizations {
		check(dataset.KindOrganization, r.ID, r)
	}
	for _, r := range d.Sources {
		check(dataset.KindSource, r.ID, r)
	}
	for _, r := range d.Techniques {
		check(dataset.KindTechnique, r.ID, r)
	}
	for _, r := range d.Places {
		check(dataset.KindPlace, r.ID, r)
	}
	// The check is not vacuous: a record missing a required field fails.
	if len(set.Validate("campaign", map[string]any{"name": "x"})) == 0 {
		t.Error("the campaign schema accepts a campaign without its required fields")
	}
	if n == 0 {
		t.Error("no campaign checked")
	}
}

// publishedSchemas are the schemas as the site publishes them.
func publishedSchemas(t *testing.T) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(schema.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(schema.FS(), p)
		if err != nil {
			return err
		}
		if data, err = PublishedSchema(p, data); err != nil {
			return err
		}
		out[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPublishedSchemaRequiresID: a published record without its id, or
// with a malformed one, fails the published schema.
func TestPublishedSchemaRequiresID(t *testing.T) {
	set, err := schema.CompileFS(publishedSchemas(t), []string{"place"})
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]any{"id": "FR", "name": "France", "kind": "country"}
	if v := set.Validate("place", ok); len(v) > 0 {
		t.Errorf("valid place rejected: %+v", v)
	}
	for _, bad := range []map[string]any{{"name": "France", "kind": "country"}, {"id": "france", "name": "France", "kind": "country"}} {
		if len(set.Validate("place", bad)) == 0 {
			t.Errorf("%v accepted", bad)
		}
	}
}

// unexported sets every field tagged json:"-" in v, at any depth, to its
// zero value; v is a copy, so shared slices are copied before they change.
func unexported(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			c := reflect.New(v.Elem().Type())
			c.Elem().Set(v.Elem())
			unexported(c.Elem())
			v.Set(c)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Tag.Get("json") == "-" {
				v.Field(i).SetZero()
				continue
			}
			unexported(v.Field(i))
		}
	case reflect.Slice:
		if !v.IsNil() {
			c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(c, v)
			for i := 0; i < c.Len(); i++ {
				unexported(c.Index(i))
			}
			v.Set(c)
		}
	}
}
