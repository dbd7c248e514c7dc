package page

import (
	"fmt"
	"testing"

	"github.com/interference-watch/portal/generator/synth"
)

// BenchmarkNewIndex measures the cross-references of a synthetic
// dataset: portal serve works them out for each preview.
func BenchmarkNewIndex(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		d := synth.Generate(synth.Options{Campaigns: n, Seed: 1})
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			for b.Loop() {
				NewIndex(d)
			}
		})
		// After an edit: the campaigns the reload kept as they were.
		prev := NewIndex(d)
		b.Run(fmt.Sprintf("campaigns=%d/after", n), func(b *testing.B) {
			for b.Loop() {
				NewIndexAfter(d, prev)
			}
		})
	}
}
