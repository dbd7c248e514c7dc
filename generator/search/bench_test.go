package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/interference-watch/portal/generator/synth"
)

// BenchmarkIndex writes the index of synthetic sites of 1,000 and 10,000
// campaigns (five sources each) and runs syntheticQueries on it:
//
//	go test ./generator/search -run x -bench Index -benchtime 1x
//
// It reports the index size (manifest and shards), the fragments' total,
// the largest shard, the bytes one query loads (manifest, shards, the
// fragments of the first page: the largest and the median of the
// queries) and the bound Stats.MaxQueryBytes; it fails when a query
// loads more than 300 KB.
func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			d := synth.Generate(synth.Options{Campaigns: n, Seed: 1})
			var st Stats
			var dir string
			for b.Loop() {
				dir = b.TempDir()
				var err error
				if st, err = Write(d, dir, testOptions); err != nil {
					b.Fatal(err)
				}
			}
			ix, err := Open(os.DirFS(filepath.Join(dir, "search")))
			if err != nil {
				b.Fatal(err)
			}
			var loads []int
			for _, q := range syntheticQueries {
				a, err := ix.Search(q, "en")
				if err != nil {
					b.Fatal(err)
				}
				if a.Bytes > 300<<10 {
					b.Errorf("%q loads %d bytes, over 300 KB", q, a.Bytes)
				}
				loads = append(loads, a.Bytes)
			}
			slices.Sort(loads)
			kb := func(n int) float64 { return float64(n) / 1024 }
			b.ReportMetric(float64(st.Records), "records")
			b.ReportMetric(kb(st.IndexBytes), "index-KB")
			b.ReportMetric(kb(st.FragmentBytes), "fragments-KB")
			b.ReportMetric(kb(st.LargestShard), "largest-shard-KB")
			b.ReportMetric(kb(loads[len(loads)-1]), "max-query-KB")
			b.ReportMetric(kb(loads[len(loads)/2]), "median-query-KB")
			b.ReportMetric(kb(st.MaxQueryBytes()), "bound-KB")
		})
	}
}
