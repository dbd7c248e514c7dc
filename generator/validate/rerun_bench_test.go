package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/synth"
)

// BenchmarkRerun measures what portal serve does with the data before a
// preview: one campaign file rewritten, loaded again and every
// cross-record check run, on a synthetic project written to disk.
func BenchmarkRerun(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		dir := b.TempDir()
		if _, err := synth.WriteProject(dir, filepath.Join("..", ".."), synth.Options{Campaigns: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		_, _, kept, err := RunKept(os.DirFS(dir), "data", Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		file := filepath.Join(dir, "data", "campaigns", "campaign-1.yaml")
		text, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if err := os.WriteFile(file, fmt.Appendf(nil, "%s# edit %d\n", text, i), 0o644); err != nil {
					b.Fatal(err)
				}
				_, _, kept = kept.Rerun([]string{"data/campaigns/campaign-1.yaml"})
			}
		})
	}
}
