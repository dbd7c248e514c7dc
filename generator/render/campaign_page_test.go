package render

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/validate"
)

// TestCampaignBodyMatchesTemplate renders every campaign of the real data
// and of a hostile fixture, in both languages, with the Go writer and
// with templates/campaign.html: the two must agree, up to how each
// escapes a "+" (html/template writes &#43;).
func TestCampaignBodyMatchesTemplate(t *testing.T) {
	d, probs, err := validate.Run(os.DirFS("../.."), "data", validate.Options{Now: time.Now()})
	if err != nil || len(probs) > 0 {
		t.Fatalf("seed data: %v %v", err, probs)
	}
	hostile := facetData()
	log := history.FromChanges([]history.Change{{Commit: "0123456789abcdef", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Subject: `Fix <b>"dates"</b> & more`, Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("M")}})
	for _, set := range []struct {
		d   *dataset.Dataset
		log *history.Log
	}{{d, nil}, {hostile, log}} {
		idx := NewIndex(set.d)
		for _, lang := range []string{"en", "fr"} {
			ps, err := newPageSet(Options{Lang: lang, Strings: os.DirFS("../../site/i18n"), Repo: "https://github.com/o/r"})
			if err != nil {
				t.Fatal(err)
			}
			l := set.log
			if l == nil {
				l = &history.Log{}
			}
			r := &renderer{d: set.d, back: idx, prose: NewProse(), pages: ps, lang: lang, log: l, baseURL: "https://example.org/",
				defaultLang: "en", now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
			for _, c := range set.d.Campaigns {
				p := r.campaignParams(c)
				want, err := ps.render("campaign", p)
				if err != nil {
					t.Fatal(err)
				}
				want = strings.ReplaceAll(want, "&#43;", "+")
				if got := r.campaignBody(p); got != want {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					t.Errorf("%s %s: Go and template differ at byte %d:\n go:       %q\n template: %q", lang, c.ID, i,
						got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
				}
			}
		}
	}
}
