package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
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
	d := &Dataset{}
	var all []Problem
	add := func(ps []Problem) { all = append(all, ps...) }
	add(loadKind(l, KindPlace, &d.Places))
	add(loadKind(l, KindOrganization, &d.Organizations))
	add(loadKind(l, KindActor, &d.Actors))
	add(loadKind(l, KindTechnique, &d.Techniques))
	add(loadKind(l, KindSource, &d.Sources))
	add(loadKind(l, KindCampaign, &d.Campaigns))
	add(loadKind(l, KindLead, &d.Leads))
	add(loadKind(l, KindIndicators, &d.Indicators))
	all = append(all, duplicates(d)...)
	d.Index()
	return d, all
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

type loaded[T any] struct {
	rec   *T
	probs []Problem
}

func loadKind[T any, PT interface {
	*T
	record
}](l Loader, k Kind, out *[]PT) []Problem {
	dir := path.Join(l.Root, k.Dir())
	var se *safefs.Error
	if err := safefs.CheckDir(l.FS, dir); errors.As(err, &se) { // the folder, or data/ itself, is a link
		return []Problem{FileProblem(se.Path, l.Root+"/", err)}
	}
	entries, err := fs.ReadDir(l.FS, dir)
	if err != nil {
		if isNotExist(err) {
			return nil
		}
		return []Problem{{Path: dir, Message: fmt.Sprintf("cannot read folder: %v", err)}}
	}
	var files []string
	var stray []Problem
	for _, e := range entries {
		n := e.Name()
		if msg := StrayEntry(e, ".yaml", ".yml"); msg != "" {
			stray = append(stray, Problem{Path: path.Join(dir, n), Line: 1, Col: 1, Message: msg})
		}
		if e.IsDir() || strings.HasPrefix(n, ".") || !(strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			continue
		}
		files = append(files, path.Join(dir, n))
	}
	results := make([]loaded[T], len(files))
	parallel(len(files), func(i int) {
		rec, probs := decodeFile[T, PT](l, k, files[i])
		results[i] = loaded[T]{rec, probs}
	})
	probs := stray
	for _, r := range results {
		probs = append(probs, r.probs...)
		if r.rec != nil {
			*out = append(*out, PT(r.rec))
		}
	}
	return probs
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
	for _, vi := range l.Schemas.Validate(string(k), v) {
		probs = append(probs, violationProblem(file, root, vi))
	}
	if err := root.Decode(rec); err != nil && len(probs) == 0 {
		probs = append(probs, Problem{Path: file, Line: root.Line, Col: root.Column, Message: decodeError(err)})
	}
	*rec.meta() = Meta{ID: id, Path: file}
	return (*T)(rec), probs
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
