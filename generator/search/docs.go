package search

import (
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
)

// MaxTextBytes bounds the text of one language kept in a record's result
// fragment, so that a page of results stays small. The whole text is
// indexed; an excerpt for a match beyond the bound shows the start.
const MaxTextBytes = 3000

// doc is one searchable record: the words indexed and the text its
// result shows.
type doc struct {
	kind    dataset.Kind
	id      string
	names   []langText  // name or title, the default language first
	aliases []string    // other names, in no particular language
	texts   []langParas // summary, excerpt, narratives or authors, by language
	// keys are words that weigh like a name without being shown: for a
	// campaign, the names and aliases of the actors it is attributed to
	// and the names of the places it targeted, so that "Bakou" or
	// "Nouvelle-Calédonie" rank the campaign with the actor and place
	// records of that name.
	keys []string
}

// langText is a text in one language ("" when unknown).
type langText struct {
	Lang string `json:"l"`
	Text string `json:"t"`
}

// langParas is prose in one language, as plain-text paragraphs.
type langParas struct {
	Lang  string   `json:"l"`
	Paras []string `json:"p"`
}

// docs lists the campaigns, actors, organizations, sources, techniques
// and places of d, in that order and by id within each kind: a record's
// number in the index is its position here, so earlier kinds win ties in
// the ranking.
func docs(d *dataset.Dataset, langs []string) []doc {
	def := langs[0]
	out := make([]doc, 0, len(d.Campaigns)+len(d.Actors)+len(d.Organizations)+len(d.Sources))
	for _, c := range d.Campaigns {
		x := doc{kind: dataset.KindCampaign, id: c.ID, names: []langText{{def, c.Name}}, aliases: c.Aliases.Names(),
			texts: []langParas{{def, append(cite.Plain(c.Summary), narratives(c.Narratives)...)}}, keys: campaignKeys(d, c)}
		out = append(out, translated(x, c.FR, langs))
	}
	for _, a := range d.Actors {
		x := doc{kind: dataset.KindActor, id: a.ID, names: []langText{{def, a.Name}}, aliases: a.Aliases,
			texts: []langParas{{def, cite.Plain(a.Summary)}}}
		out = append(out, translated(x, a.FR, langs))
	}
	for _, o := range d.Organizations {
		x := doc{kind: dataset.KindOrganization, id: o.ID, names: []langText{{def, o.Name}}}
		if o.FullName != "" {
			x.aliases = []string{o.FullName}
		}
		out = append(out, x)
	}
	for _, s := range d.Sources {
		x := doc{kind: dataset.KindSource, id: s.ID, names: []langText{{s.Language, s.Title}}}
		if s.Excerpt != "" {
			x.texts = []langParas{{def, []string{s.Excerpt}}}
		}
		if len(s.Authors) > 0 {
			x.texts = append(x.texts, langParas{"", []string{strings.Join(s.Authors, "; ")}})
		}
		out = append(out, x)
	}
	for _, t := range d.Techniques {
		// DISARM's names are English only; the id is searchable too.
		out = append(out, doc{kind: dataset.KindTechnique, id: t.ID, names: []langText{{"en", t.ID + " " + t.Name}}})
	}
	for _, p := range d.Places {
		x := doc{kind: dataset.KindPlace, id: p.ID, names: []langText{{def, p.Name}}, aliases: []string{p.ID}}
		if p.NameFR != "" && p.NameFR != p.Name && slices.Contains(langs[1:], "fr") {
			x.names = append(x.names, langText{"fr", p.NameFR})
		}
		out = append(out, x)
	}
	return out
}

// campaignKeys are the names of a campaign's attributed actors and targets.
func campaignKeys(d *dataset.Dataset, c *dataset.Campaign) []string {
	var keys []string
	for _, a := range c.Attributions {
		if act := d.Actor(a.Actor); act != nil {
			keys = append(keys, act.Name)
			keys = append(keys, act.Aliases...)
		}
	}
	for _, t := range c.Targets {
		if p := d.Place(t.Place); p != nil {
			keys = append(keys, p.Name, p.NameFR)
		}
	}
	return keys
}

// translated adds the French name and text of a record, when it has them
// and the site is in French.
func translated(x doc, fr *dataset.Translation, langs []string) doc {
	if fr == nil || !slices.Contains(langs[1:], "fr") {
		return x
	}
	if fr.Name != "" && fr.Name != x.names[0].Text {
		x.names = append(x.names, langText{"fr", fr.Name})
	}
	if p := cite.Plain(fr.Summary); len(p) > 0 {
		x.texts = append(x.texts, langParas{"fr", p})
	}
	return x
}

func narratives(ns []dataset.Narrative) []string {
	var out []string
	for _, n := range ns {
		if n.Text != "" {
			out = append(out, n.Text)
		}
	}
	return out
}

// words is every term of x, and the terms of its names and aliases.
// langWord is one term of a record, the language of the text it came
// from ("" for names, aliases and keys, which are read in every language)
// and whether it is part of a name.
type langWord struct {
	term, lang string
	name       bool
}

// langWords lists the terms of x with their language: names, aliases and
// keys in both languages, each text in its own.
func (x doc) langWords() []langWord {
	var out []langWord
	both := func(text string) {
		for _, t := range Tokens(text) {
			out = append(out, langWord{t, "en", true}, langWord{t, "fr", true})
		}
	}
	for _, n := range x.names {
		both(n.Text)
	}
	for _, a := range x.aliases {
		both(a)
	}
	for _, k := range x.keys {
		both(k)
	}
	for _, t := range x.texts {
		for _, p := range t.Paras {
			for _, w := range Tokens(p) {
				out = append(out, langWord{w, t.Lang, false})
			}
		}
	}
	return out
}

func (x doc) words() (all, names []string) {
	for _, n := range x.names {
		names = append(names, Tokens(n.Text)...)
	}
	for _, a := range x.aliases {
		names = append(names, Tokens(a)...)
	}
	for _, k := range x.keys {
		names = append(names, Tokens(k)...)
	}
	all = names
	for _, t := range x.texts {
		for _, p := range t.Paras {
			all = append(all, Tokens(p)...)
		}
	}
	return all, names
}

// clip keeps the paragraphs of ps that fit in MaxTextBytes, cutting the
// last one at a space.
func clip(ps []string) []string {
	var out []string
	left := MaxTextBytes
	for _, p := range ps {
		if len(p) <= left {
			out = append(out, p)
			left -= len(p)
			continue
		}
		if cut := strings.LastIndexByte(p[:left], ' '); cut > 0 {
			out = append(out, p[:cut]+" …")
		}
		break
	}
	return out
}
