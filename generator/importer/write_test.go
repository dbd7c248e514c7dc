package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	plan  = Technique{ID: "T0001", Name: "Plan the Message", Tactic: "TA01", URL: "https://example.org/T0001.md"}
	quote = Technique{ID: "T0002.001", Name: `Say "Hi": Now`, Tactic: "TA17"}
)

// mustWrite imports ts into dir and fails on any error.
func mustWrite(t *testing.T, dir string, ts ...Technique) *Result {
	t.Helper()
	r, err := Write(dir, ts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustWriteFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteNewFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		tech Technique
		want string
	}{
		{"with url", plan, SchemaLine + "\n" + `name: "Plan the Message"
tactic: TA01
url: https://example.org/T0001.md
`},
		{"quotes and no url", quote, SchemaLine + "\n" + `name: "Say \"Hi\": Now"
tactic: TA17
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "techniques")
			r := mustWrite(t, dir, tc.tech)
			if !slices.Equal(r.Created, []string{tc.tech.ID}) {
				t.Errorf("created = %v", r.Created)
			}
			if got := string(mustReadFile(t, filepath.Join(dir, tc.tech.ID+".yaml"))); got != tc.want {
				t.Errorf("file:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// handEdited is plan's file after a maintainer added a comment and a
// field of their own.
const handEdited = SchemaLine + `
# Reviewed against the VIGINUM report.
name: "Plan the Message"
tactic: TA01 # hand comment
url: https://example.org/T0001.md
name_fr: "Planifier le message"
`

func TestWriteMergesExistingFiles(t *testing.T) {
	retactic := Technique{ID: "T0001", Name: plan.Name, Tactic: "TA02", URL: plan.URL}
	noURL := Technique{ID: "T0001", Name: plan.Name, Tactic: "TA01"}
	for _, tc := range []struct {
		name    string
		old     string
		tech    Technique
		outcome func(*Result) []string
		want    string
	}{
		{"nothing changed upstream", handEdited, plan, func(r *Result) []string { return r.Unchanged }, handEdited},
		{"tactic changed upstream", handEdited, retactic, func(r *Result) []string { return r.Updated },
			strings.Replace(handEdited, "TA01", "TA02", 1)},
		{"url missing upstream keeps the file's", handEdited, noURL, func(r *Result) []string { return r.Unchanged }, handEdited},
		{"url missing in file is inserted after tactic", "name: Plan the Message\ntactic: TA01\nnote: x\n", plan,
			func(r *Result) []string { return r.Updated },
			"name: Plan the Message\ntactic: TA01\nurl: https://example.org/T0001.md\nnote: x\n"},
		{"reviewed file untouched", "name: Old\ntactic: TA09\nstatus: reviewed\n", plan,
			func(r *Result) []string { return r.Reviewed }, "name: Old\ntactic: TA09\nstatus: reviewed\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.tech.ID+".yaml")
			mustWriteFile(t, path, tc.old)
			r := mustWrite(t, dir, tc.tech)
			if got := tc.outcome(r); !slices.Equal(got, []string{tc.tech.ID}) {
				t.Errorf("outcome list = %v, result %+v", got, r)
			}
			if got := string(mustReadFile(t, path)); got != tc.want {
				t.Errorf("file:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestSecondImportWritesNothing(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, plan, quote)
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	before := map[string]string{}
	for _, id := range []string{plan.ID, quote.ID} {
		p := filepath.Join(dir, id+".yaml")
		before[id] = string(mustReadFile(t, p))
		if err := os.Chtimes(p, past, past); err != nil {
			t.Fatal(err)
		}
	}
	r := mustWrite(t, dir, plan, quote)
	if len(r.Unchanged) != 2 || len(r.Created)+len(r.Updated) != 0 {
		t.Fatalf("second import: %+v", r)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries, want 2 (a temp file left behind?)", len(entries))
	}
	for id, text := range before {
		p := filepath.Join(dir, id+".yaml")
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(past) || string(mustReadFile(t, p)) != text {
			t.Errorf("%s was rewritten", id)
		}
	}
}

func TestWriteCarriesOnPastBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"T0001.yaml": "name: [unclosed\n",
		"T0009.yaml": "name: Local\ntactic: TA01\n",
	} {
		mustWriteFile(t, filepath.Join(dir, name), text)
	}
	r, err := Write(dir, []Technique{plan, quote, {ID: "../T0003", Name: "Escape", Tactic: "TA01"}})
	if err == nil || !strings.Contains(err.Error(), "T0001.yaml") {
		t.Errorf("err = %v, want one naming T0001.yaml", err)
	}
	if !slices.Equal(r.Failed, []string{"../T0003", "T0001"}) || !slices.Equal(r.Created, []string{"T0002.001"}) ||
		!slices.Equal(r.LocalOnly, []string{"T0009"}) {
		t.Errorf("result = %+v", r)
	}
	if got := string(mustReadFile(t, filepath.Join(dir, "T0001.yaml"))); got != "name: [unclosed\n" {
		t.Errorf("broken file changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "T0003.yaml")); err == nil {
		t.Error("a file was written outside the folder")
	}
}

func TestImportStoresNoDescription(t *testing.T) {
	f := mustParse(t, mustReadFile(t, "testdata/mini-disarm.json"))
	dir := t.TempDir()
	mustWrite(t, dir, f.Techniques...)
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != len(f.Techniques) {
		t.Fatalf("%d files for %d techniques", len(files), len(f.Techniques))
	}
	for _, p := range files {
		if strings.Contains(string(mustReadFile(t, p)), "FIXTURE-PROSE") {
			t.Errorf("%s holds DISARM's description text", p)
		}
	}
}
