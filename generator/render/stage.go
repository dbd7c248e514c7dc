// Package render renders the page model with the components and stages
// the result for Hugo: one content file per generated page (FrontMatter,
// then the body), the hand-written pages of content/ with their head
// tags (StageContent), and the files of a language that are not pages
// (the explore data, the Atom feeds). Nothing here writes markup: the
// models come from generator/page, the markup from generator/component.
package render

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/component"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/feed"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/i18n"
	"github.com/interference-watch/portal/generator/page"
)

// Writer receives staged files by slash-separated path, such as
// "content/campaigns/op.html". It must be safe for concurrent use.
type Writer interface {
	WriteFile(path string, data []byte) error
}

// Options say how one language's pages are staged.
type Options struct {
	Lang    string // the page language, such as "en"
	Strings fs.FS  // folder holding <lang>.toml, the UI strings (site/i18n)
	Repo    string // repository URL for "edit this record" links; none when empty
	// Index is the dataset's shared cross-references (page.NewIndex);
	// made here when nil. Pass the same one to every language of a build.
	Index *page.Index
	// History is the git history of the data files; nil shows none.
	History *history.Log
	// BaseURL is the site's absolute URL, for permalinks and citations;
	// DefaultLang is the language at its root (others are in /<lang>/).
	BaseURL, DefaultLang string
	// Now is the build time: the access date of citations.
	Now time.Time
	// ContentDir is where pages go in the Hugo project; "content/" when
	// empty. FileLang, when set, goes into every file name (op.fr.html),
	// so all languages share one folder: Hugo then reads each folder once
	// instead of merging one listing per language.
	ContentDir, FileLang string
	// Languages are the site's languages, for every page's head tags and
	// language switch; it must hold Lang.
	Languages []page.Language
	// Files, when set, receives the language's outputs that are not Hugo
	// pages (explore data, Atom feeds), by path from the site root.
	Files Writer
	// Stop, when set, is asked before each page: once it says true,
	// Stage stops and returns ErrStopped (portal serve drops a build
	// whose data an edit has superseded).
	Stop func() bool
}

// ErrStopped is returned by Stage when Options.Stop said to stop.
var ErrStopped = errors.New("render: stopped")

// ErrNoLanguages is returned when Options.Languages lacks the page
// language: every page's head and language switch need them.
var ErrNoLanguages = errors.New("render: the site's languages must include the page language")

// newBuilder loads the language's strings and makes its page builder.
func newBuilder(d *dataset.Dataset, o Options) (*page.Builder, error) {
	if !hasLang(o.Languages, o.Lang) {
		return nil, ErrNoLanguages
	}
	s, err := i18n.Load(o.Strings, o.Lang)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return page.New(d, page.Options{Strings: s, Repo: o.Repo, Index: o.Index, History: o.History,
		Site: page.Site{BaseURL: o.BaseURL, DefaultLang: cmp.Or(o.DefaultLang, "en")}, Now: o.Now, Languages: o.Languages}), nil
}

func hasLang(langs []page.Language, lang string) bool {
	for _, l := range langs {
		if l.Code == lang {
			return true
		}
	}
	return false
}

// Stage writes one Hugo content file per record and per list page under
// o.ContentDir (default content/) through w, and the language's other
// files through o.Files. It returns the number of pages.
func Stage(d *dataset.Dataset, w Writer, o Options) (int, error) {
	b, err := newBuilder(d, o)
	if err != nil {
		return 0, err
	}
	jobs := Pages(d, b)
	dir := strings.TrimSuffix(cmp.Or(o.ContentDir, "content/"), "/") + "/"
	ctx := component.WithStrings(context.Background(), b.Strings())
	err = forEach(len(jobs), func() func(int) error {
		var r renderBuffers
		return func(i int) error {
			if o.Stop != nil && o.Stop() {
				return ErrStopped
			}
			p := jobs[i]()
			data, err := r.file(ctx, p)
			if err != nil {
				return fmt.Errorf("stage %s: %w", p.Rel, err)
			}
			return w.WriteFile(dir+langName(p.Rel, o.FileLang), data)
		}
	})
	if err != nil {
		return 0, err
	}
	if o.Files != nil {
		if err := writeFiles(b, o.Files); err != nil {
			return len(jobs), fmt.Errorf("render files: %w", err)
		}
	}
	if miss := b.Strings().Missing(); len(miss) > 0 {
		return len(jobs), fmt.Errorf("render: strings missing from %s.toml: %s", o.Lang, strings.Join(miss, ", "))
	}
	return len(jobs), nil
}

// Pages lists every generated page of b's language, to build in any
// order.
func Pages(d *dataset.Dataset, b *page.Builder) []func() page.Page {
	jobs := []func() page.Page{b.HomePage, b.ActorsPage, b.OrganizationsPage, b.SourcesPage, b.MatrixPage, b.PlacesPage, b.ChangesPage, b.ExplorePage}
	for _, key := range page.CampaignSorts() {
		jobs = append(jobs, func() page.Page { return b.CampaignListPage(key) })
	}
	jobs = append(jobs, b.FacetPages()...)
	for _, c := range d.Campaigns {
		jobs = append(jobs, func() page.Page { return b.CampaignPage(c) })
	}
	jobs = append(jobs, b.IndicatorsPages()...)
	for _, a := range d.Actors {
		jobs = append(jobs, func() page.Page { return b.ActorPage(a) })
	}
	for _, o := range d.Organizations {
		jobs = append(jobs, func() page.Page { return b.OrganizationPage(o) })
	}
	for _, s := range d.Sources {
		jobs = append(jobs, func() page.Page { return b.SourcePage(s) })
	}
	for _, t := range d.Techniques {
		jobs = append(jobs, func() page.Page { return b.TechniquePage(t) })
	}
	for _, p := range d.Places {
		jobs = append(jobs, func() page.Page { return b.PlacePage(p) })
	}
	return jobs
}

// renderBuffers are one worker's buffers, reused from page to page.
type renderBuffers struct {
	head, nav, body, out bytes.Buffer
}

// file renders p and returns its staged file.
func (r *renderBuffers) file(ctx context.Context, p page.Page) ([]byte, error) {
	r.head.Reset()
	r.nav.Reset()
	r.body.Reset()
	r.out.Reset()
	if err := component.Head(p.Head).Render(ctx, &r.head); err != nil {
		return nil, err
	}
	if err := component.LanguageSwitch(p.Languages).Render(ctx, &r.nav); err != nil {
		return nil, err
	}
	if err := component.Body(ctx, &r.body, p); err != nil {
		return nil, err
	}
	m := p.Meta
	fm := FrontMatter{Title: m.Title, Date: m.Date, Lastmod: m.Lastmod, Outputs: m.Outputs, Description: m.Description,
		Params: Params{Kind: m.Kind, ID: m.ID, Lang: m.TitleLang, Head: r.head.String(), Languages: r.nav.String()}}
	if err := encodeFile(&r.out, fm, r.body.Bytes()); err != nil {
		return nil, err
	}
	return bytes.Clone(r.out.Bytes()), nil
}

// writeFiles writes the language's outputs that are not pages, through w
// with paths from the site root: the explore page's data and the Atom
// feeds.
func writeFiles(b *page.Builder, w Writer) error {
	dir := ""
	if b.Lang() != b.DefaultLang() {
		dir = b.Lang() + "/"
	}
	explore, err := json.Marshal(b.ExploreData())
	if err != nil {
		return err
	}
	if err := w.WriteFile(dir+"explore/campaigns.json", explore); err != nil {
		return err
	}
	feeds := b.Feeds()
	return forEach(len(feeds), func() func(int) error {
		return func(i int) error {
			f := feeds[i]()
			data, err := feed.Encode(f)
			if err != nil {
				return fmt.Errorf("feed %s: %w", f.Path, err)
			}
			return w.WriteFile(f.Path, data)
		}
	})
}

// langName puts the language in a file name, as Hugo reads translations
// by file name: campaigns/op.html becomes campaigns/op.fr.html.
func langName(rel, lang string) string {
	if lang == "" {
		return rel
	}
	return strings.TrimSuffix(rel, ".html") + "." + lang + ".html"
}
