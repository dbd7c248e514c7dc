// Package schema holds the JSON Schema of every record kind and checks
// decoded YAML values against them. The same files drive editors through
// the yaml-language-server comment at the top of every data file.
package schema

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed *.schema.json
var files embed.FS

// FS returns the schema files, for publishing them on the site.
func FS() fs.FS { return files }

// Violation is one schema error: where in the document, and what is wrong.
// Key is set when the problem is a key of the object at Pointer (an unknown
// or missing property), so a caller can point at that key.
type Violation struct {
	Pointer []string
	Key     string
	Missing bool
	Message string
}

// Set is the compiled schemas, one per record kind. It is safe for
// concurrent use.
type Set struct {
	byKind map[string]*jsonschema.Schema
}

// Compile loads and compiles the schema of every kind.
func Compile(kinds []string) (*Set, error) { return CompileFS(files, kinds) }

// CompileFS compiles the schema of every kind from the *.schema.json files
// at the root of fsys, such as the schemas as the site publishes them.
func CompileFS(fsys fs.FS, kinds []string) (*Set, error) {
	c := jsonschema.NewCompiler()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", e.Name(), err)
		}
		if err := c.AddResource(e.Name(), doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", e.Name(), err)
		}
	}
	s := &Set{byKind: map[string]*jsonschema.Schema{}}
	for _, k := range kinds {
		sch, err := c.Compile(k + ".schema.json")
		if err != nil {
			return nil, fmt.Errorf("compile schema %s: %w", k, err)
		}
		s.byKind[k] = sch
	}
	return s, nil
}

var printer = message.NewPrinter(language.English)

// Validate checks v (made of map[string]any, []any, strings, numbers,
// booleans and nil) against the schema of kind and returns every leaf
// violation.
func (s *Set) Validate(kind string, v any) []Violation {
	sch, ok := s.byKind[kind]
	if !ok {
		return []Violation{{Message: "no schema for kind " + kind}}
	}
	err := sch.Validate(v)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Violation{{Message: err.Error()}}
	}
	var out []Violation
	collect(ve, &out)
	for i := range out {
		// Say what was written: "value must be one of … ", not "medium".
		if strings.HasPrefix(out[i].Message, "value must be one of") {
			if s, ok := ValueAt(v, out[i].Pointer).(string); ok {
				out[i].Message += fmt.Sprintf(", not %q", s)
			}
		}
	}
	return out
}

// ValueAt follows ptr through the maps and slices of a decoded value v
// (nil when it leads nowhere).
func ValueAt(v any, ptr []string) any {
	for _, seg := range ptr {
		switch t := v.(type) {
		case map[string]any:
			v = t[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(t) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	return v
}

func collect(e *jsonschema.ValidationError, out *[]Violation) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collect(c, out)
		}
		return
	}
	switch k := e.ErrorKind.(type) {
	case *schemaKindAdditional:
		for _, p := range k.Properties {
			*out = append(*out, Violation{Pointer: e.InstanceLocation, Key: p, Message: "unknown field"})
		}
	case *schemaKindRequired:
		for _, p := range k.Missing {
			*out = append(*out, Violation{Pointer: e.InstanceLocation, Key: p, Missing: true, Message: "required field is missing"})
		}
	case *schemaKindPattern:
		*out = append(*out, Violation{Pointer: e.InstanceLocation, Message: patternMessage(k.Got, k.Want)})
	case *schemaKindMinLength:
		*out = append(*out, Violation{Pointer: e.InstanceLocation, Message: "must not be empty"})
	default:
		*out = append(*out, Violation{Pointer: e.InstanceLocation, Message: tidy(e.ErrorKind.LocalizedString(printer))})
	}
}

// tidy turns the library's wording into the portal's: no quotes around
// JSON types, YAML words where they differ.
func tidy(s string) string {
	r := strings.NewReplacer("got object", "got a mapping", "got array", "got a list",
		"want object", "want a mapping", "want array", "want a list", "got null", "got nothing")
	return r.Replace(s)
}

// patterns explains each pattern of common.schema.json in words.
var patterns = map[string]string{
	`^[a-z0-9]+(-[a-z0-9]+)*$`:         "must be an id: lowercase letters, digits and single hyphens",
	`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`:      "must be an ISO 3166 code such as FR or FR-20R",
	`^T[0-9]{4}(\.[0-9]{3})?$`:         "must be a DISARM technique id such as T0049 or T0049.001",
	`^https?://`:                       "only http:// and https:// links are allowed",
	`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`: "must be a language tag such as en or fr",
	`^TA[0-9]{2}$`:                     "must be a DISARM tactic id such as TA17",
	`^disarm:I[0-9]{5}$`:               "must name a DISARM incident such as disarm:I00033",
}

func patternMessage(got, want string) string {
	if m, ok := patterns[want]; ok {
		return fmt.Sprintf("%s, not %q", m, got)
	}
	return fmt.Sprintf("%q does not match %s", got, want)
}
