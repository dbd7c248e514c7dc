package scrape

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/safefs"
)

// The kinds of listing a publisher definition may declare.
const (
	KindRSS     = "rss"
	KindAtom    = "atom"
	KindSitemap = "sitemap"
	KindHTML    = "html"
)

// Publisher is one scrape definition, read from
// data/publishers/<id>.yaml. See generator/schema/publisher.schema.json.
type Publisher struct {
	ID   string `yaml:"-"` // the file name without .yaml
	Path string `yaml:"-"` // slash-separated path of the file in its fs.FS

	Name         string     `yaml:"name"`
	Organization string     `yaml:"organization"`
	URL          string     `yaml:"url"`
	Kind         string     `yaml:"kind"`
	Selectors    *Selectors `yaml:"selectors"`
	Language     string     `yaml:"language"`
	Keywords     []string   `yaml:"keywords"`
	PathPrefix   string     `yaml:"path_prefix"`
	SourceKind   string     `yaml:"source_kind"`
	MinItems     int        `yaml:"min_items"`
	MaxItems     int        `yaml:"max_items"`
	Checked      bool       `yaml:"checked"`

	folded []string // Keywords, folded; set by the loader
}

// Definitions is the result of loading the publisher definitions: the
// valid ones, sorted by id, and the problems of the others. A definition
// with a problem is left out of Publishers; Invalid names it.
type Definitions struct {
	Publishers []*Publisher
	Invalid    map[string][]dataset.Problem // publisher id → its problems
	Problems   []dataset.Problem            // every problem, located and sorted

	orgs map[string]string // organization id → kind
}

// LoadPublishers reads every definition under root/publishers of fsys
// ("data" in a project) and checks it against the publisher schema and
// the organizations under root/organizations. Problems carry
// path:line:col like the data validator's. A missing publishers folder
// yields no definitions and no problem.
func LoadPublishers(fsys fs.FS, root string) (*Definitions, error) {
	checker, err := newDefChecker(fsys, root)
	if err != nil {
		return nil, err
	}
	dir := path.Join(root, "publishers")
	defs := &Definitions{Invalid: map[string][]dataset.Problem{}, orgs: checker.orgs}
	var se *safefs.Error
	if err := safefs.CheckDir(fsys, dir); errors.As(err, &se) {
		defs.Problems = []dataset.Problem{dataset.FileProblem(se.Path, root+"/", err)}
		return defs, nil
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("load publishers: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if msg := dataset.StrayEntry(e, ".yaml"); msg != "" {
			defs.Problems = append(defs.Problems, dataset.Problem{Path: path.Join(dir, name), Line: 1, Col: 1, Message: msg})
		}
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".yaml") {
			continue
		}
		p, probs := checker.load(path.Join(dir, name))
		if len(probs) > 0 {
			dataset.Locate(fsys, probs)
			probs = dataset.SortProblems(probs)
			defs.Invalid[p.ID] = probs
			defs.Problems = append(defs.Problems, probs...)
			continue
		}
		defs.Publishers = append(defs.Publishers, p)
	}
	sort.Slice(defs.Publishers, func(i, j int) bool { return defs.Publishers[i].ID < defs.Publishers[j].ID })
	defs.Problems = dataset.SortProblems(defs.Problems)
	return defs, nil
}

// load reads and checks one definition file.
func (c *defChecker) load(file string) (*Publisher, []dataset.Problem) {
	p := &Publisher{ID: strings.TrimSuffix(path.Base(file), ".yaml"), Path: file}
	data, err := safefs.ReadFile(c.fsys, file, safefs.MaxFile)
	if err != nil {
		return p, []dataset.Problem{dataset.FileProblem(file, path.Dir(path.Dir(file))+"/", err)}
	}
	root, perr := dataset.ParseMapping(data, file)
	if perr != nil {
		return p, []dataset.Problem{*perr}
	}
	probs := c.schemaProblems(file, root)
	if err := root.Decode(p); err != nil && len(probs) == 0 {
		probs = append(probs, dataset.Problem{Path: file, Line: root.Line, Col: root.Column, Message: "cannot read the definition: " + err.Error()})
	}
	if len(probs) == 0 {
		probs = c.check(p)
	}
	p.folded = make([]string, len(p.Keywords))
	for i, k := range p.Keywords {
		p.folded[i] = fold(strings.TrimSpace(k))
	}
	return p, probs
}

// defaultSourceKinds maps an organization's kind to the kind of the
// sources it publishes, when a definition does not say.
var defaultSourceKinds = map[string]string{
	"government": "official-report", "international": "official-report",
	"platform": "platform-report", "research": "research", "ngo": "research", "media": "news",
}

// sourceKind is the kind written on the publisher's new sources.
func (p *Publisher) sourceKind(orgKind string) string {
	if p.SourceKind != "" {
		return p.SourceKind
	}
	if k, ok := defaultSourceKinds[orgKind]; ok {
		return k
	}
	return "research"
}

// matches reports whether an item passes the keyword filter.
func (p *Publisher) matches(it Item) bool {
	if len(p.folded) == 0 {
		return true
	}
	text := fold(it.Title + " " + it.Summary)
	for _, k := range p.folded {
		if k != "" && strings.Contains(text, k) {
			return true
		}
	}
	return false
}
