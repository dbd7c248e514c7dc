package search

import (
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// Format is the version of the index format, in the manifest: search.js
// refuses an index of another version.
const Format = 1

// The bounds that keep one query's downloads small; see the package
// comment.
const (
	DefaultShardBytes = 16 << 10 // target size of a shard
	PrefixBytes       = 64 << 10 // most shard bytes a prefix may load
	MaxTerms          = 6        // words of a query used
	PageSize          = 10       // results shown at a time
	perFolder         = 1000     // fragments per folder
)

// manifest is search/manifest.json: everything search.js needs to know
// before it fetches a shard.
type manifest struct {
	Format      int               `json:"format"`
	Base        string            `json:"base"` // folder of shards and fragments, named by their hash
	Records     int               `json:"records"`
	Kinds       []kindRange       `json:"kinds"`
	Langs       []string          `json:"langs"`
	ShardFrom   []string          `json:"shardFrom"` // first term of each shard, sorted
	ShardSize   []int             `json:"shardSize"`
	Stop        []string          `json:"stop"`
	Fold        map[string]string `json:"fold"`
	MaxTerms    int               `json:"maxTerms"`
	PrefixBytes int               `json:"prefixBytes"`
	PageSize    int               `json:"pageSize"`
	PerFolder   int               `json:"perFolder"`
}

// kindRange says that records From to To-1 are of one kind.
type kindRange struct {
	Kind dataset.Kind `json:"kind"`
	From int          `json:"from"`
	To   int          `json:"to"`
}

// posting is the records a term occurs in, and those whose name or
// aliases hold it, in increasing order.
type posting struct{ all, names []int32 }

// postings maps every term of ds but stop words to its records. Each
// term then carries the records of every term of its stem group (see
// stemGroups), so "elections" finds what "election" finds.
func postings(ds []doc) map[string]*posting {
	m := map[string]*posting{}
	langs := map[string]map[string]bool{} // term → languages it was seen in
	add := func(list *[]int32, i int32) {
		if n := len(*list); n == 0 || (*list)[n-1] != i {
			*list = append(*list, i)
		}
	}
	for i, x := range ds {
		for _, lw := range x.langWords() {
			t := lw.term
			if stopWords[t] {
				continue
			}
			p := m[t]
			if p == nil {
				p = &posting{}
				m[t] = p
				langs[t] = map[string]bool{}
			}
			add(&p.all, int32(i))
			if lw.name {
				add(&p.names, int32(i))
			}
			langs[t][lw.lang] = true
		}
	}
	return stemGroups(m, langs)
}

// kindRanges says where each kind's records are in ds.
func kindRanges(ds []doc) []kindRange {
	var out []kindRange
	for i, x := range ds {
		if n := len(out); n > 0 && out[n-1].Kind == x.kind {
			out[n-1].To = i + 1
			continue
		}
		out = append(out, kindRange{x.kind, i, i + 1})
	}
	return out
}

// stemGroups gives every term the union of the records of the terms that
// share a Snowball stem with it in a language it was seen in: the English
// stemmer for English text, the French one for French text, both for
// names and aliases, which belong to no one language. Stemming happens
// at index time for every word of the records; a query's words are
// looked up as they are typed, so any form the records use finds the
// whole group. The cost is in the shards, not in what a query loads: one
// term, one shard, as before.
func stemGroups(m map[string]*posting, langs map[string]map[string]bool) map[string]*posting {
	groups := map[string][]string{} // "en:elect" → election, elections, elected
	keys := map[string][]string{}
	for t, ls := range langs {
		for l := range ls {
			g := l + ":" + Stem(l, t)
			groups[g] = append(groups[g], t)
			keys[t] = append(keys[t], g)
		}
	}
	out := make(map[string]*posting, len(m))
	for t, p := range m {
		var members []string
		for _, g := range keys[t] {
			members = append(members, groups[g]...)
		}
		if len(members) <= 1 {
			out[t] = p
			continue
		}
		merged := &posting{}
		for _, u := range members {
			merged.all = append(merged.all, m[u].all...)
			merged.names = append(merged.names, m[u].names...)
		}
		merged.all, merged.names = sortedUnique(merged.all), sortedUnique(merged.names)
		out[t] = merged
	}
	return out
}

func sortedUnique(xs []int32) []int32 {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// Stem is the Snowball stem of a folded word in lang (en or fr; any other
// language, and words of digits, are their own stem).
func Stem(lang, word string) string {
	if len(word) < 3 || strings.Trim(word, "0123456789") == "" {
		return word
	}
	switch lang {
	case "en":
		return english.Stem(word, true)
	case "fr":
		return french.Stem(word, true)
	}
	return word
}
