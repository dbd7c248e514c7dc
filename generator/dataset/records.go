package dataset

import (
	"encoding/json"
	"strings"

	"go.yaml.in/yaml/v3"
)

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
	// Basis is what a confidence other than not-stated rests on: the
	// attributor's own words or the scale it used.
	Basis  *ConfidenceBasis `yaml:"confidence_basis,omitempty" json:"confidence_basis,omitempty"`
	Date   Date             `yaml:"date,omitempty" json:"date,omitempty"`
	Source string           `yaml:"source,omitempty" json:"source,omitempty"`
}

// ConfidenceBasis is why an attribution carries a confidence level: a
// short quote of the attributor's own words, in the source's language, or
// the name of the estimative scale the attributor used.
type ConfidenceBasis struct {
	Quote string `yaml:"quote,omitempty" json:"quote,omitempty"`
	Scale string `yaml:"scale,omitempty" json:"scale,omitempty"`
}

// Alias is another name of a campaign, with the source that uses it when
// one is given. In YAML it is a plain string or {name, source}.
type Alias struct {
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// UnmarshalYAML reads an alias written as a plain string or as a mapping.
func (a *Alias) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		a.Name = n.Value
		return nil
	}
	type plain Alias
	return n.Decode((*plain)(a))
}

// MarshalJSON writes an alias without a source as a plain string, as the
// published schema describes it.
func (a Alias) MarshalJSON() ([]byte, error) {
	if a.Source == "" {
		return json.Marshal(a.Name)
	}
	type plain Alias
	return json.Marshal(plain(a))
}

// UnmarshalJSON reads an alias written as a string or as an object.
func (a *Alias) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &a.Name)
	}
	type plain Alias
	return json.Unmarshal(b, (*plain)(a))
}

// MarshalYAML writes an alias without a source as a plain string.
func (a Alias) MarshalYAML() (any, error) {
	if a.Source == "" {
		return a.Name, nil
	}
	type plain Alias
	return plain(a), nil
}

// Aliases is a campaign's list of other names.
type Aliases []Alias

// Names returns the aliases' names in order.
func (as Aliases) Names() []string {
	if len(as) == 0 {
		return nil
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

// Correction is a fix made to a record after it was published, with the
// reason a reader can understand; the site's corrections log lists them.
type Correction struct {
	Date Date    `yaml:"date,omitempty" json:"date,omitempty"`
	Note string  `yaml:"note,omitempty" json:"note,omitempty"`
	FR   *NoteFR `yaml:"fr,omitempty" json:"fr,omitempty"`
}

// From records which English a translation translates: for each field of
// the French block, the Stamp of the English text it was written from
// (translation.go). It is maintenance data, left out of the downloads.
type From map[string]string

// TextFR is the French text of a narrative.
type TextFR struct {
	Text string `yaml:"text,omitempty" json:"text,omitempty"`
	From From   `yaml:"from,omitempty" json:"-"`
}

// NoteFR is the French text of a note (impact, response, correction).
type NoteFR struct {
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
	From From   `yaml:"from,omitempty" json:"-"`
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
	Text   string  `yaml:"text,omitempty" json:"text,omitempty"`
	FR     *TextFR `yaml:"fr,omitempty" json:"fr,omitempty"`
	Source string  `yaml:"source,omitempty" json:"source,omitempty"`
}

// Impact places a campaign on Ben Nimmo's Breakout Scale (1-6).
type Impact struct {
	Breakout int     `yaml:"breakout,omitempty" json:"breakout,omitempty"`
	Note     string  `yaml:"note,omitempty" json:"note,omitempty"`
	FR       *NoteFR `yaml:"fr,omitempty" json:"fr,omitempty"`
	Source   string  `yaml:"source,omitempty" json:"source,omitempty"`
}

// Response is something done about a campaign: a statement, a sanction,
// a takedown, a right of reply.
type Response struct {
	Date   Date    `yaml:"date,omitempty" json:"date,omitempty"`
	By     string  `yaml:"by,omitempty" json:"by,omitempty"`
	Kind   string  `yaml:"kind,omitempty" json:"kind,omitempty"`
	Note   string  `yaml:"note,omitempty" json:"note,omitempty"`
	FR     *NoteFR `yaml:"fr,omitempty" json:"fr,omitempty"`
	Source string  `yaml:"source,omitempty" json:"source,omitempty"`
}

// Translation holds a record's text in another language.
type Translation struct {
	Name    string `yaml:"name,omitempty" json:"name,omitempty"`
	Summary string `yaml:"summary,omitempty" json:"summary,omitempty"`
	From    From   `yaml:"from,omitempty" json:"-"`
}

// Campaign is one documented operation.
type Campaign struct {
	Meta         `yaml:"-" json:""`
	Name         string         `yaml:"name,omitempty" json:"name,omitempty"`
	Aliases      Aliases        `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Status       string         `yaml:"status,omitempty" json:"status,omitempty"`
	StatusSource string         `yaml:"status_source,omitempty" json:"status_source,omitempty"`
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
	Corrections  []Correction   `yaml:"corrections,omitempty" json:"corrections,omitempty"`

	// SameAs names the entries of public datasets that describe the same
	// campaign, such as disarm:I00033 (see leads.go).
	SameAs []string `yaml:"same_as,omitempty" json:"same_as,omitempty"`
}

// Actor is who ran a campaign: a state body, a proxy, a company, a network.
type Actor struct {
	Meta        `yaml:"-"`
	Name        string       `yaml:"name,omitempty" json:"name,omitempty"`
	Aliases     []string     `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Kind        string       `yaml:"kind,omitempty" json:"kind,omitempty"`
	Country     string       `yaml:"country,omitempty" json:"country,omitempty"`
	Summary     string       `yaml:"summary,omitempty" json:"summary,omitempty"`
	Links       []string     `yaml:"links,omitempty" json:"links,omitempty"`
	FR          *Translation `yaml:"fr,omitempty" json:"fr,omitempty"`
	Corrections []Correction `yaml:"corrections,omitempty" json:"corrections,omitempty"`
}

// Organization is who reported or attributed: an agency, a platform, a lab.
type Organization struct {
	Meta     `yaml:"-"`
	Name     string `yaml:"name,omitempty" json:"name,omitempty"`
	FullName string `yaml:"full_name,omitempty" json:"full_name,omitempty"`
	Kind     string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Country  string `yaml:"country,omitempty" json:"country,omitempty"`
	URL      string `yaml:"url,omitempty" json:"url,omitempty"`
	// Domains are the web domains it publishes on; a subdomain of one is
	// covered. A source whose URL lies elsewhere must say so with Via.
	Domains     []string     `yaml:"domains,omitempty" json:"domains,omitempty"`
	FR          *Translation `yaml:"fr,omitempty" json:"fr,omitempty"`
	Corrections []Correction `yaml:"corrections,omitempty" json:"corrections,omitempty"`
}

// OnDomains reports whether the address with this host and path lies on
// one of domains: the host is a domain or a subdomain of one, or, for a
// domain with a path ("medium.com/dfrlab", an organization's corner of a
// shared site), the host is that host and the path starts with that path.
func OnDomains(host, urlPath string, domains []string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range domains {
		h, p, hasPath := strings.Cut(d, "/")
		switch {
		case !hasPath && (host == d || strings.HasSuffix(host, "."+d)):
			return true
		case hasPath && host == h && (urlPath == "/"+p || strings.HasPrefix(urlPath, "/"+p+"/")):
			return true
		}
	}
	return false
}

// Via is where a source was read when that is a copy on another site
// (a wire story on a portal, a report republished by someone else): the
// copy's URL, the organization hosting it and when it was read.
type Via struct {
	URL          string `yaml:"url,omitempty" json:"url,omitempty"`
	Organization string `yaml:"organization,omitempty" json:"organization,omitempty"`
	Retrieved    Date   `yaml:"retrieved,omitempty" json:"retrieved,omitempty"`
}

// SourceFR is the French text of a source record (our excerpt; the
// document's own title is never translated).
type SourceFR struct {
	Excerpt string `yaml:"excerpt,omitempty" json:"excerpt,omitempty"`
	From    From   `yaml:"from,omitempty" json:"-"`
}

// Source is one cited document. Its fields describe the original
// document (publisher, kind, URL when known); Via says where it was read
// when that was a copy.
type Source struct {
	Meta        `yaml:"-"`
	URL         string       `yaml:"url,omitempty" json:"url,omitempty"`
	Via         *Via         `yaml:"via,omitempty" json:"via,omitempty"`
	Title       string       `yaml:"title,omitempty" json:"title,omitempty"`
	Publisher   string       `yaml:"publisher,omitempty" json:"publisher,omitempty"`
	Published   Date         `yaml:"published,omitempty" json:"published,omitempty"`
	Language    string       `yaml:"language,omitempty" json:"language,omitempty"`
	Kind        string       `yaml:"kind,omitempty" json:"kind,omitempty"`
	Authors     []string     `yaml:"authors,omitempty" json:"authors,omitempty"`
	ArchiveURL  string       `yaml:"archive_url,omitempty" json:"archive_url,omitempty"`
	Retrieved   Date         `yaml:"retrieved,omitempty" json:"retrieved,omitempty"`
	Excerpt     string       `yaml:"excerpt,omitempty" json:"excerpt,omitempty"`
	FR          *SourceFR    `yaml:"fr,omitempty" json:"fr,omitempty"`
	Status      string       `yaml:"status,omitempty" json:"status,omitempty"`
	Corrections []Correction `yaml:"corrections,omitempty" json:"corrections,omitempty"`

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

// ActiveYears are the calendar years in which campaign c is known to have
// been active, in order. It is the one definition that the stats, the
// charts and Explore share:
//
//   - it starts in the year of first_seen;
//   - it ends in the year of last_seen when a source gives one;
//   - otherwise it ends at the latest dated evidence of activity: a
//     takedown response (the accounts were live when removed) or, for a
//     campaign whose status is ongoing, the publication of the source
//     that says so; with neither, first_seen's year alone.
//
// A campaign with no valid first_seen has no active years.
func (d *Dataset) ActiveYears(c *Campaign) []int {
	if c.FirstSeen == nil || !c.FirstSeen.Date.Valid() {
		return nil
	}
	first := c.FirstSeen.Date.Year
	last := first
	if c.LastSeen != nil && c.LastSeen.Date.Valid() {
		last = c.LastSeen.Date.Year
	} else {
		for _, r := range c.Responses {
			if r.Kind == "takedown" && r.Date.Valid() {
				last = max(last, r.Date.Year)
			}
		}
		if c.Status == "ongoing" && d != nil {
			if s := d.Source(c.StatusSource); s != nil && s.Published.Valid() {
				last = max(last, s.Published.Year)
			}
		}
	}
	var out []int
	for y := first; y <= last && y-first < 50; y++ {
		out = append(out, y)
	}
	return out
}
