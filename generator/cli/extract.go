package cli

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/atomicfile"
	"github.com/interference-watch/portal/generator/publish"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/extract"
	"github.com/interference-watch/portal/generator/fetch"
	"github.com/spf13/cobra"
)

// newFetcher makes the HTTP client of extract and new source; tests
// replace it to reach httptest servers on loopback.
var newFetcher = fetch.New

// extractCmd is portal extract: print the metadata of a page.
func extractCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "extract <file-or-url>",
		Short: "Print the metadata of an article page: title, date, language, summary",
		Long: `Read an HTML page from a file, or fetch it politely when the argument is an
http(s) URL, and print what portal would record about it: title, publication
date, language, description, canonical URL, site name, author and a short
extractive summary.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("unknown --format %q: use text or json", format)
			}
			m, err := e.extractFrom(args[0])
			if err != nil {
				return err
			}
			return writeMetadata(e.stdout, format, m)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return c
}

// extractFrom reads the page at a URL or a file path and extracts it.
func (e *env) extractFrom(arg string) (extract.Metadata, error) {
	if isHTTPURL(arg) {
		m, _, err := e.fetchMetadata(arg)
		return m, err
	}
	page, err := os.ReadFile(arg)
	if err != nil {
		return extract.Metadata{}, fmt.Errorf("extract: %w", err)
	}
	m, err := extract.Read(page, "", "")
	if err != nil {
		return m, fmt.Errorf("extract %s: %w", arg, err)
	}
	return m, nil
}

// fetchMetadata fetches rawURL through the polite client and extracts
// the page; it also returns the URL the page was finally served from.
func (e *env) fetchMetadata(rawURL string) (extract.Metadata, string, error) {
	site := siteURL(e.root)
	if site == "" {
		return extract.Metadata{}, "", fmt.Errorf("extract %s: no usable baseURL in %s: the bot's User-Agent links to the site",
			rawURL, filepath.Join(e.root, "site", "hugo.toml"))
	}
	client, err := newFetcher(fetch.Config{Version: Version, SiteURL: site})
	if err != nil {
		return extract.Metadata{}, "", fmt.Errorf("extract %s: %w", rawURL, err)
	}
	res, err := client.Get(e.ctx, rawURL)
	if err != nil {
		return extract.Metadata{}, "", fmt.Errorf("extract: %w", err)
	}
	if res.NotModified {
		return extract.Metadata{}, "", fmt.Errorf("extract %s: server answered 304 Not Modified to a fresh request", rawURL)
	}
	m, err := extract.Read(res.Body, res.URL, res.Header.Get("Content-Type"))
	if err != nil {
		return m, res.URL, fmt.Errorf("extract %s: %w", rawURL, err)
	}
	return m, res.URL, nil
}

// writeMetadata prints m as aligned "field: value" lines or as JSON.
func writeMetadata(w io.Writer, format string, m extract.Metadata) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	for _, f := range [][2]string{{"title", m.Title}, {"published", m.Published}, {"language", m.Language},
		{"author", m.Author}, {"site name", m.SiteName}, {"canonical url", m.CanonicalURL},
		{"description", m.Description}, {"summary", m.Summary}} {
		if _, err := fmt.Fprintf(w, "%-14s %s\n", f[0]+":", f[1]); err != nil {
			return err
		}
	}
	return nil
}

// siteURL returns the baseURL of the project's site/hugo.toml without
// its trailing slash, or "" when the file is missing, unreadable or has
// no absolute http(s) baseURL.
func siteURL(root string) string {
	base, err := publish.SiteBaseURL(root)
	if err != nil || !isHTTPURL(base) {
		return ""
	}
	return strings.TrimSuffix(base, "/")
}

// isHTTPURL reports whether s starts like an http(s) URL.
func isHTTPURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// newRecord is what portal new runs: a source given by URL is fetched and
// filled in by newSourceFromURL; anything else is scaffolded.
func newRecord(e *env, kind, id string, f newFlags) (string, error) {
	if dataset.Kind(kind) == dataset.KindSource && isHTTPURL(id) {
		return newSourceFromURL(e, id, f)
	}
	return scaffold(e.root, dataset.Kind(kind), id, f)
}

// sourceKinds are the values the source schema allows for kind.
var sourceKinds = []string{"official-report", "platform-report", "research", "news", "statement"}

// newSourceFromURL fetches rawURL, extracts its metadata and writes
// data/sources/<publisher>-<year>-<slug>.yaml with status unreviewed. The
// year is the publication year, else the current one. It never
// overwrites a file and returns the path written.
func newSourceFromURL(e *env, rawURL string, f newFlags) (string, error) {
	if err := checkSourceFlags(e.root, &f); err != nil {
		return "", err
	}
	m, finalURL, err := e.fetchMetadata(rawURL)
	if err != nil {
		return "", fmt.Errorf("new source: %w", err)
	}
	if m.Title == "" {
		return "", fmt.Errorf("new source %s: the page has no title; write the record with portal new source <id> --url", rawURL)
	}
	rec := sourceRecord(m, finalURL, f, e.now())
	id := f.publisher + "-" + rec.year + "-" + slug(m.Title, 6, finalURL)
	if !dataset.IDPattern(dataset.KindSource).MatchString(id) {
		return "", fmt.Errorf("new source %s: made the invalid id %q", rawURL, id)
	}
	data, err := rec.yaml()
	if err != nil {
		return "", err
	}
	rel := path.Join("data", dataset.KindSource.Dir(), id+".yaml")
	if _, err := os.Lstat(filepath.Join(e.root, filepath.FromSlash(rel))); err == nil {
		return "", fmt.Errorf("new source %s: %s already exists; edit it instead", rawURL, rel)
	}
	if probs, err := problemsOfNew(e.root, rel, data); err != nil {
		return "", err
	} else if len(probs) > 0 {
		return "", fmt.Errorf("new source %s: the record would not validate, so nothing was written:%s", rawURL, problemList(probs))
	}
	file := filepath.Join(e.root, filepath.FromSlash(rel))
	if err := writeNewFile(file, data); err != nil {
		return "", fmt.Errorf("new source %s: %w", rawURL, err)
	}
	return file, nil
}

// checkSourceFlags requires --publisher to name an existing organization
// and --kind, defaulting to news, to be a source kind.
func checkSourceFlags(root string, f *newFlags) error {
	if f.publisher == "" {
		return errors.New("a source needs --publisher <organization-id>")
	}
	org := filepath.Join(root, "data", dataset.KindOrganization.Dir(), f.publisher+".yaml")
	if !dataset.IDPattern(dataset.KindOrganization).MatchString(f.publisher) {
		return fmt.Errorf("--publisher %q is not an organization id", f.publisher)
	}
	if _, err := os.Stat(org); err != nil {
		return fmt.Errorf("--publisher %q: no organization %s: add it first with portal new organization", f.publisher, org)
	}
	if f.kind == "" {
		f.kind = "news"
	}
	if !slices.Contains(sourceKinds, f.kind) {
		return fmt.Errorf("--kind %q: a source is one of %s", f.kind, strings.Join(sourceKinds, ", "))
	}
	return nil
}

// sourceFields are the values of a source record made from a page.
type sourceFields struct {
	url, title, publisher, published, language, kind, retrieved, excerpt string
	year                                                                 string // for the id
}

// sourceRecord fills in a record from the extracted metadata. The URL is
// the canonical one, normalised (tracking parameters dropped); a date in
// the future is left out, as validate would reject it.
func sourceRecord(m extract.Metadata, finalURL string, f newFlags, now time.Time) sourceFields {
	today := now.Format(time.DateOnly)
	r := sourceFields{title: m.Title, publisher: f.publisher, language: m.Language, kind: f.kind,
		retrieved: today, excerpt: m.Summary, year: today[:4], url: finalURL}
	if u, err := fetch.Normalize(cmp.Or(m.CanonicalURL, finalURL)); err == nil {
		r.url = u
	}
	if d, err := dataset.ParseDate(m.Published); err == nil && !dataset.MustDate(today).Before(d) {
		r.published, r.year = d.String(), fmt.Sprintf("%04d", d.Year)
	}
	return r
}

// yaml renders the record through the YAML encoder, schema comment first.
func (r sourceFields) yaml() ([]byte, error) {
	fs := []field{{key: "url", value: r.url}, {key: "title", value: r.title}, {key: "publisher", value: r.publisher}}
	if r.published != "" {
		fs = append(fs, field{key: "published", value: dataset.MustDate(r.published)})
	}
	if r.language != "" {
		fs = append(fs, field{key: "language", value: r.language})
	}
	fs = append(fs, field{key: "kind", value: r.kind}, field{key: "retrieved", value: dataset.MustDate(r.retrieved)})
	if r.excerpt != "" {
		fs = append(fs, field{key: "excerpt", value: r.excerpt})
	}
	fs = append(fs, field{key: "status", value: "unreviewed"})
	return recordYAML(dataset.KindSource, fs)
}

// slug makes a source id's slug of at most maxWords words of title
// (dataset.Slug); a title with no Latin letters or digits falls back to
// the last segment of pageURL, then to "page".
func slug(title string, maxWords int, pageURL string) string {
	if s := dataset.Slug(title, maxWords); s != "" {
		return s
	}
	last := path.Base(strings.TrimRight(strings.SplitN(pageURL, "?", 2)[0], "/"))
	if s := dataset.Slug(strings.TrimSuffix(strings.TrimSuffix(last, ".html"), ".htm"), maxWords); s != "" {
		return s
	}
	return "page"
}

func writeNewFile(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	err := atomicfile.Create(dst, data, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; edit it instead", dst)
	}
	return err
}
