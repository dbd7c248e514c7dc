package validate

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"
)

// TestRerunIsRun edits a copy of the project's data, campaigns only and
// then the other kinds, and checks after each edit that Rerun reports
// exactly the problems a fresh Run reports, lines included: a rerun after
// an edit of campaigns only reuses the other records' checks.
func TestRerunIsRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "data"), os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	opts := Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	_, _, kept, err := RunKept(os.DirFS(dir), "data", opts)
	if err != nil {
		t.Fatal(err)
	}
	set := func(rel, pattern, to string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		after := regexp.MustCompile(pattern).ReplaceAll(b, []byte(to))
		if string(after) == string(b) {
			t.Fatalf("the edit of %s changes nothing", rel)
		}
		if err := os.WriteFile(p, after, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const big = "data/campaigns/big-french-overseas-territories.yaml"
	const source = "data/sources/next-ink-2024-viginum-big.yaml"
	for _, step := range []struct {
		name     string
		edit     func()
		changed  []string
		problems bool
	}{
		{"a campaign renamed", func() { set(big, `(?m)^name: .*$`, "name: Renamed") }, []string{big}, false},
		{"a campaign citing an unknown source", func() { set(big, `\[@next-ink-2024-viginum-big`, "[@no-such-source") }, []string{big}, true},
		{"a new campaign with mistakes", func() {
			if err := os.WriteFile(filepath.Join(dir, "data", "campaigns", "new-op.yaml"), []byte("name: New\nstatus: ended\nfirst_seen: {date: \"2099\", source: nope}\nsummary: No citation.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, []string{"data/campaigns/new-op.yaml"}, true},
		{"a cited source made unreviewed", func() { set(source, `(?m)^status: .*$`, "status: unreviewed") }, []string{source}, true},
		{"a campaign edited after that", func() { set(big, `(?m)^name: .*$`, "name: Renamed again") }, []string{big}, true},
		{"the source and the campaigns fixed", func() {
			set(source, `(?m)^status: .*$`, "status: reviewed")
			set(big, `\[@no-such-source`, "[@next-ink-2024-viginum-big")
			if err := os.Remove(filepath.Join(dir, "data", "campaigns", "new-op.yaml")); err != nil {
				t.Fatal(err)
			}
		}, []string{source, big, "data/campaigns/new-op.yaml"}, false},
	} {
		step.edit()
		var got []any
		_, probs, next := kept.Rerun(step.changed)
		kept = next
		_, want, err := Run(os.DirFS(dir), "data", opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			got = append(got, p)
		}
		var wantAny []any
		for _, p := range want {
			wantAny = append(wantAny, p)
		}
		if !reflect.DeepEqual(got, wantAny) {
			t.Errorf("%s: Rerun's problems differ from Run's:\n got %v\nwant %v", step.name, probs, want)
		}
		if (len(want) > 0) != step.problems {
			t.Errorf("%s: %d problems, want some: %v", step.name, len(want), step.problems)
		}
	}
}
