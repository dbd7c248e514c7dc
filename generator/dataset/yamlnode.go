package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
	"go.yaml.in/yaml/v3"
)

// parseYAML parses the one YAML document of a record file and returns its
// top-level mapping. A file past the limits of countStructure is refused before
// it is parsed; a second document in the file is a problem, not ignored.
func parseYAML(data []byte) (*yaml.Node, *Problem) {
	shape := countStructure(data)
	if shape.problem != nil {
		return nil, shape.problem
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		if strings.Contains(err.Error(), "exceeded max depth") {
			return nil, &Problem{Line: max(shape.deepLine, 1), Col: max(shape.deepCol, 1), Message: tooDeep}
		}
		p := yamlProblem(err)
		if len(data) <= maxRefine && shape.depth <= maxRefineDepth {
			p = refineSyntax(data, p)
		}
		// A quote left open makes the parser fail far below, with a
		// cause that names something else: point at the open quote.
		if line, col, ok := unclosedQuote(data); ok && line < p.Line {
			p.Line, p.Col = line, col
			p.Message = "not valid YAML: this quoted value is not closed on its line; end it with the same quote mark"
		}
		return nil, p
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Problem{Line: 1, Col: 1, Message: "the file is empty: a record is a YAML mapping of fields"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Problem{Line: root.Line, Col: root.Column, Message: "not a record: the top level must be a mapping of fields (name: value)"}
	}
	if p := secondDocument(dec); p != nil {
		return nil, p
	}
	return root, nil
}

// secondDocument reports the first document after the first that holds
// anything (an empty one, as a trailing --- makes, drops nothing), or a
// syntax error there.
func secondDocument(dec *yaml.Decoder) *Problem {
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return yamlProblem(err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		if c := doc.Content[0]; c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" {
			continue
		}
		return &Problem{Line: max(doc.Line, 1), Col: max(doc.Column, 1),
			Message: "a second YAML document starts here: a record file holds one document (name: value …); put this one in its own file or remove the ---"}
	}
}

// Limits on what one record file may hold, checked before and after it
// is parsed. The YAML parser builds a node of about 250 bytes for every
// value, so structure is counted before parsing (countStructure), and a
// "billion laughs" file of aliases or a cyclic alias is bounded by the
// count of values once expanded (toValue).
const (
	maxDepth = 64      // nesting of mappings and lists, aliases expanded
	maxNodes = 100_000 // values of one record, aliases expanded
	// maxStructure bounds the punctuation a file may hold before it is
	// parsed: ',', '[', '{', ':', '-', '?', '&', '*' and non-blank lines.
	// Every YAML value needs at least half of one, so it bounds the
	// values the parser builds to about 400,000 (some 100 MB). A real
	// record has a few hundred; a 1 MiB page of prose, some 40,000.
	maxStructure = 200_000
	// The second parser that improves the position of a syntax error
	// takes memory quadratic in the nesting: it is run on small files
	// only.
	maxRefine      = 64 << 10
	maxRefineDepth = 100
)

const tooDeep = "the record nests too deeply (more than 64 levels of lists and mappings); write it out plainly"

// yamlShape is what countStructure finds in a file.
type yamlShape struct {
	n     int // structure: see maxStructure
	depth int // the deepest nesting of brackets, counted crudely (brackets in text count too)
	// where the brackets first nest deeper than maxDepth, if they do
	deepLine, deepCol int
	// set when n passes maxStructure, located there
	problem *Problem
}

// countStructure counts the structure of data in one pass without
// allocating, and stops with a problem where it passes maxStructure. A
// document of structure n has at most 2n+2 values
// (FuzzStructureBoundsNodes checks it).
func countStructure(data []byte) yamlShape {
	var s yamlShape
	level, line, col, blank := 0, 1, 0, true
	for _, c := range data {
		col++
		switch c {
		case '\n':
			if !blank {
				s.n++
			}
			line, col, blank = line+1, 0, true
			continue
		case ' ', '\t', '\r':
			continue
		case '[', '{':
			level++
			if level > s.depth {
				s.depth = level
				if level == maxDepth+1 {
					s.deepLine, s.deepCol = line, col
				}
			}
			s.n++
		case ']', '}':
			level = max(level-1, 0)
		case ',', ':', '-', '?', '&', '*':
			s.n++
		}
		blank = false
		if s.n > maxStructure {
			s.problem = &Problem{Line: line, Col: col,
				Message: fmt.Sprintf("the file holds too many YAML values for one record (the limit is about %d); write it out plainly or split it", maxNodes)}
			return s
		}
	}
	return s
}

var yamlLine = regexp.MustCompile(`line (\d+)(?:, column (\d+))?:\s*(.*)`)

// yamlProblem turns a YAML syntax error into a located problem.
func yamlProblem(err error) *Problem {
	msg := err.Error()
	p := &Problem{Line: 1, Col: 1, Message: "not valid YAML: " + msg}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			p.Col, _ = strconv.Atoi(m[2])
		}
		p.Message = "not valid YAML: " + m[3]
	}
	return p
}

// valueBuilder converts a YAML node into the plain values a JSON Schema
// validator reads. Keys repeated in one mapping are reported through dup;
// a document past the limits, or with a key that is not plain text,
// through fail, once.
type valueBuilder struct {
	dup    func(ptr []string, key *yaml.Node)
	fail   func(n *yaml.Node, msg string)
	nodes  int
	failed bool
}

// Why toValue gives up on a document.
const (
	msgTooBig     = "the record nests or repeats too much (YAML aliases?); write it out plainly"
	msgComplexKey = "a field name must be plain text, not a list, a mapping or an alias"
)

func toValue(n *yaml.Node, ptr []string, dup func(ptr []string, key *yaml.Node), fail func(n *yaml.Node, msg string)) any {
	b := &valueBuilder{dup: dup, fail: fail}
	return b.value(n, ptr, 0)
}

func (b *valueBuilder) stop(n *yaml.Node, msg string) any {
	if !b.failed {
		b.failed = true
		b.fail(n, msg)
	}
	return nil
}

func (b *valueBuilder) value(n *yaml.Node, ptr []string, depth int) any {
	b.nodes++
	if depth > maxDepth || b.nodes > maxNodes {
		return b.stop(n, msgTooBig)
	}
	if b.failed {
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		return b.value(n.Alias, ptr, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				// Decoding such keys costs the YAML decoder time and
				// memory quadratic in their number.
				return b.stop(k, msgComplexKey)
			}
			if _, seen := m[k.Value]; seen {
				b.dup(ptr, k)
			}
			m[k.Value] = b.value(v, append(ptr[:len(ptr):len(ptr)], k.Value), depth+1)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = b.value(c, append(ptr[:len(ptr):len(ptr)], strconv.Itoa(i)), depth+1)
		}
		return s
	}
	return scalar(n)
}

func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value
}

// locate finds the line and column of the field at ptr. When key is set it
// points at that key of the mapping at ptr, or at the mapping itself when
// the key is missing.
func locate(root *yaml.Node, ptr []string, key string) (line, col int) {
	n, keyNode := root, (*yaml.Node)(nil)
	for _, seg := range ptr {
		next, k := child(n, seg)
		if next == nil {
			break
		}
		n, keyNode = next, k
	}
	if key != "" {
		if _, k := child(n, key); k != nil {
			return k.Line, k.Column
		}
		if keyNode != nil {
			return keyNode.Line, keyNode.Column
		}
		return n.Line, n.Column
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		if keyNode != nil {
			return keyNode.Line, keyNode.Column
		}
	}
	return n.Line, n.Column
}

// child returns the value at seg in a mapping or sequence, and the key node
// for a mapping.
func child(n *yaml.Node, seg string) (val, key *yaml.Node) {
	if val, key = Child(n, seg); val != nil {
		return val, key
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.MappingNode {
		// A field checked under the name its misspelled key was taken
		// for (see checkMisspelled) is found at the misspelled key.
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value != seg && levenshtein.ComputeDistance(k.Value, seg) <= 2 && len(seg) > 3 {
				return n.Content[i+1], k
			}
		}
	}
	return nil, nil
}

// Child returns the value at seg exactly (a key of a mapping, an index of
// a sequence), and the key node for a mapping; nil when there is none.
func Child(n *yaml.Node, seg string) (val, key *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1], n.Content[i]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], nil
		}
	}
	return nil, nil
}

// decodeError explains a typed-decoding failure the schema did not catch.
func decodeError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return fmt.Sprintf("cannot read the value: %s", te.Errors[0])
	}
	return "cannot read the value: " + err.Error()
}

// refineSyntax improves the position of a syntax error. The YAML decoder
// sometimes reports the line where the broken construct began; a second
// parser reports where it noticed the error. The later of the two is
// closer to the mistake.
// unclosedQuote finds the first line whose value opens a quote ("…" or
// '…') that the line does not close. Record values never span lines
// inside quotes, so after a syntax error such a line is the likely cause.
func unclosedQuote(data []byte) (line, col int, ok bool) {
	for i, l := range strings.Split(string(data), "\n") {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "- |") {
			continue
		}
		// the value after "key: " or "- "
		at := strings.Index(l, ": ")
		if at < 0 {
			if strings.HasPrefix(t, "- ") {
				at = len(l) - len(t)
			} else {
				continue
			}
		}
		v := strings.TrimLeft(l[at+2:], " ")
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		q := v[0]
		closed := false
		for j := 1; j < len(v); j++ {
			switch {
			case q == '"' && v[j] == '\\':
				j++
			case v[j] == q && q == '\'' && j+1 < len(v) && v[j+1] == '\'':
				j++ // '' is a quote inside single quotes
			case v[j] == q:
				closed = true
			}
			if closed {
				break
			}
		}
		if !closed {
			return i + 1, len(l) - len(v) + 1, true
		}
	}
	return 0, 0, false
}

func refineSyntax(data []byte, p *Problem) *Problem {
	_, err := goccyparser.ParseBytes(data, 0)
	var se *goccy.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return p
	}
	if pos := se.Token.Position; pos.Line >= p.Line {
		p.Line, p.Col = pos.Line, pos.Column
		p.Message = "not valid YAML: " + se.Message
	}
	return p
}

// ErrTooNested is returned by PlainValue for a document that nests or
// repeats past the limits, such as a cyclic YAML alias.
var ErrTooNested = errors.New("the document nests or repeats too much (YAML aliases?)")

// PlainValue converts a parsed YAML node into the plain values (maps,
// lists, strings, numbers, booleans, nil) a JSON Schema validator reads,
// with the same limits as the record loader.
func PlainValue(n *yaml.Node) (any, error) {
	var failure string
	v := toValue(n, nil, func([]string, *yaml.Node) {}, func(_ *yaml.Node, msg string) { failure = msg })
	switch failure {
	case "":
	case msgTooBig:
		return nil, ErrTooNested
	default:
		return nil, errors.New(failure)
	}
	return v, nil
}

// ParseMapping parses one YAML document whose top level must be a mapping,
// such as a record or a scrape definition; a syntax error, another shape,
// a second document or a document past the loader's limits (nesting,
// values once aliases expand, keys that are not plain text) comes back as
// a problem located in path. The node it returns is safe to Decode.
func ParseMapping(data []byte, path string) (*yaml.Node, *Problem) {
	root, p := parseYAML(data)
	if p == nil {
		toValue(root, nil, func([]string, *yaml.Node) {}, func(n *yaml.Node, msg string) {
			p = &Problem{Line: max(n.Line, 1), Col: max(n.Column, 1), Message: msg}
		})
	}
	if p != nil {
		p.Path = path
		return nil, p
	}
	return root, nil
}

// Unmarshal decodes the record file data into v, as yaml.Unmarshal does,
// within the loader's limits (ParseMapping); a refusal is an error that
// reads path:line:col: message.
func Unmarshal(data []byte, path string, v any) error {
	root, p := ParseMapping(data, path)
	if p != nil {
		return errors.New(p.String())
	}
	return root.Decode(v)
}
