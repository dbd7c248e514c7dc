package dataset

import (
	"fmt"
	"regexp"
	"strings"
)

// Records that public curated datasets bring in, kept apart from the
// published kinds:
//
//   - a lead (data/leads/<id>.yaml) is an entry of a dataset, such as a
//     DISARM incident, for maintainers to review into a campaign. Leads are
//     loaded and validated but never published: no page, feed, export,
//     search entry, sitemap or count shows them. KindLead is therefore not
//     in Kinds, which the exports and the change log walk.
//   - an indicator file (data/indicators/<campaign>.yaml) holds the
//     technical indicators that platforms published about a campaign's
//     network; they are shown on the campaign's pages and exported.
const (
	KindLead       Kind = "lead"
	KindIndicators Kind = "indicators"
)

// Provenance says where an imported record came from and under what
// terms: the dataset's name, the entry's id in it and page about it, the
// licence (an SPDX id) and the attribution the licence asks for.
type Provenance struct {
	Dataset     string `yaml:"dataset,omitempty" json:"dataset,omitempty"`
	ID          string `yaml:"id,omitempty" json:"id,omitempty"`
	URL         string `yaml:"url,omitempty" json:"url,omitempty"`
	License     string `yaml:"license,omitempty" json:"license,omitempty"`
	Attribution string `yaml:"attribution,omitempty" json:"attribution,omitempty"`
}

// Lead is one dataset entry waiting for review. Its text is the
// dataset's, under the dataset's licence; it never reaches the site.
type Lead struct {
	Meta         `yaml:"-"`
	Imported     *Provenance     `yaml:"imported,omitempty" json:"imported,omitempty"`
	Name         string          `yaml:"name,omitempty" json:"name,omitempty"`
	Type         string          `yaml:"type,omitempty" json:"type,omitempty"`
	Year         int             `yaml:"year,omitempty" json:"year,omitempty"`
	Attributions []string        `yaml:"attributions_seen,omitempty" json:"attributions_seen,omitempty"`
	Countries    []string        `yaml:"countries,omitempty" json:"countries,omitempty"`
	Techniques   []string        `yaml:"techniques,omitempty" json:"techniques,omitempty"`
	References   []LeadReference `yaml:"references,omitempty" json:"references,omitempty"`
	Summary      string          `yaml:"summary,omitempty" json:"summary,omitempty"`
	Added        Date            `yaml:"added,omitempty" json:"added,omitempty"`
	Status       string          `yaml:"status,omitempty" json:"status,omitempty"`
	Campaign     string          `yaml:"campaign,omitempty" json:"campaign,omitempty"`
	Note         string          `yaml:"note,omitempty" json:"note,omitempty"`
}

// LeadReference is one document a lead cites, as the dataset describes
// it, and the source record that holds it when there is one.
type LeadReference struct {
	URL          string   `yaml:"url,omitempty" json:"url,omitempty"`
	Source       string   `yaml:"source,omitempty" json:"source,omitempty"`
	Published    Date     `yaml:"published,omitempty" json:"published,omitempty"`
	Authors      []string `yaml:"authors,omitempty" json:"authors,omitempty"`
	Organization string   `yaml:"organization,omitempty" json:"organization,omitempty"`
	ArchiveURL   string   `yaml:"archive_url,omitempty" json:"archive_url,omitempty"`
}

// Indicators are the indicators of one campaign (the file's id), in sets:
// one per report or network that published them.
type Indicators struct {
	Meta `yaml:"-"`
	Sets []IndicatorSet `yaml:"sets,omitempty" json:"sets,omitempty"`
}

// IndicatorSet is what one report published about a campaign's network:
// who reported it (an organization id), the source record of the report,
// when, and the indicators.
type IndicatorSet struct {
	Network    string      `yaml:"network,omitempty" json:"network,omitempty"`
	By         string      `yaml:"by,omitempty" json:"by,omitempty"`
	Source     string      `yaml:"source,omitempty" json:"source,omitempty"`
	Reported   Date        `yaml:"reported,omitempty" json:"reported,omitempty"`
	Imported   *Provenance `yaml:"imported,omitempty" json:"imported,omitempty"`
	Indicators []Indicator `yaml:"indicators,omitempty" json:"indicators,omitempty"`
}

// Indicator is one value of a type of the indicator package: domain,
// url, ipv4, ipv6 or email. Values are stored as they are, not defanged.
type Indicator struct {
	Type  string `yaml:"type,omitempty" json:"type,omitempty"`
	Value string `yaml:"value,omitempty" json:"value,omitempty"`
}

// Lead returns the lead with id, or nil.
func (d *Dataset) Lead(id string) *Lead { return d.leads[id] }

// IndicatorsOf returns the indicators of campaign id, or nil.
func (d *Dataset) IndicatorsOf(id string) *Indicators { return d.indicators[id] }

// sameAsPattern is what an entry of same_as looks like: a dataset prefix
// and the entry's id in it.
var sameAsPattern = regexp.MustCompile(`^disarm:I[0-9]{5}$`)

// SameAsURL returns the page of a same_as entry, such as DISARM's page
// about incident I00033, and the dataset's name; "" for an unknown one.
func SameAsURL(ref string) (url, dataset string) {
	if !sameAsPattern.MatchString(ref) {
		return "", ""
	}
	prefix, id, _ := strings.Cut(ref, ":")
	switch prefix {
	case "disarm":
		return DISARMIncidentURL(id), "DISARM"
	}
	return "", ""
}

// DISARMIncidentURL is DISARM's own page about an incident.
func DISARMIncidentURL(id string) string {
	return "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/incidents/" + id + ".md"
}

// LeadID is the id of the lead made from a dataset entry: disarm-i00033.
func LeadID(dataset, entry string) string {
	return fmt.Sprintf("%s-%s", strings.ToLower(dataset), strings.ToLower(entry))
}
