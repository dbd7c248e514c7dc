package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/interference-watch/portal/generator/dataset"
)

// Stage writes one Hugo content file per record and per list page under
// contentDir, which must exist and be empty. Files are HTML content with
// JSON front matter, so Hugo does not render Markdown again. It returns the
// number of files written.
func Stage(d *dataset.Dataset, contentDir string) (int, error) {
	r := &renderer{d: d, back: newBacklinks(d), prose: NewProse()}
	var jobs []job
	add := func(rel string, f func() (frontMatter, string)) { jobs = append(jobs, job{rel, f}) }
	add("_index.html", r.home)
	add("campaigns/_index.html", r.campaignsSection)
	add("actors/_index.html", r.actorsSection)
	add("organizations/_index.html", r.organizationsSection)
	add("sources/_index.html", r.sourcesSection)
	add("techniques/_index.html", r.techniquesSection)
	add("places/_index.html", r.placesSection)
	for _, c := range d.Campaigns {
		add("campaigns/"+c.ID+".html", func() (frontMatter, string) { return r.campaign(c) })
	}
	for _, a := range d.Actors {
		add("actors/"+a.ID+".html", func() (frontMatter, string) { return r.actor(a) })
	}
	for _, o := range d.Organizations {
		add("organizations/"+o.ID+".html", func() (frontMatter, string) { return r.organization(o) })
	}
	for _, s := range d.Sources {
		add("sources/"+s.ID+".html", func() (frontMatter, string) { return r.source(s) })
	}
	for _, t := range d.Techniques {
		add("techniques/"+t.ID+".html", func() (frontMatter, string) { return r.technique(t) })
	}
	for _, p := range d.Places {
		add("places/"+p.ID+".html", func() (frontMatter, string) { return r.place(p) })
	}
	for _, dir := range []string{"campaigns", "actors", "organizations", "sources", "techniques", "places"} {
		if err := os.MkdirAll(filepath.Join(contentDir, dir), 0o755); err != nil {
			return 0, err
		}
	}
	return runJobs(contentDir, jobs)
}

type job struct {
	rel   string
	build func() (frontMatter, string)
}

func runJobs(contentDir string, jobs []job) (int, error) {
	var (
		next     atomic.Int64
		firstErr error
		once     sync.Once
		wg       sync.WaitGroup
	)
	for range workers() {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
				if err := writePage(&buf, filepath.Join(contentDir, jobs[i].rel), jobs[i].build); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return len(jobs), nil
}

func writePage(buf *bytes.Buffer, path string, build func() (frontMatter, string)) error {
	fm, body := build()
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return fmt.Errorf("stage %s: %w", path, err)
	}
	buf.WriteString(body)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("stage: %w", err)
	}
	return nil
}
