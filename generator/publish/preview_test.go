package publish

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fixture"
)

// TestSessionPreviews edits records through Preview and checks that each
// previewed page is, byte for byte, the page a full build of the edited
// project publishes; that invalid data and what Preview cannot show write
// nothing; that Build then checks the previews against Hugo's pages and
// turns previews off when one differs; and that the folder ends as a
// full build's.
func TestSessionPreviews(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the committed data several times")
	}
	root := fixture.Project(t, "../..", "../../data")
	var log bytes.Buffer
	cfg := Config{Root: root, Out: filepath.Join(root, "public"), Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Log: &log}
	s, _, err := StartSession(cfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	setLine := func(rel, key, value string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		old, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := regexp.MustCompile(`(?m)^`+key+`: .*$`).ReplaceAllString(string(old), key+": "+value)
		if text == string(old) {
			t.Fatalf("the edit of %s changes nothing", rel)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	served := func(out string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(s.Dir(), filepath.FromSlash(out)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// preview previews one edit and compares its pages with a full build's.
	preview := func(what, rel string, want ...string) {
		t.Helper()
		rep, err := s.Preview([]string{rel})
		if err != nil {
			t.Fatalf("%s: Preview = %v", what, err)
		}
		if strings.Join(rep.Previews, " ") != strings.Join(want, " ") {
			t.Fatalf("%s: previewed %v, want %v", what, rep.Previews, want)
		}
		linked, err := s.PreviewLinked()
		if err != nil {
			t.Fatalf("%s: PreviewLinked = %v", what, err)
		}
		if linked.Pages == 0 {
			t.Errorf("%s: no page of a linked record was previewed", what)
		}
		full := t.TempDir()
		if _, err := BuildInto(cfg, full); err != nil {
			t.Fatal(err)
		}
		for _, out := range append(want, linked.Previews...) {
			wantPage, err := os.ReadFile(filepath.Join(full, filepath.FromSlash(out)))
			if err != nil {
				t.Fatal(err)
			}
			if got := served(out); !bytes.Equal(got, wantPage) {
				t.Errorf("%s: the preview of %s differs from a full build's page (%s)", what, out, firstDifference(got, wantPage))
			}
		}
	}
	build := func(what string) {
		t.Helper()
		if _, err := s.Build(); err != nil {
			t.Fatalf("%s: Build = %v", what, err)
		}
		if why := s.NoPreview(); why != "" {
			t.Fatalf("%s: %s\n%s", what, why, log.String())
		}
	}

	setLine("data/campaigns/macron-leaks-2017.yaml", "name", "Macron Leaks, renamed")
	preview("a campaign renamed", "data/campaigns/macron-leaks-2017.yaml",
		"campaigns/macron-leaks-2017/index.html", "fr/campaigns/macron-leaks-2017/index.html")
	// Edited again before any build: reframed from the preview itself.
	setLine("data/campaigns/macron-leaks-2017.yaml", "name", `"Macron Leaks & the <renamed> one + 'more'"`)
	preview("the campaign renamed again", "data/campaigns/macron-leaks-2017.yaml",
		"campaigns/macron-leaks-2017/index.html", "fr/campaigns/macron-leaks-2017/index.html")
	build("after the campaign's previews")

	setLine("data/sources/20-minutes-2017-equipe-macron-piratage.yaml", "title", `"A source retitled"`)
	preview("a source retitled", "data/sources/20-minutes-2017-equipe-macron-piratage.yaml",
		"sources/20-minutes-2017-equipe-macron-piratage/index.html", "fr/sources/20-minutes-2017-equipe-macron-piratage/index.html")
	setLine("data/actors/african-initiative.yaml", "name", "African Initiative, renamed")
	preview("an actor renamed", "data/actors/african-initiative.yaml",
		"actors/african-initiative/index.html", "fr/actors/african-initiative/index.html")
	build("after the source's and the actor's previews")

	// Invalid data: the problems, and nothing written.
	before := served("campaigns/haienergy/index.html")
	setLine("data/campaigns/haienergy.yaml", "first_seen", `"2099-13"`)
	var inv *InvalidError
	if _, err := s.Preview([]string{"data/campaigns/haienergy.yaml"}); !errors.As(err, &inv) {
		t.Fatalf("an invalid edit: Preview = %v, want the problems", err)
	}
	if !bytes.Equal(served("campaigns/haienergy/index.html"), before) {
		t.Error("an invalid edit changed the served page")
	}
	if _, err := s.Build(); !errors.As(err, &inv) {
		t.Errorf("Build of invalid data = %v, want the problems", err)
	}
	setLine("data/campaigns/haienergy.yaml", "first_seen", `{date: "2022", source: mandiant-2022-haienergy}`)
	setLine("data/campaigns/haienergy.yaml", "name", "HaiEnergy, fixed")
	preview("the invalid edit fixed", "data/campaigns/haienergy.yaml",
		"campaigns/haienergy/index.html", "fr/campaigns/haienergy/index.html")
	build("after the fix")

	// What has no page of its own waits for Build.
	for _, changed := range [][]string{{"content/en/about.md"}, {"data/campaigns/haienergy.yaml", "site/hugo.toml"}, {"data/leads/x.yaml"}} {
		if _, err := s.Preview(changed); !errors.Is(err, ErrNoPreview) {
			t.Errorf("Preview(%v) = %v, want ErrNoPreview", changed, err)
		}
	}

	// A build whose data an edit supersedes while it runs stops before it
	// changes the folder; the next one brings it up to date.
	setLine("data/actors/african-initiative.yaml", "name", "African Initiative, renamed again")
	if _, err := s.Preview([]string{"data/actors/african-initiative.yaml"}); err != nil {
		t.Fatal(err)
	}
	tree := fixture.HashTree(t, s.Dir())
	s.onBuild = s.Supersede
	if _, err := s.Build(); !errors.Is(err, ErrSuperseded) {
		t.Errorf("Build superseded while it ran = %v, want ErrSuperseded", err)
	}
	s.onBuild = nil
	if fixture.HashTree(t, s.Dir()) != tree {
		t.Error("a superseded build changed the folder")
	}
	build("after a superseded build")

	full := t.TempDir()
	if _, err := BuildInto(cfg, full); err != nil {
		t.Fatal(err)
	}
	if diff := compareTrees(t, full, s.Dir()); diff != "" {
		t.Errorf("after the previews and builds, the session's folder differs from a full build:\n%s", diff)
	}

	// A preview that is not Hugo's page turns previews off at the next
	// build, which leaves Hugo's page.
	setLine("data/campaigns/haienergy.yaml", "name", "HaiEnergy, once more")
	if _, err := s.Preview([]string{"data/campaigns/haienergy.yaml"}); err != nil {
		t.Fatal(err)
	}
	out := "campaigns/haienergy/index.html"
	s.mu.Lock()
	pv := s.previews[out]
	pv.out = bytes.Replace(pv.out, []byte("HaiEnergy, once more"), []byte("Not what Hugo renders"), 1)
	s.previews[out] = pv
	s.mu.Unlock()
	if _, err := s.Build(); err != nil {
		t.Fatal(err)
	}
	if why := s.NoPreview(); !strings.Contains(why, out) {
		t.Errorf("a wrong preview left previews on (%q)", why)
	}
	if !strings.Contains(log.String(), "previews are off") {
		t.Errorf("the log does not say previews are off:\n%s", log.String())
	}
	if _, err := s.Preview([]string{"data/campaigns/haienergy.yaml"}); !errors.Is(err, ErrNoPreview) {
		t.Errorf("Preview after previews were turned off = %v, want ErrNoPreview", err)
	}
}
