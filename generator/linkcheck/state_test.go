package linkcheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

// mustState loads the state at path, or an empty in-temp-dir state when
// path is "".
func mustState(t *testing.T, path string) *State {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "link-status.json")
	}
	st, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// clock is a settable Config.Now.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestStateSavedAtomicallyAndReused(t *testing.T) {
	pub, arc := newPublisher(t), newArchive(t)
	clk := &clock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	cfg := Config{Fetcher: mustFetcher(t), Wayback: arc.URL + "/wayback/available", Now: clk.Now, Recheck: 24 * time.Hour}
	sources := []*dataset.Source{source("live", pub.URL+"/live", ""), source("missing", pub.URL+"/missing", "https://web.archive.org/web/2024/x")}
	path := filepath.Join(t.TempDir(), ".cache", "link-status.json")
	st := mustState(t, path)
	mustCheck(t, cfg, st, sources...)
	mustSave(t, st)
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	clk.now = clk.now.Add(time.Hour)
	st = mustState(t, path)
	r := mustCheck(t, cfg, st, sources...)
	mustSave(t, st)
	got := byID(r)
	if res := got["live"]; res.Fresh || pub.count("/live") != 1 || res.Link.Archive == "" {
		t.Errorf("live link: fresh %v, fetched %d times, archive %q; want reused, once, kept", res.Fresh, pub.count("/live"), res.Link.Archive)
	}
	if n := len(arc.asked()); n != 1 {
		t.Errorf("archive asked %d times, want 1 (the answer is reused)", n)
	}
	dead := got["missing"]
	if dead.Link.Verdict != Dead {
		t.Errorf("a link missing on two runs is %s, want dead", dead.Link.Verdict)
	}
	if !dead.Fresh || pub.count("/missing") != 2 || !dead.Link.DeadSince.Equal(clk.now.Add(-time.Hour)) {
		t.Errorf("dead link: fresh %v, fetched %d times, dead since %v; want refetched, twice, since the first run", dead.Fresh, pub.count("/missing"), dead.Link.DeadSince)
	}

	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, after) {
		t.Error("state file rewritten in place, not replaced by rename")
	}
	if after.Mode().Perm() != 0o644 {
		t.Errorf("state file mode %v, want 0644", after.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("state folder holds %d entries, want 1 (temp file left behind?)", len(entries))
	}
	var doc stateDoc
	if err := json.Unmarshal(mustRead(t, path), &doc); err != nil || len(doc.Links) != 2 {
		t.Errorf("state file: %v, %d links", err, len(doc.Links))
	}
}

func TestStateForgetsLinksNoLongerCited(t *testing.T) {
	pub := newPublisher(t)
	cfg := Config{Fetcher: mustFetcher(t)}
	st := mustState(t, "")
	mustCheck(t, cfg, st, source("a", pub.URL+"/live", "x"), source("b", pub.URL+"/missing", "x"))
	mustCheck(t, cfg, st, source("a", pub.URL+"/live", "x"))
	if l := st.Link(pub.URL + "/missing"); l.Verdict != "" {
		t.Errorf("link of a removed source still in state: %+v", l)
	}
}

func TestLoadState(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content, wantErr string
	}{
		{"missing file", "", ""},
		{"corrupt", "{not json", "corrupt file"},
		{"other version", `{"version": 9, "links": {}}`, "version 9"},
		{"good", `{"version": 1, "links": {"https://a.example/": {"verdict": "dead", "status": 410}}}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if tc.content != "" {
				if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			st, err := LoadState(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "good" && st.Link("https://A.example").Status != 410 {
				t.Errorf("link not found under another spelling of its URL: %+v", st.Link("https://A.example"))
			}
		})
	}
}

func mustSave(t *testing.T, st *State) {
	t.Helper()
	if err := st.Save(); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
