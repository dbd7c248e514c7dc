package render

import (
	"cmp"
	"html"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
)

// HistoryView is the change history shown at the foot of a record page.
type HistoryView struct {
	Updated     *Date
	Changes     []ChangeView
	Corrections []CorrectionView
}

// CorrectionView is one correction of fact made to a record, with its
// reason; Record is set on the site-wide log.
type CorrectionView struct {
	Date   *Date
	Note   string
	Record Link
}

// ChangeView is one commit in a history list.
type ChangeView struct {
	Date    *Date
	Subject string
	Commit  string // short hash
	URL     string // the commit on the repository's site, when known
	Records []Link // records it touched (changes page only)
}

// changesShown caps the per-record history and the site-wide change log.
const (
	recordChangesShown = 10
	siteChangesShown   = 100
)

func (r *renderer) history(p string) *HistoryView {
	cs := r.log.Of(p)
	fixes := r.correctionsOf(p)
	if len(cs) == 0 && len(fixes) == 0 {
		return nil
	}
	h := &HistoryView{}
	if len(cs) > 0 {
		h.Updated = r.dateOf(cs[0])
	}
	for _, k := range fixes {
		h.Corrections = append(h.Corrections, CorrectionView{Date: r.date(k.Date), Note: k.Note})
	}
	for _, c := range cs[:min(len(cs), recordChangesShown)] {
		h.Changes = append(h.Changes, r.change(c))
	}
	return h
}

func (r *renderer) change(c history.Change) ChangeView {
	v := ChangeView{Date: r.dateOf(c), Subject: c.Subject, Commit: c.Commit[:min(len(c.Commit), 12)]}
	if r.pages.repo != "" {
		v.URL = r.pages.repo + "/commit/" + c.Commit
	}
	return v
}

func (r *renderer) dateOf(c history.Change) *Date { return r.dateOfTime(c.Date) }

func (r *renderer) dateOfTime(t time.Time) *Date {
	if t.IsZero() {
		return nil
	}
	return r.date(dataset.MustDate(t.UTC().Format("2006-01-02")))
}

// lastmod is the date of the last change to p, for the sitemap.
func (r *renderer) lastmod(p string) string {
	if u := r.log.Updated(p); !u.IsZero() {
		return u.UTC().Format("2006-01-02")
	}
	return ""
}

// correctionsOf returns the corrections recorded in the data file p,
// newest first.
func (r *renderer) correctionsOf(p string) []dataset.Correction {
	dir, file := path.Split(p)
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".yaml"), ".yml")
	var cs []dataset.Correction
	switch strings.TrimSuffix(strings.TrimPrefix(dir, "data/"), "/") {
	case "campaigns":
		if c := r.d.Campaign(id); c != nil {
			cs = c.Corrections
		}
	case "actors":
		if a := r.d.Actor(id); a != nil {
			cs = a.Corrections
		}
	case "organizations":
		if o := r.d.Organization(id); o != nil {
			cs = o.Corrections
		}
	case "sources":
		if s := r.d.Source(id); s != nil {
			cs = s.Corrections
		}
	}
	return newestFirst(cs)
}

func newestFirst(cs []dataset.Correction) []dataset.Correction {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b dataset.Correction) int { return strings.Compare(b.Date.String(), a.Date.String()) })
	return out
}

// allCorrections lists every record's corrections, newest first, for the
// site-wide corrections log.
func (r *renderer) allCorrections() []CorrectionView {
	type fix struct {
		dataset.Correction
		path string
	}
	var all []fix
	add := func(p string, cs []dataset.Correction) {
		for _, c := range cs {
			all = append(all, fix{c, p})
		}
	}
	for _, c := range r.d.Campaigns {
		add(c.Path, c.Corrections)
	}
	for _, a := range r.d.Actors {
		add(a.Path, a.Corrections)
	}
	for _, o := range r.d.Organizations {
		add(o.Path, o.Corrections)
	}
	for _, s := range r.d.Sources {
		add(s.Path, s.Corrections)
	}
	slices.SortStableFunc(all, func(a, b fix) int {
		return cmp.Or(strings.Compare(b.Date.String(), a.Date.String()), strings.Compare(a.path, b.path))
	})
	out := make([]CorrectionView, 0, len(all))
	for _, f := range all {
		l, _ := r.recordLink(f.path)
		out = append(out, CorrectionView{Date: r.date(f.Date), Note: f.Note, Record: l})
	}
	return out
}

// recordLink finds the page of a data file, such as
// data/campaigns/op.yaml, if the record still exists.
func (r *renderer) recordLink(p string) (Link, bool) {
	dir, file := path.Split(p)
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".yaml"), ".yml")
	switch strings.TrimSuffix(strings.TrimPrefix(dir, "data/"), "/") {
	case "campaigns":
		if c := r.d.Campaign(id); c != nil {
			return Link{Title: r.campaignName(c), URL: campaignURL(id)}, true
		}
	case "actors":
		return r.actorLink(id), r.d.Actor(id) != nil
	case "organizations":
		return r.orgLink(id), r.d.Organization(id) != nil
	case "sources":
		if s := r.d.Source(id); s != nil {
			return Link{Title: s.Title, URL: sourceURL(id)}, true
		}
	case "techniques":
		return r.techniqueLink(id), r.d.Technique(id) != nil
	case "places":
		return r.placeLink(id), r.d.Place(id) != nil
	}
	return Link{}, false
}

// changesPage is the site-wide change log: the latest commits to data/,
// each with the records it touched.
func (r *renderer) changesPage() (frontMatter, string, error) {
	var b strings.Builder
	t := r.pages.t
	b.WriteString("<p>" + html.EscapeString(t("changes_intro")) + "</p>\n")
	if len(r.log.Changes) == 0 {
		b.WriteString("<p>" + html.EscapeString(t("changes_none")) + "</p>\n")
	}
	b.WriteString(`<p class="feed"><a href="` + FeedName + `" type="application/atom+xml">` + html.EscapeString(t("changes_feed")) + "</a></p>\n")
	if fixes := r.allCorrections(); len(fixes) > 0 {
		b.WriteString(`<h2 id="corrections">` + html.EscapeString(t("corrections")) + "</h2>\n<ul class=\"corrections\">\n")
		for _, f := range fixes {
			b.WriteString("<li>" + string(dateHTML(f.Date)) + ` — <a href="../` + html.EscapeString(f.Record.URL) + `">` +
				html.EscapeString(f.Record.Title) + "</a>: " + html.EscapeString(f.Note) + "</li>\n")
		}
		b.WriteString("</ul>\n<h2 id=\"all-changes\">" + html.EscapeString(t("all_changes")) + "</h2>\n")
	}
	b.WriteString(`<ol class="changes">` + "\n")
	for _, c := range r.log.Changes[:min(len(r.log.Changes), siteChangesShown)] {
		v := r.change(c)
		b.WriteString(`<li id="` + changeAnchor(c) + `">`)
		b.WriteString(string(dateHTML(v.Date)))
		b.WriteString(" — ")
		b.WriteString(html.EscapeString(v.Subject))
		if v.URL != "" {
			b.WriteString(` (<a href="` + html.EscapeString(v.URL) + `" rel="external noopener"><code>` + v.Commit + `</code></a>)`)
		}
		if recs := r.changedRecords(c); len(recs) > 0 {
			b.WriteString(`<ul class="links">`)
			for _, rec := range recs[:min(len(recs), 20)] {
				b.WriteString("<li>")
				if rec.Found {
					// The changes page sits one folder deep: links climb one level.
					b.WriteString(`<a href="../` + html.EscapeString(rec.URL) + `">` + html.EscapeString(rec.Title) + `</a>`)
				} else {
					b.WriteString("<code>" + html.EscapeString(rec.Path) + "</code>")
				}
				if rec.Status != "modified" {
					b.WriteString(" (" + html.EscapeString(t("change_"+rec.Status)) + ")")
				}
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n")
	return frontMatter{Title: t("changes_title"), Description: t("changes_intro"), Params: pageParams{Kind: "changes", Feed: true}}, b.String(), nil
}

// changedRecord is a record a commit touched, as the change log shows it:
// linked when it still exists, by its file when it was deleted.
type changedRecord struct {
	Link
	Found  bool
	Path   string
	Status string // added, modified or deleted
}

// changedRecords lists the records a commit added, changed or removed,
// leaving out files that are not records (such as data/README.md).
func (r *renderer) changedRecords(c history.Change) []changedRecord {
	var out []changedRecord
	for i, p := range c.Paths {
		l, ok := r.recordLink(p)
		status := c.StatusOf(i)
		if !ok && status != "deleted" {
			continue
		}
		out = append(out, changedRecord{Link: l, Found: ok, Path: p, Status: status})
	}
	return out
}

// changeAnchor is the id of a commit's entry on the changes page.
func changeAnchor(c history.Change) string {
	return "change-" + html.EscapeString(c.Commit[:min(len(c.Commit), 12)])
}

// changesAtom is the Atom feed of the changes page: the latest commits to
// the data, each with the records it added, changed or removed.
func (r *renderer) changesAtom() ([]byte, error) {
	t := r.pages.t
	page := "changes/"
	f := r.newFeed(page, t("changes_title")+" · "+SiteTitle)
	updated := r.now.UTC()
	for i, c := range r.log.Changes[:min(len(r.log.Changes), feedEntries)] {
		if i == 0 {
			updated = c.Date.UTC()
		}
		var parts []string
		for _, rec := range r.changedRecords(c) {
			name := rec.Title
			if !rec.Found {
				name = rec.Path
			}
			if rec.Status != "modified" {
				name += " (" + t("change_"+rec.Status) + ")"
			}
			parts = append(parts, name)
		}
		e := atomEntry{ID: r.permalink(page) + "#" + changeAnchor(c), Title: c.Subject, Updated: c.Date.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: r.permalink(page) + "#" + changeAnchor(c)}},
			Summary: strings.Join(parts, "; ")}
		if r.pages.repo != "" {
			e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: r.pages.repo + "/commit/" + c.Commit})
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.Format(time.RFC3339)
	return encodeAtom(f)
}
