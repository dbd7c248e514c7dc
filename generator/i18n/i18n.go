// Package i18n is the generator's one source of UI strings: it reads the
// same files as Hugo (site/i18n/<lang>.toml, go-i18n's format) and picks
// plural forms by the CLDR rules of the language, as Hugo's T does. A
// string is either `key = "text"` or a table of plural forms:
//
//	[campaign_count]
//	one = "{{ .Count }} campaign"
//	other = "{{ .Count }} campaigns"
//
// Placeholders are written as in Hugo's templates, {{ .Name }}.
package i18n

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/interference-watch/portal/generator/safefs"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Strings are one language's UI strings. They are safe for concurrent
// use; missing keys are remembered (guarded by missing's own lock) so a
// build can fail on them.
type Strings struct {
	lang    string
	tag     language.Tag
	msgs    map[string]message
	missing sync.Map // key → true
}

// message is a string with its plural forms, by CLDR category; a plain
// string has only other.
type message struct {
	forms map[string]string
}

// Load reads lang's strings from fsys (a folder holding <lang>.toml). The
// file must be a regular file (never read through a link, never a pipe)
// of at most safefs.MaxFile bytes.
func Load(fsys fs.FS, lang string) (*Strings, error) {
	b, err := safefs.ReadFile(fsys, lang+".toml", safefs.MaxFile)
	if err != nil {
		return nil, fmt.Errorf("i18n: strings for %q: %w", lang, err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("i18n: %s.toml: %w", lang, err)
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return nil, fmt.Errorf("i18n: language %q: %w", lang, err)
	}
	s := &Strings{lang: lang, tag: tag, msgs: make(map[string]message, len(raw))}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			s.msgs[k] = message{forms: map[string]string{"other": v}}
		case map[string]any:
			m := message{forms: map[string]string{}}
			for form, text := range v {
				t, ok := text.(string)
				if !ok || !slices.Contains(categories, form) {
					return nil, fmt.Errorf("i18n: %s.toml: %s.%s: want a string for a CLDR plural category", lang, k, form)
				}
				m.forms[form] = t
			}
			if m.forms["other"] == "" {
				return nil, fmt.Errorf("i18n: %s.toml: %s has no \"other\" form", lang, k)
			}
			s.msgs[k] = m
		default:
			return nil, fmt.Errorf("i18n: %s.toml: %s: want a string or a table of plural forms", lang, k)
		}
	}
	return s, nil
}

// categories are CLDR's plural categories, as go-i18n names them.
var categories = []string{"zero", "one", "two", "few", "many", "other"}

// Lang is the strings' language.
func (s *Strings) Lang() string { return s.lang }

// T returns the string for key; a missing key shows as itself and is
// remembered (Missing).
func (s *Strings) T(key string) string { return s.form(key, "other") }

// Count returns the plural form of key for n, by the language's CLDR
// rules (French: 0 and 1 are "one"), with {{ .Count }} filled in.
func (s *Strings) Count(key string, n int) string {
	return strings.ReplaceAll(s.form(key, s.category(n)), "{{ .Count }}", strconv.Itoa(n))
}

// CountFill is Count with the other placeholders filled from name, value
// pairs, as Fill does: CountFill("sources_archived", 1, "Total", "3").
func (s *Strings) CountFill(key string, n int, kv ...string) string {
	t := s.Count(key, n)
	for i := 0; i+1 < len(kv); i += 2 {
		t = strings.ReplaceAll(t, "{{ ."+kv[i]+" }}", kv[i+1])
	}
	return t
}

// Fill returns the string for key with its placeholders filled from name,
// value pairs: Fill("feed_title_actor", "Name", "BIG").
func (s *Strings) Fill(key string, kv ...string) string {
	t := s.T(key)
	for i := 0; i+1 < len(kv); i += 2 {
		t = strings.ReplaceAll(t, "{{ ."+kv[i]+" }}", kv[i+1])
	}
	return t
}

func (s *Strings) form(key, category string) string {
	m, ok := s.msgs[key]
	if !ok {
		s.missing.Store(key, true)
		return key
	}
	if t, ok := m.forms[category]; ok {
		return t
	}
	return m.forms["other"]
}

func (s *Strings) category(n int) string {
	switch plural.Cardinal.MatchPlural(s.tag, n, 0, 0, 0, 0) {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// Missing lists, sorted, the keys asked for that the file lacks.
func (s *Strings) Missing() []string {
	var out []string
	s.missing.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	slices.Sort(out)
	return out
}
