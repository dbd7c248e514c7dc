package render

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/page"
)

// matrixData is the fixture with more techniques: T0049 used by both
// campaigns, T0002 by one, T0003 and T0004 by none, and a tactic of its
// own for T0004.
func matrixData() *dataset.Dataset {
	d := facetData()
	d.Techniques = append(d.Techniques,
		&dataset.Technique{Meta: dataset.Meta{ID: "T0002", Path: "data/techniques/T0002.yaml"}, Name: "Facilitate State Propaganda", Tactic: "TA02"},
		&dataset.Technique{Meta: dataset.Meta{ID: "T0003", Path: "data/techniques/T0003.yaml"}, Name: "Leverage Existing Narratives", Tactic: "TA17"},
		&dataset.Technique{Meta: dataset.Meta{ID: "T0004", Path: "data/techniques/T0004.yaml"}, Name: "Develop Competing Narratives", Tactic: "TA14"})
	d.Campaigns[1].Techniques = []dataset.TechniqueUse{{ID: "T0049", Source: "s"}, {ID: "T0002", Source: "s"}}
	d.Index()
	return d
}

// TestMatrixFoldsUnusedTechniques checks the techniques matrix: used
// techniques first in their tactic with their count and shading step,
// unused ones folded in a <details> per tactic, a legend naming every
// step, DISARM's names marked as English on the French page.
func TestMatrixFoldsUnusedTechniques(t *testing.T) {
	pages, _ := stageBoth(t, matrixData(), nil)
	en := string(pages.files["content/techniques/_index.en.html"])
	ta17 := section(t, en, `aria-labelledby="tactic-TA17"`)
	used, folded, ok := strings.Cut(ta17, "<details>")
	if !ok {
		t.Fatalf("TA17 folds nothing:\n%s", ta17)
	}
	if !strings.Contains(used, `<li class="use-2">`) || !strings.Contains(used, "T0049") || !strings.Contains(used, `<span class="count">2 campaigns</span>`) {
		t.Errorf("TA17's used technique is not first with its count and step 2:\n%s", used)
	}
	if strings.Contains(used, "T0003") || !strings.Contains(folded, "<summary>1 technique not yet recorded</summary>") || !strings.Contains(folded, "T0003") {
		t.Errorf("TA17's unused technique is not folded under its count:\n%s", ta17)
	}
	if ta02 := section(t, en, `aria-labelledby="tactic-TA02"`); !strings.Contains(ta02, `<li class="use-1">`) || strings.Contains(ta02, "<details>") {
		t.Errorf("TA02, all used, should show T0002 at step 1 and fold nothing:\n%s", ta02)
	}
	if ta14 := section(t, en, `aria-labelledby="tactic-TA14"`); strings.Contains(ta14, `class="used"`) || !strings.Contains(ta14, "<details>") {
		t.Errorf("TA14, none used, should only fold:\n%s", ta14)
	}
	for _, want := range []string{"</span> 1 campaign</li>", "</span> 2–3 campaigns</li>", "</span> 4–9 campaigns</li>", "</span> 10 campaigns or more</li>",
		`<span class="swatch use-4" aria-hidden="true">`, `<h2 id="phase-plan">Plan</h2>`} {
		if !strings.Contains(en, want) {
			t.Errorf("the matrix lacks %s", want)
		}
	}
	fr := string(pages.files["content/techniques/_index.fr.html"])
	for _, want := range []string{"</span> 2 à 3 campagnes</li>", "</span> 10 campagnes ou plus</li>", "<summary>1 technique pas encore relevée</summary>",
		`<span lang="en">Leverage Existing Narratives</span>`, `<span lang="en">Maximise Exposure</span>`} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French matrix lacks %s", want)
		}
	}
}

// section is the tactic's <section …> element in page, from the opening
// tag holding attr to its end.
func section(t *testing.T, page, attr string) string {
	t.Helper()
	i := strings.Index(page, attr)
	if i < 0 {
		t.Fatalf("no section with %s", attr)
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

var addedRE = regexp.MustCompile(`<li><a href="/iw/campaigns/(\w+)/">[^<]*</a> · ([^<]*)<time datetime="([^"]+)">([^<]+)</time>`)

// latestAdded reads the home page's latest additions: id, label, ISO date
// and written date of each.
func latestAdded(home string) [][]string {
	_, after, _ := strings.Cut(home, `id="added"`)
	before, _, _ := strings.Cut(after, "</section>")
	var out [][]string
	for _, m := range addedRE.FindAllStringSubmatch(before, -1) {
		out = append(out, m[1:])
	}
	return out
}

// TestLatestAdditionsHaveTheirOwnDates checks that the home page's latest
// additions are ordered by when each file was first committed (to the
// second, not the day) and show that date, and that without history they
// fall back on each campaign's first sighting, at its precision.
func TestLatestAdditionsHaveTheirOwnDates(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	// Both added on 1 February, the old campaign hours after BIG; BIG
	// changed since.
	log := history.FromChanges([]history.Change{
		{Commit: "c3", Date: at("2026-03-05T10:00:00Z"), Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("M")},
		{Commit: "c2", Date: at("2026-02-01T18:00:00Z"), Paths: []string{"data/campaigns/old.yaml"}, Status: []byte("A")},
		{Commit: "c1", Date: at("2026-02-01T09:00:00Z"), Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("A")},
	})
	pages, _ := stageBoth(t, facetData(), log)
	got := latestAdded(string(pages.files["content/_index.en.html"]))
	want := [][]string{{"old", "added ", "2026-02-01", "1 February 2026"}, {"big", "added ", "2026-02-01", "1 February 2026"}}
	if !equalRows(got, want) {
		t.Errorf("with history: %q, want %q", got, want)
	}
	pages, _ = stageBoth(t, facetData(), &history.Log{})
	got = latestAdded(string(pages.files["content/_index.en.html"]))
	want = [][]string{{"big", "first seen: ", "2023-07", "July 2023"}, {"old", "first seen: ", "2019", "2019"}}
	if !equalRows(got, want) {
		t.Errorf("without history: %q, want %q", got, want)
	}
	fr := latestAdded(strings.ReplaceAll(string(pages.files["content/_index.fr.html"]), "/iw/fr/", "/iw/"))
	if len(fr) != 2 || fr[0][1] != "première observation : " || fr[0][3] != "juillet 2023" {
		t.Errorf("French, without history: %q", fr)
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "|") != strings.Join(b[i], "|") {
			return false
		}
	}
	return true
}

// TestExploreWritesDatesOut checks that the explore page lists every
// campaign in the page itself, with its period written out in the page's
// language as precisely as the data gives it, that its script's data
// carries the same text, and that the filter form is in the page,
// disabled until the script has its data.
func TestExploreWritesDatesOut(t *testing.T) {
	pages, files := stageBoth(t, facetData(), nil)
	for _, c := range []struct{ lang, page, data, first, last, count string }{
		{"en", "content/explore/_index.en.html", "explore/campaigns.json", "July 2023", "October 2024", "2 campaigns match"},
		{"fr", "content/explore/_index.fr.html", "fr/explore/campaigns.json", "juillet 2023", "octobre 2024", "2 campagnes correspondent"},
	} {
		hub := string(pages.files[c.page])
		_, list, _ := strings.Cut(hub, `<ul class="explore-results links">`)
		for _, want := range []string{`<time datetime="2023-07">` + c.first + `</time> – <time datetime="2024-10">` + c.last + `</time> · Baku Initiative Group</li>`,
			`<time datetime="2019">2019</time> · Baku Initiative Group</li>`} {
			if !strings.Contains(list, want) {
				t.Errorf("%s: the explore list lacks %s", c.lang, want)
			}
		}
		for _, want := range []string{`<span class="explore-count">` + c.count + `</span>`, `<fieldset disabled>`,
			`<input type="checkbox" id="f-target-0" name="target" value="NC">`, `<span class="n">(2)</span>`} {
			if !strings.Contains(hub, want) {
				t.Errorf("%s: the explore page lacks %s", c.lang, want)
			}
		}
		var ed page.ExploreData
		if err := json.Unmarshal(files.files[c.data], &ed); err != nil {
			t.Fatal(err)
		}
		if big := ed.Campaigns[0]; big.First != "2023-07" || big.FirstText != c.first || big.LastText != c.last {
			t.Errorf("%s: explore data for BIG = %+v", c.lang, big)
		}
	}
	if fr := string(pages.files["content/explore/_index.fr.html"]); !strings.Contains(fr, `<span lang="en">T0049 Flooding the information space</span>`) {
		t.Error("the French explore page does not mark DISARM's technique names as English")
	}
}
