// Package generator is the pipeline that turns the records of data/ into
// the published site. It holds no code: each step is a package below it.
//
// # Load and validate
//
// dataset reads the YAML records into a typed, indexed Dataset; schema
// and validate check them and report every problem with its file, line
// and column; cite reads the citations in prose.
//
// # Pages
//
// page turns the Dataset into one typed model per generated page, with
// every cross-reference, count, citation number, href and head tag
// computed once; i18n gives it and the components the UI strings of
// site/i18n with CLDR plurals. component renders the models with templ
// components, which escape every value. render stages the result for
// Hugo behind a typed front matter (render.FrontMatter) and writes the
// explore data and, through feed, the Atom feeds. hugosite, the only
// importer of Hugo, lays the pages out in the site's frame and writes
// the sitemaps.
//
// # Downloads and history
//
// export writes the dataset as JSON, CSV and STIX 2.1; history reads the
// data's git log; search writes the search index.
//
// # Building and serving
//
// publish runs load, validate, stage and Hugo into a fresh folder and
// swaps it into place; cli is the portal command line; schedule rebuilds
// on a timer.
//
// # Collecting
//
// fetch, extract, scrape, importer and linkcheck bring documents and
// frameworks in as unreviewed records; mdsafe renders their reports.
package generator
