package render

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/page"
)

type mapWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *mapWriter) WriteFile(p string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files == nil {
		w.files = map[string][]byte{}
	}
	w.files[p] = data
	return nil
}

// languages are the site's languages, as site/hugo.toml names them.
var languages = []page.Language{{Code: "en", Label: "English", Locale: "en"}, {Code: "fr", Label: "Français", Locale: "fr-FR"}}

func facetData() *dataset.Dataset {
	claim := func(s string) *dataset.Claim { return &dataset.Claim{Date: dataset.MustDate(s), Source: "s"} }
	d := &dataset.Dataset{
		Campaigns: []*dataset.Campaign{
			{Meta: dataset.Meta{ID: "big", Path: "data/campaigns/big.yaml"}, Name: "BIG <script>alert(1)</script>", Status: "ended",
				FirstSeen: claim("2023-07"), LastSeen: claim("2024-10"),
				Attributions: []dataset.Attribution{{Actor: "baku", By: "viginum", Confidence: "high", Source: "s"}},
				Targets:      []dataset.Target{{Place: "NC", Source: "s"}, {Place: "FR", Source: "s"}},
				Platforms:    []dataset.Platform{{Name: "x", Source: "s"}, {Name: "telegram", Source: "s"}},
				Techniques:   []dataset.TechniqueUse{{ID: "T0049", Source: "s"}},
				Summary:      "Amplified posts about New Caledonia [@s].",
				FR:           &dataset.Translation{Name: "BIG en Nouvelle-Calédonie", Summary: "Publications amplifiées [@s]."},
				SameAs:       []string{"disarm:I00033"}},
			{Meta: dataset.Meta{ID: "old", Path: "data/campaigns/old.yaml"}, Name: "Old op", Status: "ended", FirstSeen: claim("2019"),
				Attributions: []dataset.Attribution{{Actor: "baku", By: "viginum", Confidence: "low", Source: "s"}},
				Targets:      []dataset.Target{{Place: "NC", Source: "s"}},
				Platforms:    []dataset.Platform{{Name: "x", Source: "s"}},
				// What only some campaign pages show: impact, narratives,
				// responses, further reading, no French text.
				Impact:     &dataset.Impact{Breakout: 2, Note: "Stayed on one *platform* [@s].", Source: "s"},
				Narratives: []dataset.Narrative{{Text: "France <b>oppresses</b> its territories", Source: "s"}},
				Responses: []dataset.Response{{Date: dataset.MustDate("2020-03"), By: "viginum", Kind: "statement",
					Note: "Named the network [@s2].", Source: "s2"}},
				Sources: []string{"s3"},
				Summary: "An older operation [@s]."},
		},
		Actors:        []*dataset.Actor{{Meta: dataset.Meta{ID: "baku", Path: "data/actors/baku.yaml"}, Name: "Baku Initiative Group", Kind: "state-linked-ngo", Country: "AZ"}},
		Organizations: []*dataset.Organization{{Meta: dataset.Meta{ID: "viginum"}, Name: "VIGINUM", Kind: "government"}},
		Sources: []*dataset.Source{{Meta: dataset.Meta{ID: "s"}, Title: "Report", URL: "https://example.org/", Publisher: "viginum", Status: "reviewed", Kind: "official-report"},
			{Meta: dataset.Meta{ID: "s2"}, Title: "Statement & reply", URL: "https://example.org/s2", Publisher: "viginum", Status: "reviewed",
				Kind: "statement", Published: dataset.MustDate("2020-03-02"), Language: "fr", ArchiveURL: "https://web.archive.org/web/2020/https://example.org/s2"},
			{Meta: dataset.Meta{ID: "s3"}, Title: "Further", URL: "https://example.org/s3", Publisher: "viginum", Status: "reviewed", Kind: "news"}},
		Techniques: []*dataset.Technique{{Meta: dataset.Meta{ID: "T0049", Path: "data/techniques/T0049.yaml"}, Name: "Flooding the information space", Tactic: "TA17"}},
		Places: []*dataset.Place{
			{Meta: dataset.Meta{ID: "NC", Path: "data/places/NC.yaml"}, Name: "New Caledonia", NameFR: "Nouvelle-Calédonie", Kind: "territory", Parent: "FR"},
			{Meta: dataset.Meta{ID: "FR", Path: "data/places/FR.yaml"}, Name: "France", Kind: "country"},
			{Meta: dataset.Meta{ID: "AZ", Path: "data/places/AZ.yaml"}, Name: "Azerbaijan", NameFR: "Azerbaïdjan", Kind: "country"}},
		// Indicators are untrusted values: shown defanged, never linked.
		Indicators: []*dataset.Indicators{{Meta: dataset.Meta{ID: "big", Path: "data/indicators/big.yaml"}, Sets: []dataset.IndicatorSet{
			{By: "viginum", Source: "s2", Reported: dataset.MustDate("2024-12"), Indicators: []dataset.Indicator{
				{Type: "domain", Value: "evil.example.com"}, {Type: "domain", Value: "b<script>.example"},
				{Type: "url", Value: "https://evil.example.com/a?b=<i>c</i>"}, {Type: "ipv4", Value: "192.0.2.1"}}}}}},
	}
	d.Index()
	return d
}

// stageBoth stages the pages and files of both languages.
func stageBoth(t *testing.T, d *dataset.Dataset, log *history.Log) (pages, files *mapWriter) {
	t.Helper()
	pages, files = &mapWriter{}, &mapWriter{}
	idx := page.NewIndex(d)
	for _, lang := range []string{"en", "fr"} {
		_, err := Stage(d, pages, Options{Lang: lang, FileLang: lang, Strings: os.DirFS("../../site/i18n"), Index: idx, History: log,
			BaseURL: "https://example.org/iw/", DefaultLang: "en", Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Files: files,
			Languages: languages, Repo: "https://github.com/o/r"})
		if err != nil {
			t.Fatal(err)
		}
	}
	return pages, files
}

func TestFacetPages(t *testing.T) {
	pages, _ := stageBoth(t, facetData(), nil)
	for _, p := range []string{"explore/_index.en.html", "explore/_index.fr.html", "explore/country/az.en.html", "explore/platform/telegram.fr.html",
		"explore/platform/x.en.html", "explore/year/2024.en.html", "explore/year/2019.en.html", "explore/confidence/low.fr.html"} {
		if _, ok := pages.files["content/"+p]; !ok {
			t.Errorf("no page %s", p)
		}
	}
	// Years span the active period: 2023 and 2024 for BIG, 2019 for the old one.
	if _, ok := pages.files["content/explore/year/2020.en.html"]; ok {
		t.Error("a page for a year no campaign was active in")
	}
	x := string(pages.files["content/explore/platform/x.en.html"])
	if !strings.Contains(x, "Campaigns on X (Twitter)") || !strings.Contains(x, "2 campaigns") ||
		!strings.Contains(x, `href="/iw/campaigns/big/"`) || strings.Contains(x, "<script>") {
		t.Errorf("platform page:\n%s", x)
	}
	hub := string(pages.files["content/explore/_index.fr.html"])
	for _, want := range []string{`id="explore-app" data-src="/iw/fr/explore/campaigns.json"`, `href="/iw/fr/places/nc/">Nouvelle-Calédonie</a>`,
		`href="/iw/fr/explore/country/az/">Azerbaïdjan</a>`, `href="/iw/fr/techniques/t0049/"><span lang="en">T0049 Flooding the information space</span></a>`} {
		if !strings.Contains(hub, want) {
			t.Errorf("French explore page lacks %s:\n%s", want, hub)
		}
	}
	// The place page links to the campaigns of actors based there.
	if az := string(pages.files["content/places/AZ.en.html"]); !strings.Contains(az, "explore/country/az/") {
		t.Errorf("Azerbaijan's page does not link its attributed campaigns:\n%s", az)
	}
}

func TestExploreData(t *testing.T) {
	_, files := stageBoth(t, facetData(), nil)
	for _, p := range []string{"explore/campaigns.json", "fr/explore/campaigns.json"} {
		var ed page.ExploreData
		if err := json.Unmarshal(files.files[p], &ed); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var keys []string
		for _, f := range ed.Facets {
			keys = append(keys, f.Key)
		}
		if !slices.Equal(keys, []string{"target", "country", "platform", "technique", "year", "confidence"}) {
			t.Errorf("%s facets = %v", p, keys)
		}
		if len(ed.Campaigns) != 2 || ed.Campaigns[0].ID != "big" {
			t.Fatalf("%s campaigns = %+v", p, ed.Campaigns)
		}
		// Indexes point at the campaign's own values.
		got := map[string][]string{}
		for i, f := range ed.Facets {
			for _, vi := range ed.Campaigns[0].F[i] {
				got[f.Key] = append(got[f.Key], f.Values[vi].ID)
			}
		}
		want := map[string][]string{"target": {"NC", "FR"}, "country": {"AZ"}, "platform": {"x", "telegram"}, "technique": {"T0049"},
			"year": {"2023", "2024"}, "confidence": {"high"}}
		for k, w := range want {
			if !slices.Equal(got[k], w) {
				t.Errorf("%s: big's %s = %v, want %v", p, k, got[k], w)
			}
		}
		for _, k := range []string{"explore_filters", "explore_results", "explore_results_one", "name", "period"} {
			if ed.Strings[k] == "" {
				t.Errorf("%s: string %s missing", p, k)
			}
		}
	}
	var fr page.ExploreData
	_ = json.Unmarshal(files.files["fr/explore/campaigns.json"], &fr)
	if fr.Campaigns[0].Name != "BIG en Nouvelle-Calédonie" || fr.Campaigns[0].URL != "/iw/fr/campaigns/big/" || fr.Facets[0].Values[0].Label != "Nouvelle-Calédonie" {
		t.Errorf("French explore data: %+v %+v", fr.Campaigns[0], fr.Facets[0].Values[0])
	}
}

// atomDoc reads the parts of an Atom feed the tests look at.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   string `xml:"summary"`
	} `xml:"entry"`
}

func TestAtomFeeds(t *testing.T) {
	// BIG was added after the old campaign, and changed since.
	day := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	log := &history.Log{Changes: []history.Change{
		{Commit: "c3", Date: day("2026-03-01"), Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("M")},
		{Commit: "c2", Date: day("2026-02-01"), Paths: []string{"data/campaigns/big.yaml"}, Status: []byte("A")},
		{Commit: "c1", Date: day("2026-01-01"), Paths: []string{"data/campaigns/old.yaml", "data/places/NC.yaml"}, Status: []byte("AA")},
	}}
	log = history.FromChanges(log.Changes)
	_, files := stageBoth(t, facetData(), log)
	for _, p := range []string{"actors/baku/atom.xml", "fr/actors/baku/atom.xml", "places/nc/atom.xml", "places/fr/atom.xml",
		"techniques/t0049/atom.xml", "fr/techniques/t0049/atom.xml", "campaigns/atom.xml", "fr/campaigns/atom.xml"} {
		if _, ok := files.files[p]; !ok {
			t.Errorf("no feed %s", p)
		}
	}
	var nc atomDoc
	if err := xml.Unmarshal(files.files["places/nc/atom.xml"], &nc); err != nil {
		t.Fatal(err)
	}
	if nc.Lang != "en" || nc.ID != "https://example.org/iw/places/nc/atom.xml" || nc.Title != "Campaigns targeting New Caledonia" {
		t.Errorf("feed head = %q %q %q", nc.Lang, nc.ID, nc.Title)
	}
	if len(nc.Entries) != 2 || nc.Entries[0].ID != "https://example.org/iw/campaigns/big/" || nc.Entries[1].ID != "https://example.org/iw/campaigns/old/" {
		t.Fatalf("entries = %+v", nc.Entries)
	}
	e := nc.Entries[0]
	if e.Title != "BIG <script>alert(1)</script>" || e.Published != "2026-02-01T00:00:00Z" || e.Updated != "2026-03-01T00:00:00Z" ||
		e.Summary != "Amplified posts about New Caledonia." {
		t.Errorf("BIG entry = %+v", e)
	}
	if nc.Updated != "2026-03-01T00:00:00Z" {
		t.Errorf("feed updated = %s, want the newest change of its campaigns", nc.Updated)
	}
	if strings.Contains(string(files.files["places/nc/atom.xml"]), "<script>") {
		t.Error("a campaign name reached the feed unescaped")
	}
	var fr atomDoc
	if err := xml.Unmarshal(files.files["fr/places/nc/atom.xml"], &fr); err != nil {
		t.Fatal(err)
	}
	if fr.Lang != "fr" || fr.Title != "Campagnes visant : Nouvelle-Calédonie" || fr.Entries[0].ID != "https://example.org/iw/fr/campaigns/big/" ||
		fr.Entries[0].Title != "BIG en Nouvelle-Calédonie" {
		t.Errorf("French feed = %+v", fr)
	}
	// The changes feed: one entry per commit, newest first, naming records.
	var ch atomDoc
	if err := xml.Unmarshal(files.files["changes/atom.xml"], &ch); err != nil {
		t.Fatal(err)
	}
	if len(ch.Entries) != 3 || ch.Entries[0].ID != "https://example.org/iw/changes/#change-c3" || ch.Updated != "2026-03-01T00:00:00Z" ||
		!strings.Contains(ch.Entries[2].Summary, "New Caledonia (added)") {
		t.Errorf("changes feed = %+v", ch)
	}
	// A place no campaign targets has no feed, and its page links none.
	if _, ok := files.files["places/az/atom.xml"]; ok {
		t.Error("an empty feed was written for a place no campaign targets")
	}
	for name, data := range files.files {
		if strings.HasSuffix(name, "places/az.html") && strings.Contains(string(data), "atom.xml") {
			t.Errorf("%s links a feed it does not have", name)
		}
	}
	// The campaigns list's feed holds every campaign.
	var all atomDoc
	if err := xml.Unmarshal(files.files["campaigns/atom.xml"], &all); err != nil || len(all.Entries) < 2 {
		t.Errorf("campaigns feed = %+v, %v", all, err)
	}
}
