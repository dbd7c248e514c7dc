package validate

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

var update = flag.Bool("update", false, "rewrite the want.txt golden files")

var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestFixtures validates every dataset under testdata/ and compares the
// problems with its want.txt: "valid" must have none, every other case at
// least one, each located.
func TestFixtures(t *testing.T) {
	cases, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata", c.Name())
			_, probs, err := Run(os.DirFS(dir), "data", Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, p := range probs {
				b.WriteString(p.String() + "\n")
				if p.Line < 1 || p.Path == "" {
					t.Errorf("problem not located: %+v", p)
				}
			}
			if c.Name() == "valid" && len(probs) > 0 {
				t.Fatalf("valid fixture has problems:\n%s", b.String())
			}
			if c.Name() != "valid" && len(probs) == 0 {
				t.Fatal("no problem found")
			}
			golden := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("problems differ from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// TestRealData checks that the committed data/ validates clean.
func TestRealData(t *testing.T) {
	_, probs, err := Run(os.DirFS("../.."), "data", Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p.String())
	}
}

func TestProblemsAreSortedAndComplete(t *testing.T) {
	_, probs, err := Run(os.DirFS("testdata/many-mistakes"), "data", Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for i, p := range probs {
		files[p.Path] = true
		if i > 0 && dataset.SortProblems([]dataset.Problem{p, probs[i-1]})[0].String() != probs[i-1].String() {
			t.Errorf("not sorted at %d: %s before %s", i, probs[i-1], p)
		}
	}
	if len(files) < 3 {
		t.Errorf("want problems in 3 files at once, got %v", files)
	}
}
