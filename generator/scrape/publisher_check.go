package scrape

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/safefs"
	"github.com/interference-watch/portal/generator/schema"
	"go.yaml.in/yaml/v3"
)

// defChecker checks definitions against the schema and the organizations.
type defChecker struct {
	fsys    fs.FS
	schemas *schema.Set
	orgs    map[string]string // organization id → its kind
}

func newDefChecker(fsys fs.FS, root string) (*defChecker, error) {
	schemas, err := schema.Compile([]string{"publisher"})
	if err != nil {
		return nil, fmt.Errorf("load publishers: %w", err)
	}
	orgs, err := readOrgKinds(fsys, path.Join(root, "organizations"))
	if err != nil {
		return nil, fmt.Errorf("load publishers: %w", err)
	}
	return &defChecker{fsys: fsys, schemas: schemas, orgs: orgs}, nil
}

// readOrgKinds maps every organization id to its kind ("" when the file
// cannot be read: the data validator reports that).
func readOrgKinds(fsys fs.FS, dir string) (map[string]string, error) {
	if err := safefs.CheckDir(fsys, dir); errors.As(err, new(*safefs.Error)) {
		return map[string]string{}, nil // a linked folder is never read; the validator reports it
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	orgs := map[string]string{}
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".yaml")
		if e.IsDir() || !ok {
			continue
		}
		var org struct {
			Kind string `yaml:"kind"`
		}
		if data, err := safefs.ReadFile(fsys, path.Join(dir, e.Name()), safefs.MaxFile); err == nil {
			_ = dataset.Unmarshal(data, "", &org) // a broken file is the validator's to report
		}
		orgs[id] = org.Kind
	}
	return orgs, nil
}

// schemaProblems validates the definition's YAML against the schema.
func (c *defChecker) schemaProblems(file string, root *yaml.Node) []dataset.Problem {
	value, err := dataset.PlainValue(root)
	if err != nil {
		return []dataset.Problem{{Path: file, Line: root.Line, Col: root.Column, Message: err.Error()}}
	}
	var probs []dataset.Problem
	for _, v := range c.schemas.Validate("publisher", value) {
		ptr := v.Pointer
		if v.Key != "" {
			ptr = append(ptr[:len(ptr):len(ptr)], v.Key)
		}
		probs = append(probs, dataset.Problem{Path: file, Field: dataset.FieldName(ptr), Pointer: ptr, Message: v.Message})
	}
	return probs
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// check finds what the schema cannot see: the id, the organization, the
// URL's host, the item counts and the selectors.
func (c *defChecker) check(p *Publisher) []dataset.Problem {
	var probs []dataset.Problem
	add := func(ptr []string, format string, args ...any) {
		probs = append(probs, dataset.Problem{Path: p.Path, Field: dataset.FieldName(ptr), Pointer: ptr, Message: fmt.Sprintf(format, args...)})
	}
	if !kebab.MatchString(p.ID) {
		probs = append(probs, dataset.Problem{Path: p.Path, Line: 1, Col: 1, Field: "id",
			Message: fmt.Sprintf("file name %q is not a valid id (lowercase letters, digits and single hyphens)", path.Base(p.Path))})
	}
	if _, ok := c.orgs[p.Organization]; !ok {
		add(dataset.Ptr("organization"), "unknown organization %q: add data/organizations/%s.yaml", p.Organization, p.Organization)
	}
	if u, err := url.Parse(p.URL); err != nil || u.Hostname() == "" {
		add(dataset.Ptr("url"), "not an absolute http(s) URL with a host")
	}
	if p.MaxItems < p.MinItems {
		add(dataset.Ptr("max_items"), "max_items (%d) is less than min_items (%d)", p.MaxItems, p.MinItems)
	}
	for i, k := range p.Keywords {
		if strings.TrimSpace(k) == "" {
			add(dataset.Ptr("keywords", i), "must not be blank")
		}
	}
	if p.Kind != KindHTML && p.Selectors != nil {
		add(dataset.Ptr("selectors"), "selectors are read only for kind html, not %s", p.Kind)
	}
	if p.Kind == KindHTML && p.Selectors != nil {
		for _, s := range p.Selectors.fields() {
			if _, err := compileSelector(s.value); s.value != "" && err != nil {
				add(dataset.Ptr("selectors", s.name), "%v", err)
			}
		}
		if _, err := p.Selectors.compile(); err != nil && len(probs) == 0 {
			add(dataset.Ptr("selectors"), "%v", err)
		}
	}
	return probs
}

type namedSelector struct{ name, value string }

func (s *Selectors) fields() []namedSelector {
	return []namedSelector{{"item", s.Item}, {"title", s.Title}, {"link", s.Link}, {"date", s.Date}, {"summary", s.Summary}}
}
