package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/interference-watch/portal/generator/safefs"
	"github.com/interference-watch/portal/generator/schema"
	"go.yaml.in/yaml/v3"
)

// Loader reads records from a file system. Schemas must be compiled for
// every kind in Kinds.
type Loader struct {
	FS      fs.FS
	Root    string // folder holding campaigns/, actors/ …; usually "data"
	Schemas *schema.Set
}

// NewSchemas compiles the schema of every record kind.
func NewSchemas() (*schema.Set, error) {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	names = append(names, string(KindLead), string(KindIndicators))
	return schema.Compile(names)
}

// Load reads every record. It returns the records it could decode and a
// problem for each file or field it could not; a missing kind folder is
// not a problem.
func (l Loader) Load() (*Dataset, []Problem) {
	d, probs, _ := l.Keep()
	return d, probs
}

var idPatterns = map[Kind]*regexp.Regexp{
	KindTechnique: regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`),
	KindPlace:     regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`),
}

// reserved ids would collide with pages the site makes itself, such as
// the sorted campaign lists under /campaigns/sorted/.
var reserved = map[Kind]map[string]bool{KindCampaign: {"sorted": true}}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IDPattern returns the pattern ids of kind k must match.
func IDPattern(k Kind) *regexp.Regexp {
	if p, ok := idPatterns[k]; ok {
		return p
	}
	return kebab
}

// parallel runs f(0..n-1) on GOMAXPROCS workers.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func decodeFile[T any, PT interface {
	*T
	record
}](l Loader, k Kind, file string) (*T, []Problem) {
	data, err := safefs.ReadFile(l.FS, file, safefs.MaxFile)
	if err != nil {
		return nil, []Problem{FileProblem(file, l.Root+"/", err)}
	}
	root, p := parseYAML(data)
	if p != nil {
		p.Path = file
		return nil, []Problem{*p}
	}
	base := path.Base(file)
	id := strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	var probs []Problem
	if reserved[k][id] {
		probs = append(probs, Problem{Path: file, Line: 1, Col: 1, Field: "id",
			Message: fmt.Sprintf("%q is reserved for the site's own pages; choose another id", id)})
	}
	if !IDPattern(k).MatchString(id) {
		probs = append(probs, Problem{Path: file, Line: 1, Col: 1, Field: "id",
			Message: fmt.Sprintf("file name %q is not a valid %s id (%s)", base, k, idRule(k))})
	}
	dup := func(ptr []string, key *yaml.Node) {
		probs = append(probs, Problem{Path: file, Line: key.Line, Col: key.Column,
			Field: FieldName(append(ptr, key.Value)), Message: "field appears twice"})
	}
	overflow := false
	fail := func(n *yaml.Node, msg string) {
		overflow = true
		probs = append(probs, Problem{Path: file, Line: n.Line, Col: n.Column, Message: msg})
	}
	v := toValue(root, nil, dup, fail)
	if overflow { // decoding it would be as costly; report and skip the record
		return nil, probs
	}
	rec := PT(new(T))
	violations := l.Schemas.Validate(string(k), v)
	// A misspelled key must not hide the mistakes inside it, nor a
	// duplicate key the reference checks: check what the misspelled key
	// holds as if it were spelt right, and decode the first of duplicates.
	inside, renamedTo := checkMisspelled(l, k, file, root, v, violations)
	for _, vi := range violations {
		if vi.Missing && renamedTo[FieldName(append(vi.Pointer[:len(vi.Pointer):len(vi.Pointer)], vi.Key))] {
			continue // the misspelled key is that field: one mistake, one problem
		}
		probs = append(probs, violationProblem(file, root, vi))
	}
	probs = append(probs, inside...)
	dropDuplicateKeys(root)
	if err := root.Decode(rec); err != nil && len(probs) == 0 {
		probs = append(probs, Problem{Path: file, Line: root.Line, Col: root.Column, Message: decodeError(err)})
	}
	*rec.meta() = Meta{ID: id, Path: file}
	return (*T)(rec), probs
}

// checkMisspelled validates, for every unknown key that is close to a
// known field the mapping lacks ("atributions"), the mapping again with
// the key spelt right, and returns the problems found inside that value,
// located at the misspelled key's contents. It renames the key in root
// too, so the record's cross-record checks see what it holds.
func checkMisspelled(l Loader, k Kind, file string, root *yaml.Node, v any, violations []schema.Violation) ([]Problem, map[string]bool) {
	type rename struct {
		ptr      []string
		from, to string
	}
	var renames []rename
	for _, vi := range violations {
		if vi.Key == "" || vi.Missing {
			continue
		}
		m, ok := schema.ValueAt(v, vi.Pointer).(map[string]any)
		if !ok {
			continue
		}
		to := closest(vi.Key, knownFields(root, vi.Pointer))
		if _, taken := m[to]; to == "" || taken {
			continue
		}
		m[to] = m[vi.Key]
		delete(m, vi.Key)
		renames = append(renames, rename{vi.Pointer, vi.Key, to})
		if n, _ := nodeAt(root, vi.Pointer); n != nil {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == vi.Key {
					n.Content[i].Value = to
				}
			}
		}
	}
	if len(renames) == 0 {
		return nil, nil
	}
	renamedTo := map[string]bool{}
	for _, r := range renames {
		renamedTo[FieldName(append(r.ptr[:len(r.ptr):len(r.ptr)], r.to))] = true
	}
	var out []Problem
	for _, vi := range l.Schemas.Validate(string(k), v) {
		for _, r := range renames {
			under := append(r.ptr[:len(r.ptr):len(r.ptr)], r.to)
			if len(vi.Pointer) >= len(under) && slices.Equal(vi.Pointer[:len(under)], under) {
				p := violationProblem(file, root, vi)
				p.Message += fmt.Sprintf(" (inside %q, read as %q)", r.from, r.to)
				out = append(out, p)
			}
		}
	}
	return out, renamedTo
}

// nodeAt follows ptr through a YAML tree.
func nodeAt(root *yaml.Node, ptr []string) (*yaml.Node, bool) {
	n := root
	for _, seg := range ptr {
		next, _ := child(n, seg)
		if next == nil {
			return nil, false
		}
		n = next
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n, n.Kind == yaml.MappingNode
}

// dropDuplicateKeys removes, in every mapping of n, each key that repeats
// an earlier one, with its value: the loader reports the repetition, and
// the record is then read with the first value, so that its other checks
// still run.
func dropDuplicateKeys(n *yaml.Node) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]bool{}
		kept := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.ScalarNode && seen[k.Value] {
				continue
			}
			seen[k.Value] = true
			kept = append(kept, k, n.Content[i+1])
		}
		n.Content = kept
	}
	for _, c := range n.Content {
		if c.Kind != yaml.AliasNode {
			dropDuplicateKeys(c)
		}
	}
}

// StrayEntry explains why an entry of a folder of records, which would
// otherwise be passed over without a word, is not read: a subfolder, or a
// file named like a record but for the case or the ending of its name
// (op.YAML, op.yml where only endings are read). It returns "" for a
// record file, a hidden entry, or a file that is plainly no record (a
// README.md).
func StrayEntry(e fs.DirEntry, endings ...string) string {
	n := e.Name()
	if strings.HasPrefix(n, ".") {
		return ""
	}
	if e.IsDir() {
		return fmt.Sprintf("records are not read from subfolders: move the files of %s/ up into its folder", n)
	}
	lower := strings.ToLower(n)
	for _, end := range endings {
		if strings.HasSuffix(n, end) {
			return ""
		}
	}
	for _, end := range []string{".yaml", ".yml"} {
		if strings.HasSuffix(lower, end) {
			return fmt.Sprintf("this file is not read: only names ending in %s are", strings.Join(endings, " or "))
		}
	}
	return ""
}

// FileProblem is the problem of a file that cannot be read, located at
// its first line: a file refused by safefs (a symlink, a named pipe, too
// large) is explained with folder, such as "data/", as the place where
// the rule applies.
func FileProblem(file, folder string, err error) Problem {
	var se *safefs.Error
	if errors.As(err, &se) {
		return Problem{Path: file, Line: 1, Col: 1, Message: se.Describe(folder)}
	}
	return Problem{Path: file, Line: 1, Col: 1, Message: fmt.Sprintf("cannot read file: %v", err)}
}

func violationProblem(file string, root *yaml.Node, v schema.Violation) Problem {
	line, col := locate(root, v.Pointer, v.Key)
	ptr := v.Pointer
	if v.Key != "" {
		ptr = append(ptr[:len(ptr):len(ptr)], v.Key)
	}
	msg := v.Message
	if v.Key != "" && !v.Missing {
		msg = unknownFieldMessage(root, v.Pointer, v.Key)
	}
	return Problem{Path: file, Line: line, Col: col, Field: FieldName(ptr), Pointer: ptr, Message: msg}
}

func idRule(k Kind) string {
	switch k {
	case KindTechnique:
		return "a DISARM id such as T0049 or T0049.001"
	case KindPlace:
		return "an ISO 3166 code such as FR or FR-20R"
	}
	return "lowercase letters, digits and single hyphens"
}

func duplicates(d *Dataset) []Problem {
	var probs []Problem
	probs = append(probs, dupIDs(d.Campaigns)...)
	probs = append(probs, dupIDs(d.Actors)...)
	probs = append(probs, dupIDs(d.Organizations)...)
	probs = append(probs, dupIDs(d.Sources)...)
	probs = append(probs, dupIDs(d.Techniques)...)
	probs = append(probs, dupIDs(d.Places)...)
	probs = append(probs, dupIDs(d.Leads)...)
	probs = append(probs, dupIDs(d.Indicators)...)
	return probs
}

// dupIDs finds records whose ids are equal once case is ignored (big.yaml
// and big.yml, or Big.yaml and big.yaml): they would share one URL.
func dupIDs[T record](recs []T) []Problem {
	first := map[string]string{}
	var probs []Problem
	for _, r := range recs {
		m := r.meta()
		key := strings.ToLower(m.ID)
		if other, ok := first[key]; ok {
			probs = append(probs, Problem{Path: m.Path, Line: 1, Col: 1, Field: "id",
				Message: fmt.Sprintf("duplicate id %q: %s has the same id", m.ID, other)})
			continue
		}
		first[key] = m.Path
	}
	return probs
}
