package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/atomicfile"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/safefs"

	"go.yaml.in/yaml/v3"
)

// SchemaLine is the first line of every technique file the importer
// creates; it lets editors check the file against its schema.
const SchemaLine = "# yaml-language-server: $schema=../../generator/schema/technique.schema.json"

// Result says what [Write] did, as technique ids, each list sorted.
type Result struct {
	Created   []string // new files
	Updated   []string // name, tactic or url changed upstream
	Unchanged []string // left byte for byte as they were
	Reviewed  []string // files marked status: reviewed, never touched
	Failed    []string // files that could not be read, merged or written
	LocalOnly []string // technique files the import did not mention, kept
}

// Write writes one <ID>.yaml file per technique into dir, creating dir if
// needed. A new file gets the schema line and the fields name, tactic and
// url. An existing file is edited as a YAML node tree: only name, tactic
// and url are set, and only when they differ from ts; other fields,
// comments and order stay. A file that needs no change is not rewritten;
// one marked status: reviewed is never changed. Every write is atomic.
// Write carries on past a technique it cannot handle (an id that is not
// Tnnnn[.nnn], a file that is not a YAML mapping), lists it in Failed and
// returns every such error joined.
func Write(dir string, ts []Technique) (*Result, error) {
	if err := safefs.CheckOSDirs(filepath.Dir(dir), dir); err != nil { // never write through a link
		return nil, fmt.Errorf("import: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	r := &Result{}
	var errs []error
	imported := map[string]bool{}
	for _, t := range ts {
		imported[t.ID] = true
		list, err := writeOne(dir, t, r)
		if err != nil {
			errs = append(errs, fmt.Errorf("import %s: %w", filepath.Join(dir, t.ID+".yaml"), err))
			list = &r.Failed
		}
		*list = append(*list, t.ID)
	}
	local, err := localOnly(dir, imported)
	if err != nil {
		errs = append(errs, err)
	}
	r.LocalOnly = local
	for _, l := range [][]string{r.Created, r.Updated, r.Unchanged, r.Reviewed, r.Failed} {
		slices.Sort(l)
	}
	return r, errors.Join(errs...)
}

// outcome is what merge decided for an existing file.
type outcome int

const (
	kept      outcome = iota // the facts are already right
	changed                  // the facts changed upstream
	protected                // status: reviewed; never touched
)

// writeOne creates or merges the file of t and returns the Result list it
// belongs in.
func writeOne(dir string, t Technique, r *Result) (*[]string, error) {
	if !techniqueID.MatchString(t.ID) {
		return nil, fmt.Errorf("%q is not a technique id", t.ID)
	}
	path := filepath.Join(dir, t.ID+".yaml")
	old, err := safefs.ReadOSFile(path, safefs.MaxFile)
	if errors.Is(err, fs.ErrNotExist) {
		data, err := newFile(t)
		if err != nil {
			return nil, err
		}
		return &r.Created, writeAtomic(path, data, 0o644)
	}
	if err != nil {
		return nil, err
	}
	data, out, err := merge(old, t)
	switch {
	case err != nil:
		return nil, err
	case out == protected:
		return &r.Reviewed, nil
	case out == kept:
		return &r.Unchanged, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return &r.Updated, writeAtomic(path, data, info.Mode().Perm())
}

// newFile renders the file of a technique that has none yet.
func newFile(t Technique) ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fields(t) {
		if f.value != "" {
			m.Content = append(m.Content, keyNode(f.key), valueNode(f.key, f.value))
		}
	}
	body, err := encode(m)
	if err != nil {
		return nil, err
	}
	return append([]byte(SchemaLine+"\n"), body...), nil
}

// merge sets t's facts in an existing file's YAML. It returns the new
// bytes when the outcome is changed, else nil.
func merge(old []byte, t Technique) ([]byte, outcome, error) {
	if _, p := dataset.ParseMapping(old, ""); p != nil { // within the loader's limits
		return nil, kept, fmt.Errorf("read YAML (fix it by hand, then import again): %s", strings.TrimPrefix(p.String(), ":"))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return nil, kept, fmt.Errorf("read YAML (fix it by hand, then import again): %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, kept, errors.New("not a YAML mapping (fix it by hand, then import again)")
	}
	m := doc.Content[0]
	if v := lookup(m, "status"); v != nil && v.Value == "reviewed" {
		return nil, protected, nil
	}
	dirty := false
	for i, f := range fields(t) {
		if set(m, f.key, f.value, i) {
			dirty = true
		}
	}
	if !dirty {
		return nil, kept, nil
	}
	data, err := encode(&doc)
	return data, changed, err
}

// field is one fact the importer owns.
type field struct{ key, value string }

// fields lists the owned facts of t in file order.
func fields(t Technique) []field {
	return []field{{"name", t.Name}, {"tactic", t.Tactic}, {"url", t.URL}}
}

// set gives key the value in mapping m and reports whether m changed. An
// empty value changes nothing: a fact missing upstream never erases what
// a maintainer wrote. A missing key is inserted after the owned keys that
// precede it (order is its index in fields).
func set(m *yaml.Node, key, value string, order int) bool {
	if value == "" {
		return false
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			continue
		}
		v := m.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Value == value {
			return false
		}
		n := valueNode(key, value)
		n.HeadComment, n.LineComment, n.FootComment = v.HeadComment, v.LineComment, v.FootComment
		if v.Kind == yaml.ScalarNode && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			n.Style = v.Style
		}
		m.Content[i+1] = n
		return true
	}
	at := insertionPoint(m, order)
	m.Content = slices.Insert(m.Content, at, keyNode(key), valueNode(key, value))
	return true
}

// insertionPoint is the index after the last owned key that comes before
// position order in fields, or 0.
func insertionPoint(m *yaml.Node, order int) int {
	before := map[string]bool{}
	for _, f := range fields(Technique{})[:order] {
		before[f.key] = true
	}
	at := 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		if before[m.Content[i].Value] {
			at = i + 2
		}
	}
	return at
}

// lookup returns the value of key in mapping m, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func keyNode(key string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
}

// valueNode is a string scalar; names are double-quoted like the
// hand-written files, other values plain unless they need quotes.
func valueNode(key, value string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}
	if key == "name" {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	return b.Bytes(), nil
}

// localOnly lists the technique files in dir whose id is not in imported.
func localOnly(dir string, imported map[string]bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	var out []string
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".yaml")
		if ok && !e.IsDir() && !strings.HasPrefix(id, ".") && !imported[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

func writeAtomic(path string, data []byte, perm fs.FileMode) error {
	return atomicfile.Replace(path, data, perm)
}
