package importer

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Building and merging the YAML files of imported records.

// mapping is a YAML mapping under construction, in key order.
type mapping struct{ n *yaml.Node }

func newMapping() *mapping { return &mapping{&yaml.Node{Kind: yaml.MappingNode}} }

// str adds key: value when value is not empty; quoted adds it double-quoted
// (names, dates), block as a literal block when it spans lines.
func (m *mapping) str(key, value string) *mapping { return m.add(key, scalar(value, 0)) }
func (m *mapping) quoted(key, value string) *mapping {
	return m.add(key, scalar(value, yaml.DoubleQuotedStyle))
}
func (m *mapping) text(key, value string) *mapping {
	style := yaml.Style(0)
	if len(value) > 0 && (containsNewline(value) || len(value) > 100) {
		style = yaml.LiteralStyle
	}
	return m.add(key, scalar(value, style))
}
func (m *mapping) int(key string, v int) *mapping {
	if v == 0 {
		return m
	}
	return m.add(key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(v)})
}

// strs adds a flow list of strings, when there is any.
func (m *mapping) strs(key string, vs []string, quoted bool) *mapping {
	if len(vs) == 0 {
		return m
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		style := yaml.Style(0)
		if quoted {
			style = yaml.DoubleQuotedStyle
		}
		seq.Content = append(seq.Content, scalar(v, style))
	}
	return m.add(key, seq)
}

func (m *mapping) add(key string, v *yaml.Node) *mapping {
	if v == nil || (v.Kind == yaml.ScalarNode && v.Value == "") || (v.Kind != yaml.ScalarNode && len(v.Content) == 0) {
		return m
	}
	m.n.Content = append(m.n.Content, keyNode(key), v)
	return m
}

func scalar(v string, style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: style}
}

func containsNewline(s string) bool { return slices.Contains([]byte(s), '\n') }

// fileBytes renders a new record file: its schema line, then m.
func fileBytes(schemaLine string, m *mapping) ([]byte, error) {
	body, err := encode(m.n)
	if err != nil {
		return nil, err
	}
	return append([]byte(schemaLine+"\n"), body...), nil
}

// mergeOwned brings the keys owned of an existing file to their values in
// fresh, keeping every other key, every comment and the order: a changed
// value is replaced, a new key is inserted after the owned keys before
// it, and an owned key that fresh lacks is removed. It returns the new
// bytes when something changed (outcome changed), else nil and kept.
// keepKeys are set from fresh only when the file lacks them.
func mergeOwned(old []byte, fresh *yaml.Node, owned, keepKeys []string) ([]byte, outcome, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return nil, kept, fmt.Errorf("read YAML (fix it by hand, then import again): %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, kept, errors.New("not a YAML mapping (fix it by hand, then import again)")
	}
	m := doc.Content[0]
	dirty := false
	order := append(slices.Clone(owned), keepKeys...)
	for i, key := range order {
		nv := lookup(fresh, key)
		at := keyIndex(m, key)
		switch {
		case slices.Contains(keepKeys, key):
			if at >= 0 || nv == nil {
				continue
			}
			m.Content = slices.Insert(m.Content, insertAfter(m, order[:i]), keyNode(key), nv)
			dirty = true
		case nv == nil && at >= 0:
			m.Content = slices.Delete(m.Content, at, at+2)
			dirty = true
		case nv == nil:
		case at < 0:
			m.Content = slices.Insert(m.Content, insertAfter(m, order[:i]), keyNode(key), nv)
			dirty = true
		case !sameValue(m.Content[at+1], nv):
			ov := m.Content[at+1]
			nv.HeadComment, nv.LineComment, nv.FootComment = ov.HeadComment, ov.LineComment, ov.FootComment
			m.Content[at+1] = nv
			dirty = true
		}
	}
	if !dirty {
		return nil, kept, nil
	}
	data, err := encode(&doc)
	return data, changed, err
}

// keyIndex is the index of key's node in mapping m, or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// insertAfter is the index after the last of before present in m, or the
// end of m when none is (a new key goes after hand-added ones).
func insertAfter(m *yaml.Node, before []string) int {
	at := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if slices.Contains(before, m.Content[i].Value) {
			at = i + 2
		}
	}
	if at < 0 {
		return len(m.Content)
	}
	return at
}

// sameValue reports whether two YAML values mean the same, whatever their
// style.
func sameValue(a, b *yaml.Node) bool {
	var x, y any
	if a.Decode(&x) != nil || b.Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
