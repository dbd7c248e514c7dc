// Package search writes the site's full-text search index: static files
// that search.js (site/assets/js/search.js) fetches piece by piece, so a
// query downloads a few small files whatever the size of the site, as
// Pagefind does. It indexes the campaigns, actors, organizations,
// sources, techniques and places of a validated Dataset, in every
// language at once, with English and French Snowball stems: a French
// word finds a record from the English pages too, and the other way
// round.
//
// # Files
//
// Under dest/search/:
//
//	manifest.json              the shards' first terms and sizes, the record ranges of each kind,
//	                           the stop words and folding table, the bounds below
//	<hash>/s/<n>.bin           index shards: sorted terms, each with its set of records
//	<hash>/f/<k>/<n>.json      one fragment per record: kind, id, URL, name and text by language
//
// <hash> names the content, so a browser never mixes files of two builds.
//
// # Terms
//
// Text is cut into words at anything but letters, digits and combining
// marks (so hyphens and apostrophes split words), and each word is folded
// (Fold): NFKD, marks dropped, lower case. Stop words are left out. A
// term's records are stored as a list of gaps or as a bitmap, whichever
// is smaller, so even a term found in every record costs one bit per
// record; a second set says in which records the term is in the name.
//
// # Queries
//
// A query uses its first MaxTerms terms and finds the records holding
// all of them; its last word, while still being typed, also matches the
// terms it begins, when their shards total at most PrefixBytes. A record
// scores, per term, 1,000,000 divided by the number of records holding
// the term, three times that when the term is in its name; ties go to
// campaigns, then actors, organizations and sources, each by id. Only
// the fragments of the shown page of PageSize results are fetched.
// Index.Search does all this in Go exactly as search.js does.
package search

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/interference-watch/portal/generator/dataset"
)

// Options say what languages the site has and where each record's page
// is.
type Options struct {
	// Languages are the site's languages, the default (the language of
	// the records' main text) first.
	Languages []string
	// URL is the link path of a record's page in a language, such as
	// /fr/campaigns/op/.
	URL func(lang string, kind dataset.Kind, id string) string
	// ShardBytes is the target size of a shard; DefaultShardBytes when 0.
	ShardBytes int
}

// Stats says what Write wrote.
type Stats struct {
	Records, Terms, Shards int
	ManifestBytes          int
	IndexBytes             int // manifest and shards
	LargestShard           int
	FragmentBytes          int
	LargestFragment        int
}

// MaxQueryBytes bounds what one query downloads from this index: the
// manifest, a shard for each of MaxTerms-1 words, PrefixBytes (or a
// shard) for the last, and the fragments of a page of results.
func (s Stats) MaxQueryBytes() int {
	return s.ManifestBytes + (MaxTerms-1)*s.LargestShard + max(PrefixBytes, s.LargestShard) + PageSize*s.LargestFragment
}

// fragment is what a result shows of a record, in every language.
type fragment struct {
	Kind    dataset.Kind      `json:"kind"`
	ID      string            `json:"id"`
	URL     map[string]string `json:"url"`
	Names   []langText        `json:"names"`
	Aliases []string          `json:"aliases,omitempty"`
	Texts   []langParas       `json:"texts,omitempty"`
}

// Write builds the index of d and writes it under dest/search/. The same
// data and options always give the same bytes.
func Write(d *dataset.Dataset, dest string, o Options) (Stats, error) {
	files, st, err := Files(d, o)
	if err != nil {
		return st, err
	}
	return st, writeFiles(filepath.Join(dest, "search"), files)
}

// Files builds the index of d: the files that Write writes, by path
// below search/.
func Files(d *dataset.Dataset, o Options) (map[string][]byte, Stats, error) {
	if len(o.Languages) == 0 || o.URL == nil {
		return nil, Stats{}, errors.New("search: no languages or no URL function")
	}
	ds := docs(d, o.Languages)
	post := postings(ds)
	from, shardFiles := shards(post, cmp.Or(o.ShardBytes, DefaultShardBytes))
	frags := make([][]byte, len(ds))
	for i, x := range ds {
		var err error
		if frags[i], err = fragmentJSON(x, o); err != nil {
			return nil, Stats{}, err
		}
	}
	m := manifest{Format: Format, Records: len(ds), Kinds: kindRanges(ds), Langs: o.Languages, ShardFrom: from,
		Stop: stopList(), Fold: foldTable(), MaxTerms: MaxTerms, PrefixBytes: PrefixBytes, PageSize: PageSize, PerFolder: perFolder}
	m.Base = contentHash(shardFiles, frags) + "/"
	st := Stats{Records: len(ds), Terms: len(post), Shards: len(shardFiles)}
	files := map[string][]byte{}
	for i, f := range shardFiles {
		m.ShardSize = append(m.ShardSize, len(f))
		files[shardPath(m.Base, i)] = f
		st.IndexBytes += len(f)
		st.LargestShard = max(st.LargestShard, len(f))
	}
	for i, f := range frags {
		files[fragmentPath(m.Base, i)] = f
		st.FragmentBytes += len(f)
		st.LargestFragment = max(st.LargestFragment, len(f))
	}
	mb, err := json.Marshal(m)
	if err != nil {
		return nil, st, fmt.Errorf("search: manifest: %w", err)
	}
	files["manifest.json"] = mb
	st.ManifestBytes = len(mb)
	st.IndexBytes += len(mb)
	return files, st, nil
}

func shardPath(base string, i int) string { return fmt.Sprintf("%ss/%d.bin", base, i) }

func fragmentPath(base string, i int) string {
	return fmt.Sprintf("%sf/%d/%d.json", base, i/perFolder, i)
}

func fragmentJSON(x doc, o Options) ([]byte, error) {
	f := fragment{Kind: x.kind, ID: x.id, URL: map[string]string{}, Names: x.names, Aliases: x.aliases}
	for _, l := range o.Languages {
		f.URL[l] = o.URL(l, x.kind, x.id)
	}
	for _, t := range x.texts {
		f.Texts = append(f.Texts, langParas{t.Lang, clip(t.Paras)})
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("search: %s %s: %w", x.kind, x.id, err)
	}
	return b, nil
}

// contentHash names the index's content: 12 hex digits of a SHA-256.
func contentHash(groups ...[][]byte) string {
	h := sha256.New()
	for _, g := range groups {
		for _, f := range g {
			fmt.Fprintf(h, "%d:", len(f))
			h.Write(f)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// writeFiles writes files (slash-separated paths) under dir, on a few
// goroutines: a large site has tens of thousands of fragments.
func writeFiles(dir string, files map[string][]byte) error {
	paths := slices.Sorted(maps.Keys(files))
	made := map[string]bool{}
	for _, p := range paths {
		if d := path.Dir(p); !made[d] {
			made[d] = true
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
				return fmt.Errorf("search: %w", err)
			}
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Go(func() {
			for i := w; i < len(paths) && errs[w] == nil; i += len(errs) {
				errs[w] = os.WriteFile(filepath.Join(dir, filepath.FromSlash(paths[i])), files[paths[i]], 0o644)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}
