package dataset

import "strings"

// Kind names a kind of record.
type Kind string

// The record kinds, each stored in its own folder under data/.
const (
	KindCampaign     Kind = "campaign"
	KindActor        Kind = "actor"
	KindOrganization Kind = "organization"
	KindSource       Kind = "source"
	KindTechnique    Kind = "technique"
	KindPlace        Kind = "place"
)

// Kinds lists every kind in load order.
var Kinds = []Kind{KindPlace, KindOrganization, KindActor, KindTechnique, KindSource, KindCampaign}

// Dir is the folder under data/ that holds records of kind k.
func (k Kind) Dir() string {
	if k == KindPlace {
		return "places"
	}
	if k == KindIndicators {
		return "indicators"
	}
	return string(k) + "s"
}

// SitePath is where a record of kind k lives on the site, without an
// ending: its page is SitePath + "/" and its JSON file SitePath + ".json".
// It is the kind's folder and the lowercased id, as Hugo lowercases page
// paths (T0049.001 is techniques/t0049.001).
func (k Kind) SitePath(id string) string { return k.Dir() + "/" + strings.ToLower(id) }

// Meta is what every record knows about itself: its id (the file name
// without .yaml) and the slash-separated path of its file.
type Meta struct {
	ID   string `yaml:"-" json:"id"`
	Path string `yaml:"-" json:"-"`
}

// Claim is a dated statement that carries its own source.
type Claim struct {
	Date   Date   `yaml:"date,omitempty" json:"date,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Attribution records that an organization attributed a campaign to an
// actor. It is somebody's claim, never the portal's verdict.
type Attribution struct {
	Actor      string `yaml:"actor,omitempty" json:"actor,omitempty"`
	By         string `yaml:"by,omitempty" json:"by,omitempty"`
	Confidence string `yaml:"confidence,omitempty" json:"confidence,omitempty"`
	Date       Date   `yaml:"date,omitempty" json:"date,omitempty"`
	Source     string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Target is a place a campaign aimed at, with the source that says so.
type Target struct {
	Place  string `yaml:"place,omitempty" json:"place,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// TechniqueUse is a DISARM technique a source says a campaign used.
type TechniqueUse struct {
	ID     string `yaml:"id,omitempty" json:"id,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Platform is a platform a source says a campaign used, such as x.
type Platform struct {
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Narrative is a storyline a source says a campaign pushed, in a few words.
type Narrative struct {
	Text   string `yaml:"text,omitempty" json:"text,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Impact places a campaign on Ben Nimmo's Breakout Scale (1-6).
type Impact struct {
	Breakout int    `yaml:"breakout,omitempty" json:"breakout,omitempty"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty"`
	Source   string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Response is something done about a campaign: a statement, a sanction,
// a takedown, a right of reply.
type Response struct {
	Date   Date   `yaml:"date,omitempty" json:"date,omitempty"`
	By     string `yaml:"by,omitempty" json:"by,omitempty"`
	Kind   string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Note   string `yaml:"note,omitempty" json:"note,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Translation holds a record's text in another language.
type Translation struct {
	Name    string `yaml:"name,omitempty" json:"name,omitempty"`
	Summary string `yaml:"summary,omitempty" json:"summary,omitempty"`
}

// Campaign is one documented operation.
type Campaign struct {
	Meta         `yaml:"-" json:""`
	Name         string         `yaml:"name,omitempty" json:"name,omitempty"`
	Aliases      []string       `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Status       string         `yaml:"status,omitempty" json:"status,omitempty"`
	FirstSeen    *Claim         `yaml:"first_seen,omitempty" json:"first_seen,omitempty"`
	LastSeen     *Claim         `yaml:"last_seen,omitempty" json:"last_seen,omitempty"`
	Attributions []Attribution  `yaml:"attributions,omitempty" json:"attributions,omitempty"`
	Targets      []Target       `yaml:"targets,omitempty" json:"targets,omitempty"`
	Platforms    []Platform     `yaml:"platforms,omitempty" json:"platforms,omitempty"`
	Techniques   []TechniqueUse `yaml:"techniques,omitempty" json:"techniques,omitempty"`
	Narratives   []Narrative    `yaml:"narratives,omitempty" json:"narratives,omitempty"`
	Impact       *Impact        `yaml:"impact,omitempty" json:"impact,omitempty"`
	Responses    []Response     `yaml:"responses,omitempty" json:"responses,omitempty"`
	Summary      string         `yaml:"summary,omitempty" json:"summary,omitempty"`
	Sources      []string       `yaml:"sources,omitempty" json:"sources,omitempty"`
	FR           *Translation   `yaml:"fr,omitempty" json:"fr,omitempty"`

	// SameAs names the entries of public datasets that describe the same
	// campaign, such as disarm:I00033 (see leads.go).
	SameAs []string `yaml:"same_as,omitempty" json:"same_as,omitempty"`
}

// Actor is who ran a campaign: a state body, a proxy, a company, a network.
type Actor struct {
	Meta    `yaml:"-"`
	Name    string       `yaml:"name,omitempty" json:"name,omitempty"`
	Aliases []string     `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Kind    string       `yaml:"kind,omitempty" json:"kind,omitempty"`
	Country string       `yaml:"country,omitempty" json:"country,omitempty"`
	Summary string       `yaml:"summary,omitempty" json:"summary,omitempty"`
	Links   []string     `yaml:"links,omitempty" json:"links,omitempty"`
	FR      *Translation `yaml:"fr,omitempty" json:"fr,omitempty"`
}

// Organization is who reported or attributed: an agency, a platform, a lab.
type Organization struct {
	Meta     `yaml:"-"`
	Name     string `yaml:"name,omitempty" json:"name,omitempty"`
	FullName string `yaml:"full_name,omitempty" json:"full_name,omitempty"`
	Kind     string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Country  string `yaml:"country,omitempty" json:"country,omitempty"`
	URL      string `yaml:"url,omitempty" json:"url,omitempty"`
}

// Source is one cited document.
type Source struct {
	Meta       `yaml:"-"`
	URL        string   `yaml:"url,omitempty" json:"url,omitempty"`
	Title      string   `yaml:"title,omitempty" json:"title,omitempty"`
	Publisher  string   `yaml:"publisher,omitempty" json:"publisher,omitempty"`
	Published  Date     `yaml:"published,omitempty" json:"published,omitempty"`
	Language   string   `yaml:"language,omitempty" json:"language,omitempty"`
	Kind       string   `yaml:"kind,omitempty" json:"kind,omitempty"`
	Authors    []string `yaml:"authors,omitempty" json:"authors,omitempty"`
	ArchiveURL string   `yaml:"archive_url,omitempty" json:"archive_url,omitempty"`
	Retrieved  Date     `yaml:"retrieved,omitempty" json:"retrieved,omitempty"`
	Excerpt    string   `yaml:"excerpt,omitempty" json:"excerpt,omitempty"`
	Status     string   `yaml:"status,omitempty" json:"status,omitempty"`

	// Imported says which public dataset the record came from, under what
	// licence (see leads.go).
	Imported *Provenance `yaml:"imported,omitempty" json:"imported,omitempty"`
}

// Technique is a DISARM framework technique.
type Technique struct {
	Meta   `yaml:"-"`
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
	Tactic string `yaml:"tactic,omitempty" json:"tactic,omitempty"`
	URL    string `yaml:"url,omitempty" json:"url,omitempty"`
}

// Place is a country or territory, identified by its ISO 3166 code.
type Place struct {
	Meta   `yaml:"-"`
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
	NameFR string `yaml:"name_fr,omitempty" json:"name_fr,omitempty"`
	Kind   string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Parent string `yaml:"parent,omitempty" json:"parent,omitempty"`
}
