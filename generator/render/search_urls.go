package render

import "github.com/interference-watch/portal/generator/dataset"

// RecordURLs returns the link path of a record's page in a language, as
// the pages link to it: the base URL's path, the language folder outside
// defaultLang, and the record's path, such as /fr/campaigns/op/. The
// search index uses it so its results link where the pages do.
func RecordURLs(baseURL, defaultLang string) func(lang string, k dataset.Kind, id string) string {
	return func(lang string, k dataset.Kind, id string) string {
		return sitePrefix(baseURL, lang, defaultLang) + recordPath(k, id)
	}
}

// recordPath is the path of a record's page relative to the site root.
func recordPath(k dataset.Kind, id string) string {
	switch k {
	case dataset.KindCampaign:
		return campaignURL(id)
	case dataset.KindActor:
		return actorURL(id)
	case dataset.KindOrganization:
		return organizationURL(id)
	case dataset.KindSource:
		return sourceURL(id)
	case dataset.KindTechnique:
		return techniqueURL(id)
	case dataset.KindPlace:
		return placeURL(id)
	}
	return ""
}
