package validate

import (
	"fmt"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/synth"
)

// BenchmarkCheck measures the cross-record checks of a synthetic dataset:
// portal serve runs them on the whole dataset before each preview.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		d := synth.Generate(synth.Options{Campaigns: n, Seed: 1})
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			for b.Loop() {
				Check(d, Options{Now: now})
			}
		})
		// As a rerun checks: with the prose parsed by the runs before.
		memo := &textMemo{}
		Check(d, Options{Now: now, memo: memo})
		b.Run(fmt.Sprintf("campaigns=%d/rerun", n), func(b *testing.B) {
			for b.Loop() {
				Check(d, Options{Now: now, memo: memo})
			}
		})
	}
}
