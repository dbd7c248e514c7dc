package search

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/synth"
	"github.com/interference-watch/portal/generator/validate"
)

// mustIndex writes the index of d into a temporary folder and opens it.
func mustIndex(t testing.TB, d *dataset.Dataset) (*Index, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Write(d, dir, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(os.DirFS(filepath.Join(dir, "search")))
	if err != nil {
		t.Fatal(err)
	}
	return ix, st
}

func pageIDs(a Answer) []string {
	var ids []string
	for _, r := range a.Page {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestSearchRanks(t *testing.T) {
	ix, _ := mustIndex(t, fixture())
	for _, c := range []struct {
		q, lang string
		want    []string
	}{
		// A word of the name counts three times a word of the text.
		{"Bakou", "fr", []string{"src-a", "big"}},
		{"baku", "en", []string{"group", "big"}},
		// Both languages are searched whatever the page's.
		{"Nouvelle-Calédonie", "en", []string{"src-b"}},
		{"new caledonia", "fr", []string{"big"}},
		// Ties go to the earlier kind: campaigns first.
		{"operation", "en", []string{"big", "other"}},
		// Prefixes while typing; the very word beats a longer one.
		{"oper", "en", []string{"big", "other"}},
		// One stem: "ingérences" in VIGINUM's full name matches as a name.
		{"ingerence", "en", []string{"viginum", "src-a"}},
		{"ingerences", "en", []string{"viginum", "src-a"}},
		{"ingér", "en", []string{"viginum", "src-a"}}, // ingerence, ingerences: a tie
		{"notorious BIG", "en", []string{"big"}},
		{"jane", "en", []string{"src-a"}},
		{"<script>", "en", nil},
		{"baku nowhere", "en", nil},
		{".*(", "en", nil},
		{"", "en", nil},
	} {
		a, err := ix.Search(c.q, c.lang)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if got := pageIDs(a); !slices.Equal(got, c.want) {
			t.Errorf("%s %q: %v, want %v", c.lang, c.q, got, c.want)
		}
	}
	a, _ := ix.Search("Bakou", "fr")
	if a.Page[1].URL != "/fr/campaigns/big/" || a.Page[1].Title != "Opération contre les Outre-mer" || a.Page[1].Kind != dataset.KindCampaign {
		t.Errorf("French result: %+v", a.Page[1])
	}
}

// TestSearchSeed runs the examples on the real data.
func TestSearchSeed(t *testing.T) {
	d, probs, err := validate.Run(os.DirFS("../.."), "data", validate.Options{Now: time.Now()})
	if err != nil || len(probs) > 0 {
		t.Fatalf("seed data: %v %v", err, probs)
	}
	ix, st := mustIndex(t, d)
	const big = "big-french-overseas-territories"
	for _, c := range []struct{ q, lang, want string }{
		{"Bakou", "fr", big}, {"Bakou", "en", big}, {"Baku", "en", big}, {"baku", "fr", big},
		{"Nouvelle-Calédonie", "fr", big}, {"nouvelle caledonie", "en", big}, {"NOUVELLE CALÉDONIE", "fr", big}, {"New Caledonia", "en", big},
		{"Doppelganger", "en", "rrn-doppelganger"}, {"storm-1516", "fr", "storm-1516"},
		{"Spamouflage (DRAGONBRIDGE)", "en", "spamouflage"},
	} {
		a, err := ix.Search(c.q, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		// The campaign comes first: its actor's and targets' names weigh
		// like its own.
		i := slices.Index(pageIDs(a), c.want)
		if i != 0 {
			t.Errorf("%s %q: %v, want %s first", c.lang, c.q, pageIDs(a), c.want)
			continue
		}
		if want := testOptions.URL(c.lang, dataset.KindCampaign, c.want); a.Page[i].URL != want {
			t.Errorf("%s %q: links to %s, want %s", c.lang, c.q, a.Page[i].URL, want)
		}
		if a.Bytes > st.MaxQueryBytes() {
			t.Errorf("%s %q: %d bytes, over the bound %d", c.lang, c.q, a.Bytes, st.MaxQueryBytes())
		}
	}
	if st.MaxQueryBytes() > 300<<10 {
		t.Errorf("a query may load %d bytes, over 300 KB", st.MaxQueryBytes())
	}
}

// syntheticQueries are the words of synthetic data in realistic
// combinations, prefixes while typing, and misses.
var syntheticQueries = []string{"propaganda", "fake news", "covert operation", "Operation Leaked", "telegram channels ",
	"coordinated inauthentic network", "pro", "netw", "p", "election interference report", "Organization Media",
	"Actor Bot Network", "russia", "fabricated forged leaked spoofed covert fake", "a b c d e f g h"}

// TestQueryBytesBound checks, on a synthetic site of 2,000 campaigns and
// 10,000 sources, that every query stays within Stats.MaxQueryBytes and
// that bound within 300 KB. BenchmarkIndex measures 10,000 campaigns.
func TestQueryBytesBound(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 12,000 fragments")
	}
	ix, st := mustIndex(t, synth.Generate(synth.Options{Campaigns: 2000, Seed: 1}))
	if st.MaxQueryBytes() > 300<<10 {
		t.Errorf("a query may load %d bytes, over 300 KB", st.MaxQueryBytes())
	}
	for _, q := range syntheticQueries {
		a, err := ix.Search(q, "en")
		if err != nil {
			t.Fatal(err)
		}
		if a.Bytes > st.MaxQueryBytes() || (len(a.Terms) > 0 && a.Bytes < st.ManifestBytes) {
			t.Errorf("%q: %d bytes in %d files, bound %d", q, a.Bytes, a.Files, st.MaxQueryBytes())
		}
	}
}

func TestStem(t *testing.T) {
	for _, c := range []struct{ lang, word, want string }{
		{"en", "elections", "elect"}, {"en", "election", "elect"}, {"en", "campaigns", "campaign"},
		{"fr", "campagnes", "campagn"}, {"fr", "campagne", "campagn"}, {"en", "2024", "2024"}, {"de", "wahlen", "wahlen"},
	} {
		if got := Stem(c.lang, c.word); got != c.want {
			t.Errorf("Stem(%s, %s) = %q, want %q", c.lang, c.word, got, c.want)
		}
	}
}
