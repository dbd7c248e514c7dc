package stamp

import (
	"errors"
	"fmt"
	"github.com/interference-watch/portal/generator/dataset"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// text is a record file's bytes with the offset of each line, to turn the
// YAML parser's positions (1-based lines, and columns in characters) into
// byte offsets.
type text struct {
	data  []byte
	lines []int // byte offset of the start of each line
}

func newText(data []byte) *text {
	t := &text{data: data, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// edit replaces data[start:end] with repl.
type edit struct {
	start, end int
	repl       string
}

// apply makes the edits, which must not overlap.
func (t *text) apply(edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		b.Write(t.data[at:e.start])
		b.WriteString(e.repl)
		at = e.end
	}
	b.Write(t.data[at:])
	return []byte(b.String())
}

// offset is the byte offset of the node's first character.
func (t *text) offset(n *yaml.Node) int {
	start := t.lines[n.Line-1]
	off := start
	for range n.Column - 1 {
		_, size := utf8.DecodeRune(t.data[off:])
		off += size
	}
	return off
}

// lineEnd is the offset of the newline ending line (1-based), or the end
// of the data.
func (t *text) lineEnd(line int) int {
	if line < len(t.lines) {
		return t.lines[line] - 1
	}
	return len(t.data)
}

// indent is the number of spaces starting line, or -1 for a blank line or
// one holding only a comment.
func (t *text) indent(line int) int {
	l := string(t.data[t.lines[line-1]:t.lineEnd(line)])
	rest := strings.TrimLeft(l, " ")
	if rest == "" || strings.TrimSpace(rest) == "" || strings.HasPrefix(rest, "#") {
		return -1
	}
	return len(l) - len(rest)
}

// entryEnd is the offset where the block mapping entry whose key is k
// ends: the end of the last line below k's that is indented deeper than
// k (block scalars, continued plain scalars, nested mappings).
func (t *text) entryEnd(k *yaml.Node) int {
	last := k.Line
	for l := k.Line + 1; l <= len(t.lines); l++ {
		in := t.indent(l)
		if in < 0 {
			continue
		}
		if in <= k.Column-1 {
			break
		}
		last = l
	}
	return strings.LastIndexFunc(string(t.data[:t.lineEnd(last)]), func(r rune) bool { return r != ' ' && r != '\r' }) + 1
}

var errNoFlowEnd = errors.New("cannot find the end of this {…} mapping")

// flowEnd is the offset just after the } that closes the flow mapping
// starting at off, skipping quoted text, nested brackets and comments.
func (t *text) flowEnd(off int) (int, error) {
	d := t.data
	depth := 0
	for i := off; i < len(d); i++ {
		switch c := d[i]; c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		case '"':
			for i++; i < len(d) && d[i] != '"'; i++ {
				if d[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(d); i++ {
				if d[i] == '\'' {
					if i+1 < len(d) && d[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if i > 0 && (d[i-1] == ' ' || d[i-1] == '\t') {
				for i < len(d) && d[i] != '\n' {
					i++
				}
			}
		}
	}
	return 0, errNoFlowEnd
}

// node returns the mapping at ptr below root, following keys exactly.
func node(root *yaml.Node, ptr []string) (*yaml.Node, error) {
	n := root
	for _, seg := range ptr {
		next, _ := dataset.Child(n, seg)
		if next == nil {
			return nil, fmt.Errorf("no %q here", seg)
		}
		n = next
	}
	if n.Kind != yaml.MappingNode {
		return nil, errors.New("not a mapping")
	}
	return n, nil
}

// setFrom is the edit that makes the from: value of the French block at
// ptr the flow mapping of stamps: it replaces an existing from:, or adds
// one as the block's last entry, in the block's own style.
func (t *text) setFrom(root *yaml.Node, ptr []string, stamps [][2]string) (edit, error) {
	m, err := node(root, ptr)
	if err != nil {
		return edit{}, err
	}
	value := flow(stamps)
	if v, k := dataset.Child(m, "from"); k != nil {
		if v.Style&yaml.FlowStyle != 0 && v.Kind == yaml.MappingNode {
			start := t.offset(v)
			end, err := t.flowEnd(start)
			return edit{start, end, value}, err
		}
		if m.Style&yaml.FlowStyle != 0 {
			return edit{}, errors.New("from: is not a {…} mapping")
		}
		return edit{t.offset(k), t.entryEnd(k), "from: " + value}, nil
	}
	if m.Style&yaml.FlowStyle != 0 {
		end, err := t.flowEnd(t.offset(m))
		if err != nil {
			return edit{}, err
		}
		at := strings.LastIndexFunc(string(t.data[:end-1]), func(r rune) bool { return r != ' ' && r != '\n' && r != '\r' }) + 1
		return edit{at, at, ", from: " + value}, nil
	}
	if len(m.Content) == 0 {
		return edit{}, errors.New("an empty mapping")
	}
	last := m.Content[len(m.Content)-2]
	at := t.entryEnd(last)
	return edit{at, at, "\n" + strings.Repeat(" ", last.Column-1) + "from: " + value}, nil
}
