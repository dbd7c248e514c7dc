// Package bare writes the baseline for the build benchmarks: a Hugo
// project of n minimal pages (one Markdown file each, one small template),
// which is what "bare Hugo" means in the targets.
package bare

import (
	"fmt"
	"os"
	"path/filepath"
)

const config = `baseURL = "http://127.0.0.1/"
title = "bare"
disableKinds = ["taxonomy", "term", "rss"]
`

const single = `<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
`

// Write lays out the project under dir: n pages spread over 6 sections.
func Write(dir string, n int) error {
	files := map[string]string{
		"hugo.toml":           config,
		"layouts/single.html": single,
		"layouts/list.html":   single,
		"layouts/home.html":   single,
	}
	for name, body := range files {
		if err := write(filepath.Join(dir, name), body); err != nil {
			return err
		}
	}
	for i := range n {
		p := filepath.Join(dir, "content", fmt.Sprintf("s%d", i%6), fmt.Sprintf("page-%d.md", i))
		body := fmt.Sprintf("---\ntitle: Page %d\n---\nA minimal page with one paragraph of text, number %d.\n", i, i)
		if err := write(p, body); err != nil {
			return err
		}
	}
	return nil
}

func write(p, body string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(body), 0o644)
}
