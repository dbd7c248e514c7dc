package search

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
)

func TestSetRoundTrip(t *testing.T) {
	every := make([]int32, 1000)
	for i := range every {
		every[i] = int32(i)
	}
	for _, c := range []struct {
		name string
		docs []int32
		n    int
		kind byte
	}{
		{"empty", nil, 10, setList},
		{"one", []int32{7}, 10, setList},
		{"sparse", []int32{3, 900, 60000}, 60001, setList},
		{"dense", every, 1000, setBitmap},
		{"dense run late", every[500:], 1000, setBitmap},
		{"last record", []int32{63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73}, 74, setBitmap},
	} {
		enc := appendSet(nil, c.docs)
		if enc[0] != c.kind {
			t.Errorf("%s: stored as %d, want %d", c.name, enc[0], c.kind)
		}
		got, rest, err := readSet(append(enc, 0xAA), c.n)
		if err != nil || !bytes.Equal(rest, []byte{0xAA}) {
			t.Fatalf("%s: %v, rest %x", c.name, err, rest)
		}
		var docs []int32
		for d := range c.n {
			if got.has(d) {
				docs = append(docs, int32(d))
			}
		}
		if !slices.Equal(docs, c.docs) {
			t.Errorf("%s: read %v, wrote %v", c.name, docs, c.docs)
		}
		if rest, err := skipSet(enc); err != nil || len(rest) != 0 {
			t.Errorf("%s: skipSet left %x, %v", c.name, rest, err)
		}
		if len(enc) > 1 {
			if _, _, err := readSet(enc[:len(enc)-1], c.n); err == nil {
				t.Errorf("%s: truncated set read without error", c.name)
			}
		}
	}
	if _, _, err := readSet(appendSet(nil, []int32{5}), 5); err == nil {
		t.Error("a record past the end read without error")
	}
}

// fixture is a small dataset with the shapes search cares about.
func fixture() *dataset.Dataset {
	d := &dataset.Dataset{
		Campaigns: []*dataset.Campaign{
			{Meta: dataset.Meta{ID: "big"}, Name: "Operation against overseas territories", Aliases: dataset.Aliases{{Name: "UN-notorious BIG"}},
				Summary: "Posts about New Caledonia [@src-a; @src-b].\n\nMeetings in [Baku](https://example.org/) [@src-a].\n",
				FR:      &dataset.Translation{Name: "Opération contre les Outre-mer", Summary: "Des rencontres à Bakou [@src-a].\n"}},
			{Meta: dataset.Meta{ID: "other"}, Name: "Another operation", Summary: "Nothing about that city [@src-a].\n"},
		},
		Actors: []*dataset.Actor{{Meta: dataset.Meta{ID: "group"}, Name: "Baku Initiative Group", Summary: "A group [@src-a].\n"}},
		Organizations: []*dataset.Organization{{Meta: dataset.Meta{ID: "viginum"}, Name: "VIGINUM",
			FullName: "Service de vigilance et de protection contre les ingérences numériques étrangères"}},
		Sources: []*dataset.Source{
			{Meta: dataset.Meta{ID: "src-a"}, Title: "Ingérence depuis Bakou", Language: "fr", Excerpt: "A summary in English.", Authors: []string{"Jane Doe"}},
			{Meta: dataset.Meta{ID: "src-b"}, Title: "Riots in Nouvelle-Calédonie", Language: "en"},
		},
	}
	d.Index()
	return d
}

var testOptions = Options{Languages: []string{"en", "fr"}, URL: func(lang string, k dataset.Kind, id string) string {
	p := "/"
	if lang != "en" {
		p += lang + "/"
	}
	return p + string(k) + "s/" + id + "/"
}}

func TestDocs(t *testing.T) {
	ds := docs(fixture(), testOptions.Languages)
	var order []string
	for _, x := range ds {
		order = append(order, x.id)
	}
	if want := []string{"big", "other", "group", "viginum", "src-a", "src-b"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	big := ds[0]
	want := []langParas{{"en", []string{"Posts about New Caledonia.", "Meetings in Baku."}}, {"fr", []string{"Des rencontres à Bakou."}}}
	if !slices.EqualFunc(big.texts, want, func(a, b langParas) bool { return a.Lang == b.Lang && slices.Equal(a.Paras, b.Paras) }) {
		t.Errorf("BIG's text %q, want %q (citations and link targets removed)", big.texts, want)
	}
	if len(big.names) != 2 || big.names[1] != (langText{"fr", "Opération contre les Outre-mer"}) {
		t.Errorf("BIG's names %v", big.names)
	}
	all, names := big.words()
	for _, w := range []string{"bakou", "baku", "caledonia", "notorious"} {
		if !slices.Contains(all, w) {
			t.Errorf("BIG's words lack %q: %v", w, all)
		}
	}
	if !slices.Contains(names, "outre") || slices.Contains(names, "caledonia") {
		t.Errorf("BIG's name words %v", names)
	}
	if french := docs(fixture(), []string{"en"})[0]; len(french.texts) != 1 || len(french.names) != 1 {
		t.Errorf("an English-only site indexes French text: %v", french.texts)
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", MaxTextBytes/5+10)
	got := clip([]string{"short", long, "dropped"})
	if len(got) != 2 || got[0] != "short" || !strings.HasSuffix(got[1], " …") || len(got[0])+len(got[1]) > MaxTextBytes+len(" …") {
		t.Errorf("clip: %d paragraphs, lengths %d", len(got), len(strings.Join(got, "")))
	}
}

func TestShardsAreSortedAndSized(t *testing.T) {
	post := postings(docs(fixture(), testOptions.Languages))
	from, files := shards(post, 40)
	if len(files) < 5 || len(from) != len(files) || !slices.IsSorted(from) {
		t.Fatalf("%d shards, first terms %q", len(files), from)
	}
	var terms []string
	for i, f := range files {
		s, err := parseShard(f)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		if len(f) > 40+1 && len(s) > 1 {
			t.Errorf("shard %d: %d bytes, %d terms: only a lone term may pass the target", i, len(f), len(s))
		}
		if s[0].term != from[i] {
			t.Errorf("shard %d starts with %q, manifest says %q", i, s[0].term, from[i])
		}
		for _, e := range s {
			terms = append(terms, e.term)
		}
	}
	if !slices.IsSorted(terms) || len(terms) != len(post) || slices.Contains(terms, "the") || !slices.Contains(terms, "bakou") {
		t.Errorf("terms across shards: %q", terms)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Write(fixture(), dir, testOptions); err != nil {
			t.Fatal(err)
		}
	}
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) < 8 || !slices.Equal(slices.Sorted(maps.Keys(fa)), slices.Sorted(maps.Keys(fb))) {
		t.Fatalf("file lists differ: %d and %d files", len(fa), len(fb))
	}
	for p, data := range fa {
		if !bytes.Equal(data, fb[p]) {
			t.Errorf("%s differs between two writes", p)
		}
	}
	d := fixture()
	d.Sources[1].Title = "Riots in Nouméa"
	c := t.TempDir()
	if _, err := Write(d, c, testOptions); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readTree(t, c)["search/manifest.json"], fa["search/manifest.json"]) {
		t.Error("other data, same manifest: the content hash does not cover it")
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		out[p], err = os.ReadFile(filepath.Join(dir, p))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
