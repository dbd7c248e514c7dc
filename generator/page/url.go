package page

import (
	"net/url"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Site says where every page of the site is: it is the one URL function
// of the generator. Paths are relative to a language's root and end in a
// slash ("campaigns/op/"); Link makes them link paths, Permalink absolute
// URLs, in any language.
type Site struct {
	BaseURL     string // the site's absolute URL
	DefaultLang string // the language at the site's root; the others are in /<lang>/
}

// RecordPath is the path of a record's page: its kind's folder and its
// lowercased id (dataset.Kind.SitePath).
func RecordPath(k dataset.Kind, id string) string { return k.SitePath(id) + "/" }

// ListPath is the path of the list of a kind's records.
func ListPath(k dataset.Kind) string { return k.Dir() + "/" }

// FacetPath is the path of a facet value's page: targets and techniques
// have their record's page, the other facets a page under explore/.
func FacetPath(key, value string) string {
	switch key {
	case "target":
		return RecordPath(dataset.KindPlace, value)
	case "technique":
		return RecordPath(dataset.KindTechnique, value)
	}
	return "explore/" + key + "/" + strings.ToLower(value) + "/"
}

// SortPath is the path of the campaigns list in one sort order; "" is
// the list's own page.
func SortPath(key string) string {
	if key == "" {
		return ListPath(dataset.KindCampaign)
	}
	return "campaigns/sorted/" + key + "/"
}

// StagedPath is the path Hugo gives a staged file: campaigns/op.html is
// campaigns/op/, a folder's _index.html is the folder, and paths are
// lowercase.
func StagedPath(rel string) string {
	rel = strings.TrimSuffix(rel, ".html")
	rel = strings.TrimSuffix(rel, "_index")
	if rel != "" && !strings.HasSuffix(rel, "/") {
		rel += "/"
	}
	return strings.ToLower(rel)
}

// Root is the link path of lang's root: the base URL's path and, outside
// the default language, the language folder ("/", "/fr/", "/iw/fr/").
func (s Site) Root(lang string) string {
	p := "/"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Path != "" {
		p = u.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if lang != s.DefaultLang && lang != "" {
		p += lang + "/"
	}
	return p
}

// Link is the link path of p in lang, such as /fr/campaigns/op/.
func (s Site) Link(lang, p string) string { return s.Root(lang) + p }

// Permalink is the absolute URL of p in lang (relative without a base
// URL).
func (s Site) Permalink(lang, p string) string {
	base := s.BaseURL
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	if lang != s.DefaultLang && lang != "" {
		return base + lang + "/" + p
	}
	return base + p
}

// RecordURLs returns the link path of a record's page in a language, as
// the pages link to it. The search index uses it so its results link
// where the pages do.
func (s Site) RecordURLs() func(lang string, k dataset.Kind, id string) string {
	return func(lang string, k dataset.Kind, id string) string { return s.Link(lang, RecordPath(k, id)) }
}

// fromRecord is the href of p on a record page, two folders below its
// language's root (campaigns/op/).
func fromRecord(p string) string { return "../../" + p }

// fromTop is the href of p on a page one folder below its language's
// root (changes/).
func fromTop(p string) string { return "../" + p }
