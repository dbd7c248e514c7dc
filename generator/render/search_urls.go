package render

import "github.com/interference-watch/portal/generator/dataset"

// RecordURLs returns the link path of a record's page in a language, as
// the pages link to it: the base URL's path, the language folder outside
// defaultLang, and the record's path, such as /fr/campaigns/op/. The
// search index uses it so its results link where the pages do.
func RecordURLs(baseURL, defaultLang string) func(lang string, k dataset.Kind, id string) string {
	return func(lang string, k dataset.Kind, id string) string {
		return sitePrefix(baseURL, lang, defaultLang) + recordURL(k, id)
	}
}
