package page

import (
	"cmp"
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
	Date     *Date
	Note     string
	NoteLang string // set when the note is shown in another language, for want of a translation
	Record   Link
}

// ChangeView is one commit in a history list.
type ChangeView struct {
	Date    *Date
	Subject string
	// SubjectLang is "en" on pages in other languages: commit messages
	// are written in English.
	SubjectLang string
	Commit      string // short hash
	URL         string // the commit on the repository's site, when known
	Records     []Link // records it touched (changes page only)
}

// changesShown caps the per-record history and the site-wide change log.
const (
	recordChangesShown = 10
	siteChangesShown   = 100
)

func (b *Builder) history(p string) *HistoryView {
	cs := b.log.Of(p)
	fixes := b.correctionsOf(p)
	if len(cs) == 0 && len(fixes) == 0 {
		return nil
	}
	h := &HistoryView{}
	if len(cs) > 0 {
		h.Updated = b.dateOf(cs[0])
	}
	for _, k := range fixes {
		h.Corrections = append(h.Corrections, b.correction(k))
	}
	for _, c := range cs[:min(len(cs), recordChangesShown)] {
		h.Changes = append(h.Changes, b.change(c))
	}
	return h
}

func (b *Builder) change(c history.Change) ChangeView {
	v := ChangeView{Date: b.dateOf(c), Subject: c.Subject, SubjectLang: otherLang("en", b.lang), Commit: c.Commit[:min(len(c.Commit), 12)]}
	if b.repo != "" {
		v.URL = b.repo + "/commit/" + c.Commit
	}
	return v
}

func (b *Builder) dateOf(c history.Change) *Date { return b.dateOfTime(c.Date) }

func (b *Builder) dateOfTime(t time.Time) *Date {
	if t.IsZero() {
		return nil
	}
	return b.date(dataset.MustDate(t.UTC().Format("2006-01-02")))
}

// lastmod is the date of the last change to p, for the sitemap.
func (b *Builder) lastmod(p string) string {
	if u := b.log.Updated(p); !u.IsZero() {
		return u.UTC().Format("2006-01-02")
	}
	return ""
}

// correctionsOf returns the corrections recorded in the data file p,
// newest first.
func (b *Builder) correctionsOf(p string) []dataset.Correction {
	dir, file := path.Split(p)
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".yaml"), ".yml")
	var cs []dataset.Correction
	switch strings.TrimSuffix(strings.TrimPrefix(dir, "data/"), "/") {
	case "campaigns":
		if c := b.d.Campaign(id); c != nil {
			cs = c.Corrections
		}
	case "actors":
		if a := b.d.Actor(id); a != nil {
			cs = a.Corrections
		}
	case "organizations":
		if o := b.d.Organization(id); o != nil {
			cs = o.Corrections
		}
	case "sources":
		if s := b.d.Source(id); s != nil {
			cs = s.Corrections
		}
	}
	return newestFirst(cs)
}

// correction is the view of correction k, its note in the page's
// language when the record gives it.
func (b *Builder) correction(k dataset.Correction) CorrectionView {
	var fr string
	if k.FR != nil {
		fr = k.FR.Note
	}
	v := CorrectionView{Date: b.date(k.Date)}
	v.Note, v.NoteLang = b.pick(k.Note, fr)
	return v
}

func newestFirst(cs []dataset.Correction) []dataset.Correction {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b dataset.Correction) int { return strings.Compare(b.Date.String(), a.Date.String()) })
	return out
}

// allCorrections lists every record's corrections, newest first, for the
// site-wide corrections log.
func (b *Builder) allCorrections() []CorrectionView {
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
	for _, c := range b.d.Campaigns {
		add(c.Path, c.Corrections)
	}
	for _, a := range b.d.Actors {
		add(a.Path, a.Corrections)
	}
	for _, o := range b.d.Organizations {
		add(o.Path, o.Corrections)
	}
	for _, s := range b.d.Sources {
		add(s.Path, s.Corrections)
	}
	slices.SortStableFunc(all, func(a, b fix) int {
		return cmp.Or(strings.Compare(b.Date.String(), a.Date.String()), strings.Compare(a.path, b.path))
	})
	out := make([]CorrectionView, 0, len(all))
	for _, f := range all {
		l, _ := b.recordLink(f.path)
		l.URL = fromTop(l.URL)
		v := b.correction(f.Correction)
		v.Record = l
		out = append(out, v)
	}
	return out
}

// recordLink finds the page of a data file, such as
// data/campaigns/op.yaml, if the record still exists; its URL is the
// page's path.
func (b *Builder) recordLink(p string) (Link, bool) {
	dir, file := path.Split(p)
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".yaml"), ".yml")
	k := dataset.Kind(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(dir, "data/"), "/"), "s"))
	var title, lang string
	switch k {
	case dataset.KindCampaign:
		if c := b.d.Campaign(id); c != nil {
			title = b.campaignName(c)
		}
	case dataset.KindActor:
		if a := b.d.Actor(id); a != nil {
			title = b.actorName(a)
		}
	case dataset.KindOrganization:
		if o := b.d.Organization(id); o != nil {
			title = b.orgName(o)
		}
	case dataset.KindSource:
		if s := b.d.Source(id); s != nil {
			title, lang = s.Title, otherLang(s.Language, b.lang)
		}
	case dataset.KindTechnique:
		if t := b.d.Technique(id); t != nil {
			title, lang = t.Name, otherLang("en", b.lang)
		}
	case dataset.KindPlace:
		if pl := b.d.Place(id); pl != nil {
			title = b.placeName(pl)
		}
	default:
		return Link{}, false
	}
	if title == "" {
		return Link{Title: id}, false
	}
	return Link{Title: title, URL: RecordPath(k, id), Lang: lang}, true
}

// Changes is the model of the site-wide change log: the corrections of
// fact, then the latest commits to data/, each with the records it
// touched.
type Changes struct {
	None        bool   // no history at all
	Feed        string // href of the changes' Atom feed
	Corrections []CorrectionView
	Entries     []ChangeEntry
}

// ChangeEntry is one commit on the changes page.
type ChangeEntry struct {
	ChangeView
	Anchor  string
	Records []ChangedRecord
}

// ChangesPage is the site-wide change log.
func (b *Builder) ChangesPage() Page {
	m := &Changes{None: len(b.log.Changes) == 0, Corrections: b.allCorrections()}
	if !m.None {
		m.Feed = FeedName
	}
	for _, c := range b.log.Changes[:min(len(b.log.Changes), siteChangesShown)] {
		e := ChangeEntry{ChangeView: b.change(c), Anchor: changeAnchor(c)}
		recs := b.changedRecords(c)
		for _, r := range recs[:min(len(recs), 20)] {
			if r.Found {
				r.URL = fromTop(r.URL) // the changes page sits one folder deep
			}
			e.Records = append(e.Records, r)
		}
		m.Entries = append(m.Entries, e)
	}
	p := Page{Rel: "changes.html", Body: m,
		Meta: Meta{Title: b.s.T("changes_title"), Description: b.s.T("changes_intro"), Kind: "changes", Feed: len(b.log.Changes) > 0}}
	b.finish(&p)
	return p
}

// changedRecord is a record a commit touched, as the change log shows it:
// linked when it still exists, by its file when it was deleted.
type ChangedRecord struct {
	Link
	Found  bool
	Path   string
	Status string // added, modified or deleted
}

// changedRecords lists the records a commit added, changed or removed,
// leaving out files that are not records (such as data/README.md).
func (b *Builder) changedRecords(c history.Change) []ChangedRecord {
	var out []ChangedRecord
	for i, p := range c.Paths {
		l, ok := b.recordLink(p)
		status := c.StatusOf(i)
		if !ok && status != "deleted" {
			continue
		}
		out = append(out, ChangedRecord{Link: l, Found: ok, Path: p, Status: status})
	}
	return out
}

// changeAnchor is the id of a commit's entry on the changes page.
func changeAnchor(c history.Change) string {
	return "change-" + c.Commit[:min(len(c.Commit), 12)]
}
