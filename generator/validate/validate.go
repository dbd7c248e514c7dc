// Package validate checks a loaded Dataset beyond what the schemas can
// see: references between records, citations in prose, dates and links.
// It reports every problem it finds, never only the first.
package validate

import (
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
)

// Options tune the checks. Now is "today" for the no-future-dates rule.
type Options struct {
	Now time.Time
	// NoDrafts makes every draft a problem, for CI on the main branch.
	NoDrafts bool

	memo *textMemo // what Kept's reruns share: the parsed prose
}

// textMemo keeps the citations parsed out of each prose text, which do
// not depend on the rest of the data: a rerun parses only the texts an
// edit changed. It is safe for concurrent use.
type textMemo struct {
	m    sync.Map // text → []parsedParagraph
	urls sync.Map // raw URL → parsedURL
	n    atomic.Int64
}

// parsedURL is url.Parse's answer; its URL is only read.
type parsedURL struct {
	u   *url.URL
	err error
}

// parseURL is url.Parse, through the memo when there is one.
func (c *checker) parseURL(raw string) (*url.URL, error) {
	if c.memo == nil {
		return url.Parse(raw)
	}
	if v, ok := c.memo.urls.Load(raw); ok {
		p := v.(parsedURL)
		return p.u, p.err
	}
	u, err := url.Parse(raw)
	c.memo.count()
	c.memo.urls.Store(raw, parsedURL{u, err})
	return u, err
}

// count counts an entry stored, and starts the memo again empty past
// memoLimit.
func (t *textMemo) count() {
	if t.n.Add(1) > memoLimit {
		t.m.Clear()
		t.urls.Clear()
		t.n.Store(0)
	}
}

// parsedParagraph is a paragraph of a prose text with its citations.
type parsedParagraph struct {
	cite.Paragraph
	groups    []cite.Group
	malformed []string
}

// memoLimit bounds a textMemo: past it, it starts again empty.
const memoLimit = 1 << 20

// paragraphs parses text into paragraphs and their citations, through the
// memo when there is one.
func (c *checker) paragraphs(text string) []parsedParagraph {
	if c.memo != nil {
		if v, ok := c.memo.m.Load(text); ok {
			return v.([]parsedParagraph)
		}
	}
	var out []parsedParagraph
	for _, p := range cite.Paragraphs(text) {
		out = append(out, parsedParagraph{Paragraph: p, groups: cite.Parse(p.Text), malformed: cite.Malformed(p.Text)})
	}
	if c.memo != nil {
		c.memo.count()
		c.memo.m.Store(text, out)
	}
	return out
}

// checker accumulates the problems of one run.
type checker struct {
	d     *dataset.Dataset
	today dataset.Date
	probs []dataset.Problem

	// the ids of each kind, for "did you mean"
	placeIDs, actorIDs, orgIDs, sourceIDs, techniqueIDs []string
	// unreviewed records which record has been told cites source id
	unreviewedSaid map[string]bool
	memo           *textMemo // nil: parse every text
}

// Run loads the records under root of fsys, checks them and returns the
// dataset with every problem, located and sorted. The dataset may be
// partial when there are problems; never publish it then.
func Run(fsys fs.FS, root string, opts Options) (*dataset.Dataset, []dataset.Problem, error) {
	d, probs, _, err := RunKept(fsys, root, opts)
	return d, probs, err
}

// Kept is a validated load kept for Rerun.
type Kept struct {
	fsys   fs.FS
	opts   Options
	root   string
	loaded *dataset.Kept
	checks *checked // what the last checks found, for a rerun after an edit of campaigns only
}

// RunKept is Run, keeping what Rerun needs to validate again after some
// files changed.
func RunKept(fsys fs.FS, root string, opts Options) (*dataset.Dataset, []dataset.Problem, *Kept, error) {
	schemas, err := dataset.NewSchemas()
	if err != nil {
		return nil, nil, nil, err
	}
	d, probs, loaded := dataset.Loader{FS: fsys, Root: root, Schemas: schemas}.Keep()
	opts.memo = &textMemo{}
	k := &Kept{fsys: fsys, opts: opts, root: root, loaded: loaded}
	d, probs = k.finish(d, probs, nil, nil)
	return d, probs, k, nil
}

// Rerun is Run again after the files changed (slash-separated paths in
// fsys) were written, created or removed: only those are decoded again
// (dataset.Kept.Reload); every cross-record check runs again. k is
// unchanged.
func (k *Kept) Rerun(changed []string) (*dataset.Dataset, []dataset.Problem, *Kept) {
	return k.RerunWith(changed, nil)
}

// RerunWith is Rerun, running also, when not nil, on the dataset it
// returns while the cross-record checks run: work on the new data that
// is only used once it proves valid (portal serve's index of a
// preview). The dataset must not be changed by also.
func (k *Kept) RerunWith(changed []string, also func(*dataset.Dataset)) (*dataset.Dataset, []dataset.Problem, *Kept) {
	d, probs, loaded := k.loaded.Reload(changed)
	next := &Kept{fsys: k.fsys, opts: k.opts, root: k.root, loaded: loaded}
	var prev *checked
	if campaignsOnly(k.root, changed) {
		prev = k.checks
	}
	d, probs = next.finish(d, probs, also, prev)
	return d, probs, next
}

// campaignsOnly says whether every path changed is a campaign's file.
func campaignsOnly(root string, changed []string) bool {
	for _, p := range changed {
		if k, _, ok := dataset.RecordFile(root, p); !ok || k != dataset.KindCampaign {
			return false
		}
	}
	return len(changed) > 0
}

// finish checks a loaded dataset, reusing prev's checks when not nil
// (check), takes its drafts out, and locates and sorts the problems. It
// runs also, when not nil, on the published dataset (drafts taken out)
// while the checks run on the whole one.
func (k *Kept) finish(d *dataset.Dataset, probs []dataset.Problem, also func(*dataset.Dataset), prev *checked) (*dataset.Dataset, []dataset.Problem) {
	var found []dataset.Problem
	whole := d
	d = d.Published()
	var wg sync.WaitGroup
	wg.Go(func() { found, k.checks = check(whole, k.opts, prev) })
	if also != nil {
		also(d)
	}
	wg.Wait()
	probs = append(probs, found...)
	if k.opts.NoDrafts {
		for _, m := range d.Drafts {
			probs = append(probs, dataset.At(m, dataset.Ptr("status"), "this record is a draft: finish it, or keep it off this branch"))
		}
	}
	dataset.Locate(k.fsys, probs)
	return d, dataset.SortProblems(probs)
}

// Check runs every cross-record check on d. Its problems carry field
// pointers but no lines: pass them through dataset.Locate.
func Check(d *dataset.Dataset, opts Options) []dataset.Problem {
	probs, _ := check(d, opts, nil)
	return probs
}

// checked is what a check found, kept so that the next one, after an
// edit of campaigns only, reuses it: a campaign's checks read the other
// kinds' records, never another campaign, and no other record's checks
// read a campaign (but leads' and indicators', which are run again).
type checked struct {
	today     dataset.Date
	others    []dataset.Problem // of the places, organizations, actors, techniques and sources
	campaigns map[*dataset.Campaign][]dataset.Problem
}

// check is Check, reusing what prev found of the records that are still
// the same when prev is not nil: prev must be the check of data that
// differs from d in its campaigns only. It returns what the next check
// may reuse.
func check(d *dataset.Dataset, opts Options, prev *checked) ([]dataset.Problem, *checked) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := &checker{d: d, today: dataset.MustDate(now.UTC().Format(time.DateOnly)), unreviewedSaid: map[string]bool{}, memo: opts.memo,
		placeIDs:     ids(d.Places, func(r *dataset.Place) string { return r.ID }),
		actorIDs:     ids(d.Actors, func(r *dataset.Actor) string { return r.ID }),
		orgIDs:       ids(d.Organizations, func(r *dataset.Organization) string { return r.ID }),
		sourceIDs:    ids(d.Sources, func(r *dataset.Source) string { return r.ID }),
		techniqueIDs: ids(d.Techniques, func(r *dataset.Technique) string { return r.ID }),
	}
	if prev != nil && prev.today != c.today {
		prev = nil // the future-date checks moved on
	}
	next := &checked{today: c.today, campaigns: make(map[*dataset.Campaign][]dataset.Problem, len(d.Campaigns))}
	// The campaigns, about half the work, are checked alongside the other
	// records by a second checker: every check reads the data and writes
	// only its own checker's problems (unreviewedSaid is per record), and
	// the problems come out in the same order as one checker's.
	cc := *c
	cc.unreviewedSaid = map[string]bool{}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, cp := range d.Campaigns {
			if found, ok := prev.campaign(cp); ok {
				cc.probs = append(cc.probs, found...)
				next.campaigns[cp] = found
				continue
			}
			before := len(cc.probs)
			cc.campaign(cp)
			next.campaigns[cp] = slices.Clone(cc.probs[before:])
		}
		cc.imported() // leads and indicators: imported.go
	})
	if prev != nil {
		c.probs = slices.Clone(prev.others)
	} else {
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
	}
	next.others = slices.Clone(c.probs)
	wg.Wait()
	return append(c.probs, cc.probs...), next
}

// campaign returns what the check before found of cp, if it checked cp.
func (p *checked) campaign(cp *dataset.Campaign) ([]dataset.Problem, bool) {
	if p == nil {
		return nil, false
	}
	found, ok := p.campaigns[cp]
	return found, ok
}

func (c *checker) add(m dataset.Meta, ptr []string, format string, args ...any) {
	c.probs = append(c.probs, dataset.At(m, ptr, format, args...))
}

func (c *checker) place(p *dataset.Place) {
	if _, ok := ISOName(p.ID); !ok && dataset.IDPattern(dataset.KindPlace).MatchString(p.ID) {
		msg := fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code nor one of the ISO 3166-2 codes in generator/validate/iso3166-2.tsv", p.ID)
		if to, ok := placeAliases[p.ID]; ok {
			msg += fmt.Sprintf("; the ISO code is %q", to)
		}
		at := dataset.At(p.Meta, nil, "%s", msg)
		at.Field, at.Line, at.Col = "id", 1, 1
		c.probs = append(c.probs, at)
	}
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
	c.corrections(o.Meta, o.Corrections)
}

// Placeholder is what portal new writes where the maintainer must write:
// left in a record that is not a draft, it is a problem.
const Placeholder = "TODO"

// placeholder reports text portal new left to fill in.
func (c *checker) placeholder(m dataset.Meta, text, field string) {
	if strings.Contains(text, Placeholder) {
		c.add(m, dataset.Ptr(field), "placeholder text left (%s): write it, or set status: draft while you work", Placeholder)
	}
}

// corrections checks the dates of a record's corrections.
func (c *checker) corrections(m dataset.Meta, cs []dataset.Correction) {
	for i, k := range cs {
		c.date(m, k.Date, dataset.Ptr("corrections", i, "date"))
	}
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
	c.corrections(a.Meta, a.Corrections)
}

func (c *checker) source(s *dataset.Source) {
	if s.Publisher != "" && c.d.Organization(s.Publisher) == nil {
		c.add(s.Meta, dataset.Ptr("publisher"), "unknown organization %q: add data/organizations/%s.yaml%s", s.Publisher, s.Publisher, didYouMean(s.Publisher, c.orgIDs))
	}
	c.link(s.Meta, s.URL, "url")
	c.link(s.Meta, s.ArchiveURL, "archive_url")
	c.date(s.Meta, s.Published, dataset.Ptr("published"))
	c.date(s.Meta, s.Retrieved, dataset.Ptr("retrieved"))
	c.corrections(s.Meta, s.Corrections)
	if s.Status != dataset.StatusDraft {
		c.placeholder(s.Meta, s.Title, "title")
		c.placeholder(s.Meta, s.Excerpt, "excerpt")
	}
	if s.Status == "reviewed" { // reviewing a source includes saying where it was read
		c.provenance(s)
	}
}

// provenance checks that a source says where it was read: its URL lies on
// one of its publisher's domains, or the copy it was read from is named
// in via, on one of the hosting organization's domains.
func (c *checker) provenance(s *dataset.Source) {
	if s.URL == "" && s.Via == nil {
		c.add(s.Meta, dataset.Ptr("url"), "a source needs url (the document's own address), via (the copy it was read from), or both")
		return
	}
	if s.Via != nil {
		v := s.Via
		c.link(s.Meta, v.URL, "via", "url")
		c.date(s.Meta, v.Retrieved, dataset.Ptr("via", "retrieved"))
		if v.Organization != "" && v.Organization == s.Publisher {
			c.add(s.Meta, dataset.Ptr("via", "organization"), "via names the publisher itself; via is for a copy on another organization's site: remove it and put the address in url")
		} else if host := c.d.Organization(v.Organization); v.Organization != "" && host == nil {
			c.add(s.Meta, dataset.Ptr("via", "organization"), "unknown organization %q: add data/organizations/%s.yaml%s", v.Organization, v.Organization, didYouMean(v.Organization, c.orgIDs))
		} else if host != nil {
			c.onDomains(s.Meta, v.URL, host, dataset.Ptr("via", "url"), "the organization in via.organization")
		}
	}
	if pub := c.d.Organization(s.Publisher); pub != nil && s.URL != "" {
		hint := "its publisher"
		if s.Via == nil {
			hint += "; if this is a copy on another site, describe the original here and add via: {url, organization}"
		}
		c.onDomains(s.Meta, s.URL, pub, dataset.Ptr("url"), hint)
	}
}

// onDomains reports a URL whose host is not on one of o's domains.
func (c *checker) onDomains(m dataset.Meta, raw string, o *dataset.Organization, ptr []string, whose string) {
	u, err := c.parseURL(raw)
	if err != nil || u.Hostname() == "" {
		return // link reports it
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if len(o.Domains) == 0 {
		c.add(m, ptr, "organization %q declares no domains, so the host %s cannot be checked: list its own web domains in %s (domains: [...]); if %s is not its site, the source was read from a copy: describe the original and add via", o.ID, host, o.Path, host)
		return
	}
	if dataset.OnDomains(host, u.Path, o.Domains) {
		return
	}
	c.add(m, ptr, "host %s is not one of the domains of %q (%s), %s", host, o.ID, strings.Join(o.Domains, ", "), whose)
}

// placeRef checks a reference to a place. Place ids are ISO codes, a
// closed set: a missing but valid code can be added, an invalid one gets
// the nearest existing place, never an invitation to create it.
func (c *checker) placeRef(m dataset.Meta, id string, ptr []string) {
	if id == "" || c.d.Place(id) != nil || !dataset.IDPattern(dataset.KindPlace).MatchString(id) {
		return // the schema reports a malformed code
	}
	if to, ok := placeAliases[id]; ok {
		c.add(m, ptr, "unknown place %q: its ISO 3166 code is %q", id, to)
		return
	}
	if name, ok := ISOName(id); ok {
		c.add(m, ptr, "unknown place %q (%s in ISO 3166): add data/places/%s.yaml", id, name, id)
		return
	}
	c.add(m, ptr, "unknown place %q: not an ISO 3166 code%s", id, didYouMean(id, c.placeIDs))
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
	u, err := c.parseURL(raw)
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
	for _, p := range c.paragraphs(text) {
		at := dataset.At(m, ptr, "")
		at.Offset = p.Line
		groups := p.groups
		if everyParagraph && len(groups) == 0 {
			at.Message = fmt.Sprintf("paragraph %q cites no source: add [@source-id]", excerpt(p.Text))
			c.probs = append(c.probs, at)
		}
		// at the citation itself: its line within the paragraph and column
		atPos := func(i int) dataset.Problem {
			q := at
			before := p.Text[:i]
			q.Offset = p.Line + strings.Count(before, "\n")
			q.ColOffset = len([]rune(before[strings.LastIndexByte(before, '\n')+1:]))
			return q
		}
		seen := 0
		for _, bad := range p.malformed {
			i := strings.Index(p.Text[seen:], bad)
			q := at
			if i >= 0 {
				q, seen = atPos(seen+i), seen+i+len(bad)
			}
			q.Message = fmt.Sprintf("malformed citation %q: write [@id] or [@a; @b]", bad)
			c.probs = append(c.probs, q)
		}
		for _, g := range groups {
			for _, k := range g.Keys {
				if msg := c.sourceProblem(m, k); msg != "" {
					q := atPos(g.Start)
					q.Message = "citation " + msg
					c.probs = append(c.probs, q)
				}
			}
		}
	}
}

// sourceProblem says what is wrong with record m citing source id, or
// "". An unreviewed source is said once per record, however often cited.
func (c *checker) sourceProblem(m dataset.Meta, id string) string {
	s := c.d.Source(id)
	switch {
	case s == nil:
		return fmt.Sprintf("[@%s]: unknown source %q%s", id, id, didYouMean(id, c.sourceIDs))
	case s.Status == dataset.StatusDraft:
		return fmt.Sprintf("[@%s]: source %q is a draft; finish it (title, date, kind) and review it before citing it", id, id)
	case s.Status == "unreviewed":
		key := m.Path + "\x00" + id
		if c.unreviewedSaid[key] {
			return ""
		}
		c.unreviewedSaid[key] = true
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
