//go:build unix

package dataset

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReloadIsLoad applies a sequence of edits to a copy of the project's
// data and checks, after each, that Reload of the files it touched gives
// exactly what a fresh Load gives: the same records and problems.
func TestReloadIsLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "data"), os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	schemas, err := NewSchemas()
	if err != nil {
		t.Fatal(err)
	}
	l := Loader{FS: os.DirFS(dir), Root: "data", Schemas: schemas}
	_, _, kept := l.Keep()
	path := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	write := func(p, s string) func() {
		return func() {
			if err := os.MkdirAll(filepath.Dir(path(p)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path(p), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(p string) func() {
		return func() {
			if err := os.RemoveAll(path(p)); err != nil {
				t.Fatal(err)
			}
		}
	}
	big, err := os.ReadFile(path("data/campaigns/big-french-overseas-territories.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name    string
		edit    []func()
		changed []string
	}{
		{"rename a campaign", []func(){write("data/campaigns/big-french-overseas-territories.yaml", string(regexp.MustCompile(`(?m)^name: .*$`).ReplaceAll(big, []byte("name: Renamed"))))}, []string{"data/campaigns/big-french-overseas-territories.yaml"}},
		{"a new campaign with mistakes", []func(){write("data/campaigns/new-op.yaml", "name: New\nstatus: reviewd\natributions: []\n")}, []string{"data/campaigns/new-op.yaml"}},
		{"a duplicate id", []func(){write("data/campaigns/new-op.yml", "name: Same\n")}, []string{"data/campaigns/new-op.yml"}},
		{"a broken file", []func(){write("data/campaigns/new-op.yml", "name: [\n")}, []string{"data/campaigns/new-op.yml"}},
		{"a stray file and a subfolder", []func(){write("data/campaigns/notes.YAML", "x: 1\n"), write("data/campaigns/sub/op.yaml", "name: x\n")},
			[]string{"data/campaigns/notes.YAML", "data/campaigns/sub/op.yaml", "data/campaigns/sub"}},
		{"a hidden file", []func(){write("data/campaigns/.op.yaml.swp", "junk")}, []string{"data/campaigns/.op.yaml.swp"}},
		{"a removed source others cite", []func(){remove("data/sources/next-ink-2024-viginum-big.yaml")}, []string{"data/sources/next-ink-2024-viginum-big.yaml"}},
		{"the mistakes undone", []func(){remove("data/campaigns/new-op.yml"), remove("data/campaigns/new-op.yaml"), remove("data/campaigns/notes.YAML"), remove("data/campaigns/sub")},
			[]string{"data/campaigns/new-op.yml", "data/campaigns/new-op.yaml", "data/campaigns/notes.YAML", "data/campaigns/sub/op.yaml", "data/campaigns/sub"}},
		{"a file outside the kinds", []func(){write("data/notes.md", "x")}, []string{"data/notes.md"}},
	} {
		for _, e := range step.edit {
			e()
		}
		before := kept
		var got *Dataset
		var gotProbs []Problem
		got, gotProbs, kept = kept.Reload(step.changed)
		want, wantProbs := l.Load()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Reload's dataset differs from Load's", step.name)
		}
		if g, w := SortProblems(slices.Clone(gotProbs)), SortProblems(slices.Clone(wantProbs)); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Reload's problems differ from Load's:\n got %v\nwant %v", step.name, g, w)
		}
		if len(wantProbs) == 0 && step.name != "rename a campaign" && step.name != "a file outside the kinds" && step.name != "the mistakes undone" {
			t.Errorf("%s: the step makes no problem to compare", step.name)
		}
		if before == kept {
			t.Errorf("%s: Reload returned the same Kept", step.name)
		}
	}
}

func TestRecordFile(t *testing.T) {
	for p, want := range map[string]string{
		"data/campaigns/op.yaml": "campaign op", "data/places/FR.yml": "place FR", "data/leads/x.yaml": "lead x",
		"data/campaigns/.op.yaml.swp": "", "data/campaigns/op.yaml~": "", "data/campaigns/sub/op.yaml": "",
		"data/notes/op.yaml": "", "content/en/about.md": "", "data/campaigns": "",
	} {
		k, id, ok := RecordFile("data", p)
		if got := strings.TrimSpace(string(k) + " " + id); ok != (want != "") || (ok && got != want) {
			t.Errorf("RecordFile(%q) = %q, %v; want %q", p, got, ok, want)
		}
	}
}
