// Package bench holds the scale benchmarks of the whole pipeline:
//
//	go test ./bench -run x -bench . -benchtime 1x
//
// BenchmarkLoadValidate, BenchmarkBuild and BenchmarkBareHugo run at 1,000
// and 10,000 synthetic campaigns (sources are five times as many). The
// 10,000 runs are long; -bench 'campaigns=1000' keeps to the small ones.
// Peak memory needs one process per build: see run.sh.
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/interference-watch/portal/bench/bare"
	"github.com/interference-watch/portal/generator/hugosite"
	"github.com/interference-watch/portal/generator/publish"
	"github.com/interference-watch/portal/generator/synth"
	"github.com/interference-watch/portal/generator/validate"
)

var sizes = []int{1000, 10000}

var projects sync.Map // campaigns → project folder

// mustProject writes (once per process) a synthetic project of n campaigns.
func mustProject(b *testing.B, n int) string {
	b.Helper()
	if p, ok := projects.Load(n); ok {
		return p.(string)
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("portal-bench-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := synth.WriteProject(dir, "..", synth.Options{Campaigns: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	projects.Store(n, dir)
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	projects.Range(func(_, v any) bool { os.RemoveAll(v.(string)); return true })
	os.Exit(code)
}

func BenchmarkLoadValidate(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			dir := mustProject(b, n)
			for b.Loop() {
				_, probs, err := validate.Run(os.DirFS(dir), "data", validate.Options{Now: time.Now()})
				if err != nil || len(probs) > 0 {
					b.Fatalf("%v %v", err, probs[:min(3, len(probs))])
				}
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			dir := mustProject(b, n)
			var rep publish.Report
			for b.Loop() {
				var err error
				rep, err = publish.Build(publish.Config{Root: dir, Out: filepath.Join(b.TempDir(), "public")})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rep.Pages), "pages")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rep.Pages), "ns/page")
		})
	}
}

func BenchmarkBareHugo(b *testing.B) {
	for _, n := range sizes {
		pages := n*6 + n/10 + max(20, n/50) + 120 + 60 + 7 // what BenchmarkBuild renders for n campaigns
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			site := filepath.Join(b.TempDir(), "site")
			if err := bare.Write(site, pages); err != nil {
				b.Fatal(err)
			}
			var res hugosite.Result
			for b.Loop() {
				ov, err := hugosite.NewOverlay(site)
				if err != nil {
					b.Fatal(err)
				}
				res, err = hugosite.Build(hugosite.Options{Overlay: ov, Dest: filepath.Join(b.TempDir(), "public")})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Pages), "pages")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Pages), "ns/page")
		})
	}
}
