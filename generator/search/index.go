package search

import (
	"github.com/interference-watch/portal/generator/dataset"
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

// postings maps every term of ds but stop words to its records.
func postings(ds []doc) map[string]*posting {
	m := map[string]*posting{}
	add := func(list *[]int32, i int32) {
		if n := len(*list); n == 0 || (*list)[n-1] != i {
			*list = append(*list, i)
		}
	}
	for i, x := range ds {
		all, names := x.words()
		for _, t := range all {
			if stopWords[t] {
				continue
			}
			p := m[t]
			if p == nil {
				p = &posting{}
				m[t] = p
			}
			add(&p.all, int32(i))
		}
		for _, t := range names {
			if !stopWords[t] {
				add(&m[t].names, int32(i))
			}
		}
	}
	return m
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
