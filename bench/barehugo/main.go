// Command barehugo builds the bare-Hugo baseline of the benchmarks:
// barehugo -pages N -dir DIR writes DIR/site with N minimal pages (once)
// and builds it into DIR/public with the same embedded Hugo as portal.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/interference-watch/portal/bench/bare"
	"github.com/interference-watch/portal/generator/hugosite"
)

func main() {
	pages := flag.Int("pages", 1000, "number of minimal pages")
	dir := flag.String("dir", "", "working folder")
	flag.Parse()
	if err := run(*pages, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "barehugo:", err)
		os.Exit(1)
	}
}

func run(pages int, dir string) error {
	if dir == "" {
		return fmt.Errorf("pass -dir")
	}
	site := filepath.Join(dir, "site")
	if _, err := os.Stat(site); err != nil {
		if err := bare.Write(site, pages); err != nil {
			return err
		}
	}
	out := filepath.Join(dir, "public")
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	ov, err := hugosite.NewOverlay(site)
	if err != nil {
		return err
	}
	t := time.Now()
	res, err := hugosite.Build(hugosite.Options{Overlay: ov, Dest: out})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bare hugo: %d pages in %s\n", res.Pages, time.Since(t).Round(time.Millisecond))
	return nil
}
