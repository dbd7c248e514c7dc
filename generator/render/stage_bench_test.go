package render

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/interference-watch/portal/generator/synth"
)

func BenchmarkStage(b *testing.B) {
	for _, n := range []int{1000} {
		d := synth.Generate(synth.Options{Campaigns: n, Seed: 1})
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				dir := filepath.Join(b.TempDir(), fmt.Sprint(i))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					b.Fatal(err)
				}
				if _, err := Stage(d, DirWriter(dir), Options{Lang: "en", Strings: os.DirFS("../../site/i18n")}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
