package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
)

// Writer receives staged files by slash-separated path, such as
// "content/campaigns/op.html". It must be safe for concurrent use.
type Writer interface {
	WriteFile(path string, data []byte) error
}

// Stage writes one Hugo content file per record and per list page under
// o.ContentDir (default content/) through w. Files are HTML content with JSON front matter, so
// Hugo does not render Markdown again. It returns the number of files.
func Stage(d *dataset.Dataset, w Writer, o Options) (int, error) {
	ps, err := newPageSet(o)
	if err != nil {
		return 0, err
	}
	log := o.History
	if log == nil {
		log = &history.Log{}
	}
	back := o.Index
	if back == nil {
		back = newBacklinks(d)
	}
	r := &renderer{d: d, back: back, prose: NewProse(), pages: ps, lang: o.Lang, log: log,
		baseURL: withSlash(o.BaseURL), defaultLang: cmp.Or(o.DefaultLang, "en"), now: cmp.Or(o.Now, time.Now()), langs: o.Languages}
	var jobs []job
	add := func(rel string, f func() (frontMatter, string, error)) {
		jobs = append(jobs, job{rel, func() (frontMatter, string, error) {
			fm, body, err := f()
			if err != nil {
				return fm, body, err
			}
			return fm, r.withHead(rel, &fm, body), nil
		}})
	}
	add("_index.html", r.homeBody)
	for _, s := range campaignSorts {
		if s.key == "" {
			add("campaigns/_index.html", func() (frontMatter, string, error) { return r.campaignsList("") })
		} else {
			add("campaigns/sorted/"+s.key+".html", func() (frontMatter, string, error) { return r.campaignsList(s.key) })
		}
	}
	add("actors/_index.html", r.actorsSection)
	add("organizations/_index.html", r.organizationsSection)
	add("sources/_index.html", r.sourcesSection)
	add("techniques/_index.html", r.matrix)
	add("places/_index.html", r.placesGrid)
	add("changes.html", r.changesPage)
	add("explore/_index.html", r.explorePage)
	for _, s := range back.facets(d) {
		if !facetOwnPage(s.key) {
			continue
		}
		for _, v := range s.values {
			add("explore/"+s.key+"/"+strings.ToLower(v.id)+".html", func() (frontMatter, string, error) { return r.facetPage(s.key, v) })
		}
	}
	for _, c := range d.Campaigns {
		add("campaigns/"+c.ID+".html", func() (frontMatter, string, error) { return r.campaign(c) })
	}
	if len(d.Indicators) > 0 { // indicators.go
		add("indicators/_index.html", r.indicatorsSection)
	}
	for _, in := range d.Indicators {
		if d.Campaign(in.ID) != nil {
			add("indicators/"+in.ID+".html", func() (frontMatter, string, error) { return r.indicatorsPage(in) })
		}
	}
	for _, a := range d.Actors {
		add("actors/"+a.ID+".html", func() (frontMatter, string, error) { return r.actor(a) })
	}
	for _, o := range d.Organizations {
		add("organizations/"+o.ID+".html", func() (frontMatter, string, error) { return r.organization(o) })
	}
	for _, s := range d.Sources {
		add("sources/"+s.ID+".html", func() (frontMatter, string, error) { return r.source(s) })
	}
	for _, t := range d.Techniques {
		add("techniques/"+t.ID+".html", func() (frontMatter, string, error) { return r.technique(t) })
	}
	for _, p := range d.Places {
		add("places/"+p.ID+".html", func() (frontMatter, string, error) { return r.place(p) })
	}
	dir := o.ContentDir
	if dir == "" {
		dir = "content/"
	}
	n, err := runJobs(w, strings.TrimSuffix(dir, "/")+"/", o.FileLang, jobs)
	if err != nil {
		return n, err
	}
	if o.Files != nil {
		if _, err := r.writeFiles(o.Files); err != nil {
			return n, fmt.Errorf("render files: %w", err)
		}
	}
	if miss := ps.Missing(); len(miss) > 0 {
		slices.Sort(miss)
		return n, fmt.Errorf("render: strings missing from %s.toml: %s", o.Lang, strings.Join(miss, ", "))
	}
	return n, nil
}

type job struct {
	rel   string
	build func() (frontMatter, string, error)
}

func runJobs(w Writer, dir, lang string, jobs []job) (int, error) {
	err := forEach(len(jobs), func() func(int) error {
		var buf bytes.Buffer
		return func(i int) error { return writePage(w, &buf, dir+langName(jobs[i].rel, lang), jobs[i].build) }
	})
	if err != nil {
		return 0, err
	}
	return len(jobs), nil
}

func writePage(w Writer, buf *bytes.Buffer, path string, build func() (frontMatter, string, error)) error {
	fm, body, err := build()
	if err != nil {
		return fmt.Errorf("stage %s: %w", path, err)
	}
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return fmt.Errorf("stage %s: %w", path, err)
	}
	buf.WriteString(body)
	if err := w.WriteFile(path, bytes.Clone(buf.Bytes())); err != nil {
		return fmt.Errorf("stage: %w", err)
	}
	return nil
}

func withSlash(u string) string {
	if u == "" || strings.HasSuffix(u, "/") {
		return u
	}
	return u + "/"
}

// langName puts the language in a file name, as Hugo reads translations
// by file name: campaigns/op.html becomes campaigns/op.fr.html.
func langName(rel, lang string) string {
	if lang == "" {
		return rel
	}
	return strings.TrimSuffix(rel, ".html") + "." + lang + ".html"
}
