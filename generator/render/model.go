package render

import "github.com/interference-watch/portal/generator/dataset"

// The types in this file are the front matter handed to Hugo. Field names
// are the template's vocabulary: keep them stable and lowercase.

// Link is a titled path relative to the site root, without a leading
// slash, so templates can pass it through relLangURL.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Date is a date in its own precision: ISO for the datetime attribute,
// Text for readers ("July 2023").
type Date struct {
	ISO  string `json:"iso"`
	Text string `json:"text"`
}

// Reference is one numbered entry of a page's reference list.
type Reference struct {
	N         int      `json:"n"`
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Page      string   `json:"page"`
	Publisher Link     `json:"publisher"`
	Published *Date    `json:"published,omitempty"`
	Language  string   `json:"language,omitempty"`
	Kind      string   `json:"kind"`
	Archive   string   `json:"archive,omitempty"`
	Via       *ViaView `json:"via,omitempty"`
	Backlinks []string `json:"backlinks"`
}

// ViaView is the copy a source was read from: the hosting organization
// and the copy's address.
type ViaView struct {
	Host Link   `json:"host"`
	URL  string `json:"url"`
}

// frontMatter is what a staged page file starts with.
type frontMatter struct {
	Title       string   `json:"title"`
	Date        string   `json:"date,omitempty"`
	Lastmod     string   `json:"lastmod,omitempty"`
	Outputs     []string `json:"outputs,omitempty"`
	Summary     string   `json:"summary,omitempty"`
	Description string   `json:"description,omitempty"`
	Params      any      `json:"params"`
}

// Paths of record pages, relative to the site root.
// recordURL is the path of a record's page relative to the site root.
func recordURL(k dataset.Kind, id string) string { return k.SitePath(id) + "/" }

func campaignURL(id string) string     { return recordURL(dataset.KindCampaign, id) }
func actorURL(id string) string        { return recordURL(dataset.KindActor, id) }
func organizationURL(id string) string { return recordURL(dataset.KindOrganization, id) }
func sourceURL(id string) string       { return recordURL(dataset.KindSource, id) }
func techniqueURL(id string) string    { return recordURL(dataset.KindTechnique, id) }
func placeURL(id string) string        { return recordURL(dataset.KindPlace, id) }
