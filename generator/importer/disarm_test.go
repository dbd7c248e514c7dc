package importer

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/validate"
)

// refBundle is the real DISARM bundle, present only next to the project.
var refBundle = filepath.Join("..", "..", "..", "shared", "ref", "disarm", "DISARM.json")

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// mustRefBundle reads the real bundle or skips the test.
func mustRefBundle(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(refBundle)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not present", refBundle)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t *testing.T, data []byte) *Framework {
	t.Helper()
	f, err := ParseDISARM(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestParseDISARMFixture(t *testing.T) {
	f := mustParse(t, mustReadFile(t, "testdata/mini-disarm.json"))
	want := []Technique{
		{ID: "T0001", Name: "Plan the Message", Tactic: "TA01", URL: "https://example.org/techniques/T0001.md"},
		{ID: "T0002.001", Name: `Repeat "Grassroots" Claims: Part/Whole`, Tactic: "TA17", URL: "https://example.org/techniques/T0002.001.md"},
		{ID: "T0003", Name: "Unsafe Link", Tactic: "TA17"},
	}
	if !slices.Equal(f.Techniques, want) {
		t.Errorf("techniques:\n got %+v\nwant %+v", f.Techniques, want)
	}
	wantSkipped := map[string]int{SkipRevoked: 1, SkipDeprecated: 1, SkipNoID: 2, SkipNoTactic: 1, SkipDuplicate: 1, SkipNoName: 1}
	if !maps.Equal(f.Skipped, wantSkipped) {
		t.Errorf("skipped = %v, want %v", f.Skipped, wantSkipped)
	}
	if f.AttackPatterns != 10 {
		t.Errorf("attack-patterns = %d, want 10", f.AttackPatterns)
	}
}

func TestParseDISARMRejects(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"not JSON", "<html>", "read STIX bundle"},
		{"not a bundle", `{"type": "attack-pattern", "objects": []}`, "want a bundle"},
		{"no techniques", `{"type": "bundle", "objects": [{"type": "identity"}]}`, "no usable technique"},
		{"only skipped techniques", `{"type": "bundle", "objects": [{"type": "attack-pattern", "name": "x", "revoked": true}]}`, "no usable technique"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDISARM([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestParseDISARMReal(t *testing.T) {
	f := mustParse(t, mustRefBundle(t))
	if f.AttackPatterns != 391 || len(f.Techniques) != 391 || len(f.Skipped) != 0 {
		t.Fatalf("attack-patterns %d, techniques %d, skipped %v; want 391, 391, none",
			f.AttackPatterns, len(f.Techniques), f.Skipped)
	}
	byID := map[string]Technique{}
	for _, tc := range f.Techniques {
		byID[tc.ID] = tc
		if !tacticID.MatchString(tc.Tactic) || !strings.HasSuffix(tc.URL, "/"+tc.ID+".md") {
			t.Errorf("%s: tactic %q, url %q", tc.ID, tc.Tactic, tc.URL)
		}
	}
	for id, tactic := range map[string]string{"T0049": "TA17", "T0097.102": "TA16", "T0002": "TA02"} {
		if byID[id].Tactic != tactic {
			t.Errorf("%s: tactic %q, want %s", id, byID[id].Tactic, tactic)
		}
	}
}

func TestImportRealBundleValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and validates 391 files")
	}
	f := mustParse(t, mustRefBundle(t))
	root := t.TempDir()
	dir := filepath.Join(root, "data", "techniques")
	start := time.Now()
	r, err := Write(dir, f.Techniques)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first import of %d techniques: %v", len(f.Techniques), time.Since(start))
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Created) != 391 || len(files) != 391 {
		t.Fatalf("created %d, files %d, want 391 each", len(r.Created), len(files))
	}
	_, probs, err := validate.Run(os.DirFS(root), "data", validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
	r, err = Write(dir, f.Techniques)
	if err != nil || len(r.Unchanged) != 391 {
		t.Fatalf("second import: unchanged %d, err %v; want 391, nil", len(r.Unchanged), err)
	}
}
