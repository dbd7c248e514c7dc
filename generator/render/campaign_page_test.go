package render

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/history"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/")

// TestCampaignBody renders the campaign pages of a fixture that has every
// part a campaign page can show (and markup in its text), in both
// languages, and compares them with the golden pages in testdata/, which
// a reviewer reads as the page's reference. go test -run CampaignBody
// -update rewrites them after an intended change.
func TestCampaignBody(t *testing.T) {
	d := facetData()
	log := history.FromChanges([]history.Change{{Commit: "0123456789abcdef", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Subject: `Fix <b>"dates"</b> & more`, Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("M")}})
	idx := NewIndex(d)
	for _, lang := range []string{"en", "fr"} {
		ps, err := newPageSet(Options{Lang: lang, Strings: os.DirFS("../../site/i18n"), Repo: "https://github.com/o/r"})
		if err != nil {
			t.Fatal(err)
		}
		r := &renderer{d: d, back: idx, prose: NewProse(), pages: ps, lang: lang, log: log, baseURL: "https://example.org/",
			defaultLang: "en", now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
		for _, c := range d.Campaigns {
			got := r.campaignBody(r.campaignParams(c))
			path := filepath.Join("testdata", "campaign-"+c.ID+"."+lang+".html")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s differs from the page at byte %d:\n got:  %q\n want: %q", path, i,
					got[max(0, i-80):min(len(got), i+80)], string(want[max(0, i-80):min(len(want), i+80)]))
			}
		}
		if miss := ps.Missing(); len(miss) > 0 {
			t.Errorf("%s: strings missing from site/i18n: %v", lang, miss)
		}
	}
}
