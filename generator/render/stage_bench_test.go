package render

import (
	"fmt"
	"os"
	"testing"

	"github.com/interference-watch/portal/generator/synth"
)

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkStage measures rendering every page of a synthetic dataset,
// without the file system.
func BenchmarkStage(b *testing.B) {
	for _, n := range []int{1000} {
		d := synth.Generate(synth.Options{Campaigns: n, Seed: 1})
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Stage(d, discard{}, Options{Lang: "en", Strings: os.DirFS("../../site/i18n"), Files: discard{}, Languages: languages}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
