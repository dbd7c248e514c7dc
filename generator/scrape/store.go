package scrape

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/interference-watch/portal/generator/atomicfile"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
	"github.com/interference-watch/portal/generator/safefs"
)

// store is the data/sources folder as the scraper sees it: which ids are
// taken and which URLs are already recorded, reviewed or not. It is used
// by one goroutine at a time.
type store struct {
	dir  string          // data/sources, OS path
	ids  map[string]bool // lower-cased ids of existing and newly planned records
	urls map[string]string
	// wrap, when set, wraps the writer of each temporary file (tests
	// inject failures with it).
	wrap func(io.Writer) io.Writer
}

// openStore reads every record in dir. A record that cannot be read is an
// error: without its URL the scraper could add a duplicate.
func openStore(dir string) (*store, error) {
	s := &store{dir: dir, ids: map[string]bool{}, urls: map[string]string{}}
	if err := safefs.CheckOSDirs(filepath.Dir(dir), dir); err != nil { // data/ and data/sources: never through a link
		return nil, fmt.Errorf("read sources: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		id, ok := strings.CutSuffix(name, ".yaml")
		if !ok {
			id, ok = strings.CutSuffix(name, ".yml")
		}
		if e.IsDir() || !ok || strings.HasPrefix(name, ".") {
			continue
		}
		s.ids[strings.ToLower(id)] = true
		data, err := safefs.ReadOSFile(filepath.Join(dir, name), safefs.MaxFile)
		if err != nil {
			return nil, fmt.Errorf("read sources: %w", err)
		}
		var rec struct {
			URL string `yaml:"url"`
		}
		if err := dataset.Unmarshal(data, filepath.Join(dir, name), &rec); err != nil {
			return nil, fmt.Errorf("read sources: %w", err)
		}
		if key, ok := urlKey(rec.URL); ok {
			s.urls[key] = id
		}
	}
	return s, nil
}

// urlKey is the de-duplication key of a link: its fetch.Normalize form
// without the scheme, so http and https copies of a page are one.
func urlKey(raw string) (string, bool) {
	n, err := fetch.Normalize(strings.TrimSpace(raw))
	if err != nil {
		return "", false
	}
	_, rest, _ := strings.Cut(n, "://")
	return rest, true
}

// newID returns an unused id built from base, adding -2, -3 … if needed,
// and marks it used.
func (s *store) newID(base string) string {
	id := base
	for n := 2; s.ids[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s.ids[id] = true
	return id
}

// sourceRecord is what the scraper writes for one new item.
type sourceRecord struct {
	ID                                  string
	URL, Title, Publisher, Language     string
	Kind, Published, Retrieved, Excerpt string
}

// render writes the record as YAML. Every free-text value is a JSON string,
// which is a valid YAML double-quoted scalar, so no scraped text can
// change the file's structure.
func (r sourceRecord) render() []byte {
	var b bytes.Buffer
	b.WriteString("# yaml-language-server: $schema=../../generator/schema/source.schema.json\n")
	field := func(name, val string, quoted bool) {
		if val == "" {
			return
		}
		if quoted {
			val = quote(val)
		}
		fmt.Fprintf(&b, "%s: %s\n", name, val)
	}
	// Publisher and kind come from a checked definition (an id and an
	// enum value); everything else is quoted.
	field("url", r.URL, true)
	field("title", r.Title, true)
	field("publisher", r.Publisher, false)
	field("published", r.Published, true)
	field("language", r.Language, true)
	field("kind", r.Kind, false)
	field("retrieved", r.Retrieved, true)
	field("excerpt", r.Excerpt, true)
	b.WriteString("status: unreviewed\n")
	return b.Bytes()
}

func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// create writes a new record file atomically and never over an existing
// file (see atomicfile.Create); on any error no partial record is left.
func (s *store) create(id string, data []byte) (string, error) {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return "", fmt.Errorf("write %s: %w", id, err)
	}
	path := filepath.Join(s.dir, id+".yaml")
	err := atomicfile.CreateFunc(path, 0o644, func(w io.Writer) error {
		if s.wrap != nil {
			w = s.wrap(w)
		}
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return "", err
	}
	return path, nil
}

func writeFileAtomic(path string, data []byte) error {
	return atomicfile.Replace(path, data, 0o644)
}
