// Package page is the page model: it turns the Dataset into one typed
// view model per generated page (campaign, source, the other records, the
// lists, the home, explore and changes pages, the indicators pages), with every cross-reference,
// count, citation number, related list, href and head tag worked out
// here, once. It writes no HTML: generator/component renders the models,
// and generator/render stages them for Hugo.
package page

import (
	"cmp"
	"strings"
	"sync"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Language is one of the site's languages as the page head and the
// language switch name it.
type Language struct {
	Code   string // such as "fr": its folder below the site root, unless it is the default
	Label  string // its name in itself, such as "Français"
	Locale string // such as "fr"; Code when empty
}

// Options say how one language's pages are built.
type Options struct {
	Strings *i18n.Strings // the language's UI strings; its language is the pages'
	Repo    string        // repository URL for "edit this record" links; none when empty
	// Index is the dataset's shared cross-references (NewIndex); made
	// here when nil. Pass the same one to every language of a build.
	Index   *Index
	History *history.Log // the git history of the data files; nil shows none
	Site    Site         // where pages are
	Now     time.Time    // the build time: the access date of citations
	// Languages are the site's languages, for the head's alternates and
	// the language switch. At least the page language.
	Languages []Language
}

// Builder makes the page models of one language. It is used by several
// goroutines at once: everything in it is read-only once built, except
// the lazily made parts, each guarded by its own sync.Once or sync.Map.
type Builder struct {
	d     *dataset.Dataset
	back  *Index
	s     *i18n.Strings
	lang  string
	log   *history.Log
	repo  string
	site  Site
	now   time.Time
	langs []Language

	rowsOnce sync.Once // guards rows
	rows     []Row

	descriptions sync.Map // *dataset.Campaign → its description (string)
	langNames    sync.Map // language tag → its name in the page language (string)
}

// New makes the builder of o.Strings' language.
func New(d *dataset.Dataset, o Options) *Builder {
	b := &Builder{d: d, back: o.Index, s: o.Strings, lang: o.Strings.Lang(), log: o.History, repo: strings.TrimSuffix(o.Repo, "/"),
		site: o.Site, now: cmp.Or(o.Now, time.Now()), langs: o.Languages}
	if b.back == nil {
		b.back = NewIndex(d)
	}
	if b.log == nil {
		b.log = &history.Log{}
	}
	b.site.DefaultLang = cmp.Or(b.site.DefaultLang, "en")
	return b
}

// Lang is the pages' language.
func (b *Builder) Lang() string { return b.lang }

// Strings are the pages' UI strings.
func (b *Builder) Strings() *i18n.Strings { return b.s }

// link is the link path of p in the page language.
func (b *Builder) link(p string) string { return b.site.Link(b.lang, p) }

// permalink is the absolute URL of p in the page language.
func (b *Builder) permalink(p string) string { return b.site.Permalink(b.lang, p) }

// otherLang returns lang when it differs from the page language, for a
// lang attribute on text in another language.
func otherLang(lang, page string) string {
	if lang == "" || lang == page || strings.HasPrefix(lang, page+"-") {
		return ""
	}
	return lang
}

// Links to records, from a record page (hrefs climb two folders).

func (b *Builder) actorLink(id string) Link {
	if a := b.d.Actor(id); a != nil {
		return Link{Title: b.actorName(a), URL: fromRecord(RecordPath(dataset.KindActor, id))}
	}
	return Link{Title: id}
}

// actorName is the actor's name in the page language, or its name.
func (b *Builder) actorName(a *dataset.Actor) string {
	if tr := translation(a.FR, b.lang); tr != nil && tr.Name != "" {
		return tr.Name
	}
	return a.Name
}

func (b *Builder) orgLink(id string) Link {
	if o := b.d.Organization(id); o != nil {
		return Link{Title: b.orgName(o), URL: fromRecord(RecordPath(dataset.KindOrganization, id))}
	}
	return Link{Title: id}
}

// orgName is the organization's official name in the page language,
// where it has one, or its name.
func (b *Builder) orgName(o *dataset.Organization) string {
	if tr := translation(o.FR, b.lang); tr != nil && tr.Name != "" {
		return tr.Name
	}
	return o.Name
}

// languageName names the language of tag in the page language
// ("anglais" on a French page), from CLDR's data; an unknown tag shows
// as itself.
func (b *Builder) languageName(tag string) string {
	if n, ok := b.langNames.Load(tag); ok {
		return n.(string)
	}
	name := tag
	t, err := language.Parse(tag)
	page, err2 := language.Parse(b.lang)
	if err == nil && err2 == nil {
		if n := display.Tags(page).Name(t); n != "" {
			name = n
		}
	}
	b.langNames.Store(tag, name)
	return name
}

func (b *Builder) placeLink(id string) Link {
	if p := b.d.Place(id); p != nil {
		return Link{Title: b.placeName(p), URL: fromRecord(RecordPath(dataset.KindPlace, id))}
	}
	return Link{Title: id}
}

// techniqueLink links a technique by its DISARM name, which stays in
// English as DISARM publishes it.
func (b *Builder) techniqueLink(id string) Link {
	if t := b.d.Technique(id); t != nil {
		return Link{Title: t.Name, URL: fromRecord(RecordPath(dataset.KindTechnique, id)), Lang: otherLang("en", b.lang)}
	}
	return Link{Title: id}
}

func (b *Builder) campaignLinks(cs []*dataset.Campaign) []Link {
	out := make([]Link, len(cs))
	for i, c := range cs {
		out[i] = Link{Title: b.campaignName(c), URL: fromRecord(RecordPath(dataset.KindCampaign, c.ID))}
	}
	return out
}

// siteLink turns a link from a record page into one from anywhere: the
// site path of the same record in the page language.
func (b *Builder) siteLink(l Link) Link {
	if u, ok := strings.CutPrefix(l.URL, "../../"); ok {
		l.URL = b.link(u)
	}
	return l
}

// date formats a date for the page language.
func (b *Builder) date(d dataset.Date) *Date {
	if !d.Valid() {
		return nil
	}
	return &Date{ISO: d.String(), Text: FormatDate(d, b.lang)}
}

// campaignName is the campaign's name in the page language, or its
// English name.
func (b *Builder) campaignName(c *dataset.Campaign) string {
	if b.lang == "fr" && c.FR != nil && c.FR.Name != "" {
		return c.FR.Name
	}
	return c.Name
}

// placeName is the place's name in the page language.
func (b *Builder) placeName(p *dataset.Place) string {
	if b.lang == "fr" && p.NameFR != "" {
		return p.NameFR
	}
	return p.Name
}

// DefaultLang is the language at the site's root.
func (b *Builder) DefaultLang() string { return b.site.DefaultLang }
