package render

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/interference-watch/portal/generator/component"
	"github.com/interference-watch/portal/generator/page"
	"github.com/interference-watch/portal/generator/synth"
)

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

var benchOptions = Options{Lang: "en", Strings: os.DirFS("../../site/i18n"), Files: discard{}, Languages: languages, BaseURL: "https://example.org/"}

// BenchmarkStage measures rendering every page of a synthetic dataset,
// without the file system.
func BenchmarkStage(b *testing.B) {
	for _, n := range []int{1000} {
		d := synth.Generate(synth.Options{Campaigns: n, Seed: 1})
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Stage(d, discard{}, benchOptions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPage measures one page of each of the two kinds that are
// most of the site, per page: building its model (model) and rendering
// its body and head with the components (render).
func BenchmarkPage(b *testing.B) {
	d := synth.Generate(synth.Options{Campaigns: 1000, Seed: 1})
	bl, err := newBuilder(d, benchOptions)
	if err != nil {
		b.Fatal(err)
	}
	ctx := component.WithStrings(context.Background(), bl.Strings())
	kinds := []struct {
		name  string
		pages func(i int) page.Page
		n     int
	}{
		{"campaign", func(i int) page.Page { return bl.CampaignPage(d.Campaigns[i]) }, len(d.Campaigns)},
		{"source", func(i int) page.Page { return bl.SourcePage(d.Sources[i]) }, len(d.Sources)},
	}
	for _, k := range kinds {
		b.Run(k.name+"/model", func(b *testing.B) {
			i := 0
			for b.Loop() {
				k.pages(i % k.n)
				i++
			}
		})
		b.Run(k.name+"/model+render", func(b *testing.B) {
			i := 0
			for b.Loop() {
				p := k.pages(i % k.n)
				if err := component.Body(ctx, io.Discard, p); err != nil {
					b.Fatal(err)
				}
				if err := component.Head(p.Head).Render(ctx, io.Discard); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		pages := make([]page.Page, k.n)
		for i := range pages {
			pages[i] = k.pages(i)
		}
		b.Run(k.name+"/render", func(b *testing.B) {
			i := 0
			for b.Loop() {
				p := pages[i%k.n]
				if err := component.Body(ctx, io.Discard, p); err != nil {
					b.Fatal(err)
				}
				if err := component.Head(p.Head).Render(ctx, io.Discard); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
