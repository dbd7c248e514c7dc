package dataset

import (
	"errors"

	"fmt"
	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// parseYAML parses one YAML document and returns its top-level mapping.
func parseYAML(data []byte) (*yaml.Node, *Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, refineSyntax(data, yamlProblem(err))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Problem{Line: 1, Col: 1, Message: "the file is empty: a record is a YAML mapping of fields"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Problem{Line: root.Line, Col: root.Column, Message: "not a record: the top level must be a mapping of fields (name: value)"}
	}
	return root, nil
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

// Limits on what one record may expand to through YAML aliases: a cyclic
// alias or a "billion laughs" file is reported instead of exhausting
// memory.
const (
	maxDepth = 64
	maxNodes = 100_000
)

// valueBuilder converts a YAML node into the plain values a JSON Schema
// validator reads. Keys repeated in one mapping are reported through dup,
// and a document past the limits through tooBig, once.
type valueBuilder struct {
	dup    func(ptr []string, key *yaml.Node)
	tooBig func(n *yaml.Node)
	nodes  int
	failed bool
}

func toValue(n *yaml.Node, ptr []string, dup func(ptr []string, key *yaml.Node), tooBig func(n *yaml.Node)) any {
	b := &valueBuilder{dup: dup, tooBig: tooBig}
	return b.value(n, ptr, 0)
}

func (b *valueBuilder) value(n *yaml.Node, ptr []string, depth int) any {
	b.nodes++
	if depth > maxDepth || b.nodes > maxNodes {
		if !b.failed {
			b.failed = true
			b.tooBig(n)
		}
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		return b.value(n.Alias, ptr, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
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
	var tooBig bool
	v := toValue(n, nil, func([]string, *yaml.Node) {}, func(*yaml.Node) { tooBig = true })
	if tooBig {
		return nil, ErrTooNested
	}
	return v, nil
}

// ParseMapping parses one YAML document whose top level must be a mapping,
// such as a record or a scrape definition; a syntax error or another shape
// comes back as a problem located in path.
func ParseMapping(data []byte, path string) (*yaml.Node, *Problem) {
	root, p := parseYAML(data)
	if p != nil {
		p.Path = path
	}
	return root, p
}
