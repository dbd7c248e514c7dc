package render

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/interference-watch/portal/generator/safefs"
	"github.com/pelletier/go-toml/v2"
)

//go:embed templates/*.html
var templateFS embed.FS

// Options say how pages are rendered.
type Options struct {
	Lang    string // the page language, such as "en"
	Strings fs.FS  // folder holding <lang>.toml, Hugo's i18n files (site/i18n)
	Repo    string // repository URL for "edit this record" links; none when empty
	// Index is the dataset's shared cross-references (NewIndex); made
	// here when nil. Pass the same one to every language of a build.
	Index *Index
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
	// Languages are the site's languages. When set, every staged page
	// starts with its head tags and language switch (head.go), which the
	// base layout prints; otherwise the layouts work them out.
	Languages []Language
	// Files, when set, receives the language's outputs that are not Hugo
	// pages (explore data, Atom feeds), by path from the site root.
	Files Writer
}

// pageSet renders record bodies with Go's html/template, which escapes
// every value for its context: record bodies are most of the site, and
// rendering them here rather than in Hugo templates keeps a 60,000-page
// build close to bare Hugo in time and memory. Hugo still lays out every
// page: head, navigation, footer, lists and the home page.
type pageSet struct {
	repo    string
	prefix  string // site path of the language's root, such as "/" or "/fr/"
	base    string // site path of the site's root, whatever the language
	tmpl    *template.Template
	strings map[string]string
	missing sync.Map // i18n keys asked for but not defined
}

func newPageSet(o Options) (*pageSet, error) {
	ps := &pageSet{strings: map[string]string{}, repo: strings.TrimSuffix(o.Repo, "/"),
		prefix: sitePrefix(o.BaseURL, o.Lang, cmp.Or(o.DefaultLang, "en")),
		base:   sitePrefix(o.BaseURL, "", "")}
	if o.Strings != nil {
		b, err := safefs.ReadFile(o.Strings, o.Lang+".toml", safefs.MaxFile)
		if err != nil {
			return nil, fmt.Errorf("render: strings for %q: %w", o.Lang, err)
		}
		if err := toml.Unmarshal(b, &ps.strings); err != nil {
			return nil, fmt.Errorf("render: %s.toml: %w", o.Lang, err)
		}
	}
	funcs := template.FuncMap{
		"t":        ps.t,
		"tf":       ps.tf,
		"site":     ps.site,
		"link":     linkHTML,
		"date":     dateHTML,
		"linklist": func(ls []Link) template.HTML { return linkListHTML(ls, ps.t("none_yet")) },
		// The parts record pages share with the campaign and source pages,
		// which are written in Go (campaign_page.go); escaped there.
		"references": func(refs []Reference) template.HTML { return template.HTML(ps.referencesHTML(refs)) }, // #nosec G203
		"history":    func(h *HistoryView) template.HTML { return template.HTML(ps.historyHTML(h)) },         // #nosec G203
		"edit":       func(dataPath string) template.HTML { return template.HTML(ps.editHTML(dataPath)) },    // #nosec G203
		"download": func(kind, id string) template.HTML {
			return template.HTML(ps.downloadHTML(dataset.Kind(kind), id)) // #nosec G203
		},
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ps.tmpl = t
	return ps, nil
}

// t returns the string for key; a missing key shows as itself and is
// remembered so tests can fail on it.
func (ps *pageSet) t(key string) string {
	if s, ok := ps.strings[key]; ok {
		return s
	}
	ps.missing.Store(key, true)
	return key
}

// tf is t with {{ .Name }} placeholders filled from name, value pairs.
// When a "Count" of 1 is passed and key_one exists, that singular form
// is used.
func (ps *pageSet) tf(key string, kv ...any) string {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "Count" && fmt.Sprint(kv[i+1]) == "1" {
			if _, ok := ps.strings[key+"_one"]; ok {
				key += "_one"
			}
		}
	}
	s := ps.t(key)
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, fmt.Sprintf("{{ .%v }}", kv[i]), fmt.Sprint(kv[i+1]))
	}
	return s
}

// site turns a path relative to the site root into a link path.
func (ps *pageSet) site(p string) string { return ps.prefix + p }

// Missing lists the i18n keys pages asked for that the strings file lacks.
func (ps *pageSet) Missing() []string {
	var out []string
	ps.missing.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	return out
}

func (ps *pageSet) render(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := ps.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return b.String(), nil
}
