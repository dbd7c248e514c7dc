package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/interference-watch/portal/generator/dataset"
)

// Term is one folded word of a query. A Prefix term also matches the
// terms it begins.
type Term struct {
	Text   string
	Prefix bool
}

// ParseQuery turns what a reader typed into terms: folded words without
// stop words or repeats, at most MaxTerms of them; more reports that
// words were left out. The last word is a prefix when q ends inside it,
// as while typing, and is kept even when it is a stop word ("de" may
// become "desinformation").
func ParseQuery(q string) (terms []Term, more bool) {
	words := Tokens(q)
	last, _ := utf8.DecodeLastRuneInString(q)
	typing := len(words) > 0 && isWordRune(last)
	seen := map[string]bool{}
	for i, w := range words {
		prefix := typing && i == len(words)-1
		if (stopWords[w] && !prefix) || seen[w] {
			continue
		}
		if len(terms) == MaxTerms {
			return terms, true
		}
		seen[w] = true
		terms = append(terms, Term{w, prefix})
	}
	return terms, false
}

// Index is an index written by Write, opened from Go to search it with
// the algorithm of search.js: for tests and measurements.
type Index struct {
	fsys fs.FS
	m    manifest
	size int
}

// Open reads the manifest of the index in fsys (the search/ folder).
func Open(fsys fs.FS) (*Index, error) {
	b, err := fs.ReadFile(fsys, "manifest.json")
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	ix := &Index{fsys: fsys, size: len(b)}
	if err := json.Unmarshal(b, &ix.m); err != nil {
		return nil, fmt.Errorf("search index: manifest: %w", err)
	}
	if ix.m.Format != Format {
		return nil, fmt.Errorf("search index: format %d, want %d", ix.m.Format, Format)
	}
	return ix, nil
}

// Hit is a record that matches a query.
type Hit struct {
	Record int
	Kind   dataset.Kind
	Score  int
}

// Result is a hit of the shown page, with its fragment read.
type Result struct {
	Hit
	ID, URL, Title string
}

// Answer is what a query finds and what it cost.
type Answer struct {
	Terms []Term
	More  bool     // words past MaxTerms were left out
	Hits  []Hit    // every match, best first
	Page  []Result // the first PageSize hits
	Broad bool     // the last word, as a prefix, matched too many terms and was taken as a word
	Bytes int      // what a browser downloads: manifest, shards, the page's fragments
	Files int      // how many files that is
}

// Search runs q as a reader of the lang pages would.
func (ix *Index) Search(q, lang string) (Answer, error) {
	var a Answer
	if a.Terms, a.More = ParseQuery(q); len(a.Terms) == 0 {
		return a, nil
	}
	a.Bytes, a.Files = ix.size, 1
	sh := map[int]shard{}
	load := func(i int) (shard, error) {
		if s, ok := sh[i]; ok {
			return s, nil
		}
		b, err := fs.ReadFile(ix.fsys, shardPath(ix.m.Base, i))
		if err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		a.Bytes, a.Files = a.Bytes+len(b), a.Files+1
		s, err := parseShard(b)
		sh[i] = s
		return s, err
	}
	var err error
	if a.Hits, a.Broad, err = ix.match(a.Terms, load); err != nil {
		return a, err
	}
	for _, h := range a.Hits[:min(len(a.Hits), ix.m.PageSize)] {
		r, n, err := ix.result(h, lang)
		if err != nil {
			return a, err
		}
		a.Page = append(a.Page, r)
		a.Bytes, a.Files = a.Bytes+n, a.Files+1
	}
	return a, nil
}

// match finds the records holding every term and ranks them; broad
// reports that a prefix matched too many terms and was taken as a word.
func (ix *Index) match(terms []Term, load func(int) (shard, error)) (hits []Hit, broad bool, err error) {
	var all bitset
	sets := make([]termSets, len(terms))
	weights := make([]int, len(terms))
	for i, t := range terms {
		if sets[i], err = ix.lookup(t, load); err != nil {
			return nil, false, err
		}
		broad = broad || sets[i].broad
		df := sets[i].all.count()
		if df == 0 {
			return nil, broad, nil
		}
		weights[i] = 1_000_000 / df
		if all == nil {
			all = slices.Clone(sets[i].all)
		} else {
			all.and(sets[i].all)
		}
	}
	for d := range ix.m.Records {
		if !all.has(d) {
			continue
		}
		h := Hit{Record: d, Kind: ix.kindOf(d)}
		for i, w := range weights {
			h.Score += w * sets[i].factor(d)
		}
		hits = append(hits, h)
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	return hits, broad, nil
}

// termSets are the records a term finds: all of them, those holding the
// very word (not only a longer word it begins), and those with it in
// their name.
type termSets struct {
	all, exact, names bitset
	broad             bool
}

// factor is how much the term counts for record d: 1, plus 1 for the
// very word, plus 2 for a word of the name.
func (s termSets) factor(d int) int {
	f := 1
	if s.exact.has(d) {
		f++
	}
	if s.names.has(d) {
		f += 2
	}
	return f
}

// lookup finds the records of t in the shards that may hold it.
func (ix *Index) lookup(t Term, load func(int) (shard, error)) (termSets, error) {
	n := ix.m.Records
	ts := termSets{all: newBitset(n), exact: newBitset(n), names: newBitset(n)}
	shards := ix.prefixShards(t.Text)
	size := 0
	for _, i := range shards {
		size += ix.m.ShardSize[i]
	}
	prefix := t.Prefix && size <= ix.m.PrefixBytes
	ts.broad = t.Prefix && !prefix
	if !prefix {
		shards = shards[:0]
		if i := ix.shardFor(t.Text); i >= 0 {
			shards = append(shards, i)
		}
	}
	for _, i := range shards {
		s, err := load(i)
		if err != nil {
			return ts, err
		}
		for _, e := range s {
			if e.term != t.Text && !(prefix && strings.HasPrefix(e.term, t.Text)) {
				continue
			}
			a, rest, err := readSet(e.sets, n)
			if err != nil {
				return ts, err
			}
			nm, _, err := readSet(rest, n)
			if err != nil {
				return ts, err
			}
			ts.all.or(a)
			ts.names.or(nm)
			if e.term == t.Text {
				ts.exact = a
			}
		}
	}
	return ts, nil
}

// shardFor is the shard that would hold term, or -1 when term sorts
// before every term of the index.
func (ix *Index) shardFor(term string) int {
	return sort.Search(len(ix.m.ShardFrom), func(i int) bool { return ix.m.ShardFrom[i] > term }) - 1
}

// prefixShards are the shards that may hold terms beginning with p.
func (ix *Index) prefixShards(p string) []int {
	var out []int
	i := ix.shardFor(p)
	if i >= 0 {
		out = append(out, i)
	}
	for i++; i < len(ix.m.ShardFrom) && strings.HasPrefix(ix.m.ShardFrom[i], p); i++ {
		out = append(out, i)
	}
	return out
}

func (ix *Index) kindOf(d int) dataset.Kind {
	for _, k := range ix.m.Kinds {
		if d >= k.From && d < k.To {
			return k.Kind
		}
	}
	return ""
}

// result reads the fragment of h and returns it with its size.
func (ix *Index) result(h Hit, lang string) (Result, int, error) {
	b, err := fs.ReadFile(ix.fsys, fragmentPath(ix.m.Base, h.Record))
	if err != nil {
		return Result{}, 0, fmt.Errorf("search index: %w", err)
	}
	var f fragment
	if err := json.Unmarshal(b, &f); err != nil {
		return Result{}, 0, fmt.Errorf("search index: record %d: %w", h.Record, err)
	}
	r := Result{Hit: h, ID: f.ID, URL: f.URL[lang]}
	if len(f.Names) > 0 {
		r.Title = f.Names[0].Text
	}
	for _, n := range f.Names {
		if n.Lang == lang {
			r.Title = n.Text
		}
	}
	return r, len(b), nil
}
