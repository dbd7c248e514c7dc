// Package validate checks a loaded Dataset beyond what the schemas can
// see: references between records, citations in prose, dates and links.
// It reports every problem it finds, never only the first.
package validate

import (
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
)

// Options tune the checks. Now is "today" for the no-future-dates rule.
type Options struct {
	Now time.Time
}

// checker accumulates the problems of one run.
type checker struct {
	d     *dataset.Dataset
	today dataset.Date
	probs []dataset.Problem
}

// Run loads the records under root of fsys, checks them and returns the
// dataset with every problem, located and sorted. The dataset may be
// partial when there are problems; never publish it then.
func Run(fsys fs.FS, root string, opts Options) (*dataset.Dataset, []dataset.Problem, error) {
	schemas, err := dataset.NewSchemas()
	if err != nil {
		return nil, nil, err
	}
	d, probs := dataset.Loader{FS: fsys, Root: root, Schemas: schemas}.Load()
	probs = append(probs, Check(d, opts)...)
	dataset.Locate(fsys, probs)
	return d, dataset.SortProblems(probs), nil
}

// Check runs every cross-record check on d. Its problems carry field
// pointers but no lines: pass them through dataset.Locate.
func Check(d *dataset.Dataset, opts Options) []dataset.Problem {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := &checker{d: d, today: dataset.MustDate(now.UTC().Format(time.DateOnly))}
	for _, p := range d.Places {
		c.place(p)
	}
	for _, o := range d.Organizations {
		c.organization(o)
	}
	for _, a := range d.Actors {
		c.actor(a)
	}
	for _, t := range d.Techniques {
		c.link(t.Meta, t.URL, "url")
	}
	for _, s := range d.Sources {
		c.source(s)
	}
	for _, cp := range d.Campaigns {
		c.campaign(cp)
	}
	c.imported() // leads and indicators: imported.go
	return c.probs
}

func (c *checker) add(m dataset.Meta, ptr []string, format string, args ...any) {
	c.probs = append(c.probs, dataset.At(m, ptr, format, args...))
}

func (c *checker) place(p *dataset.Place) {
	if p.Parent == "" {
		return
	}
	if c.d.Place(p.Parent) == nil {
		c.add(p.Meta, dataset.Ptr("parent"), "unknown place %q", p.Parent)
		return
	}
	seen := map[string]bool{p.ID: true}
	for q := c.d.Place(p.Parent); q != nil; q = c.d.Place(q.Parent) {
		if seen[q.ID] {
			c.add(p.Meta, dataset.Ptr("parent"), "places form a loop through %q", q.ID)
			return
		}
		seen[q.ID] = true
	}
}

func (c *checker) organization(o *dataset.Organization) {
	c.placeRef(o.Meta, o.Country, dataset.Ptr("country"))
	c.link(o.Meta, o.URL, "url")
}

func (c *checker) actor(a *dataset.Actor) {
	c.placeRef(a.Meta, a.Country, dataset.Ptr("country"))
	c.prose(a.Meta, a.Summary, dataset.Ptr("summary"), true)
	for i, l := range a.Links {
		c.link(a.Meta, l, "links", i)
	}
	if a.FR != nil {
		c.prose(a.Meta, a.FR.Summary, dataset.Ptr("fr", "summary"), true)
	}
}

func (c *checker) source(s *dataset.Source) {
	if s.Publisher != "" && c.d.Organization(s.Publisher) == nil {
		c.add(s.Meta, dataset.Ptr("publisher"), "unknown organization %q", s.Publisher)
	}
	c.link(s.Meta, s.URL, "url")
	c.link(s.Meta, s.ArchiveURL, "archive_url")
	c.date(s.Meta, s.Published, dataset.Ptr("published"))
	c.date(s.Meta, s.Retrieved, dataset.Ptr("retrieved"))
}

func (c *checker) placeRef(m dataset.Meta, id string, ptr []string) {
	if id != "" && c.d.Place(id) == nil {
		c.add(m, ptr, "unknown place %q: add data/places/%s.yaml", id, id)
	}
}

// date checks that a present date parsed and does not lie in the future.
func (c *checker) date(m dataset.Meta, d dataset.Date, ptr []string) {
	if d.IsZero() {
		return
	}
	if d.Err != nil {
		c.add(m, ptr, "%v", d.Err)
		return
	}
	if c.today.Before(d) {
		c.add(m, ptr, "%s is in the future", d)
	}
}

// link checks that a present link is an absolute http(s) URL with a host.
// The schema already rejects other schemes; this catches what a pattern
// cannot: spaces, control characters, a missing host.
func (c *checker) link(m dataset.Meta, raw string, ptr ...any) {
	if raw == "" || !(strings.HasPrefix(raw, "http://") || strings.HasPrefix(raw, "https://")) {
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		c.add(m, dataset.Ptr(ptr...), "not a valid URL: %v", unwrapURLError(err))
	case u.Host == "" || u.Hostname() == "":
		c.add(m, dataset.Ptr(ptr...), "URL %q has no host", raw)
	case strings.ContainsAny(raw, " \t\n\r"):
		c.add(m, dataset.Ptr(ptr...), "URL %q contains spaces: encode them as %%20", raw)
	case strings.ContainsAny(raw, "\"<>\\^`{|}"):
		c.add(m, dataset.Ptr(ptr...), "URL %q contains characters a URL may not hold raw (\" < > \\ ^ ` { | }): percent-encode them", raw)
	}
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// prose checks the citations of a Markdown text: every key resolves to a
// reviewed source, no citation is malformed and, when everyParagraph is
// set, each paragraph cites at least one source.
func (c *checker) prose(m dataset.Meta, text string, ptr []string, everyParagraph bool) {
	for _, p := range cite.Paragraphs(text) {
		at := dataset.At(m, ptr, "")
		at.Offset = p.Line
		groups := cite.Parse(p.Text)
		if everyParagraph && len(groups) == 0 {
			at.Message = fmt.Sprintf("paragraph %q cites no source: add [@source-id]", excerpt(p.Text))
			c.probs = append(c.probs, at)
		}
		for _, bad := range cite.Malformed(p.Text) {
			at.Message = fmt.Sprintf("malformed citation %q: write [@id] or [@a; @b]", bad)
			c.probs = append(c.probs, at)
		}
		for _, g := range groups {
			for _, k := range g.Keys {
				if msg := c.sourceProblem(k); msg != "" {
					at.Message = "citation " + msg
					c.probs = append(c.probs, at)
				}
			}
		}
	}
}

// sourceProblem says what is wrong with citing source id, or "".
func (c *checker) sourceProblem(id string) string {
	s := c.d.Source(id)
	switch {
	case s == nil:
		return fmt.Sprintf("[@%s]: unknown source %q", id, id)
	case s.Status == "unreviewed":
		return fmt.Sprintf("[@%s]: source %q is %s; review it (status: reviewed) before citing it", id, id, s.Status)
	}
	return ""
}

func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
