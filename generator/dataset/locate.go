package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/interference-watch/portal/generator/safefs"
	"go.yaml.in/yaml/v3"
)

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// Locate fills in the line and column of problems that only know their
// field, reading each file concerned once.
func Locate(fsys fs.FS, ps []Problem) {
	roots := map[string]*yaml.Node{}
	sources := map[string][]string{}
	for i := range ps {
		p := &ps[i]
		if p.Line != 0 || p.Path == "" {
			continue
		}
		root, ok := roots[p.Path]
		if !ok {
			if data, err := safefs.ReadFile(fsys, p.Path, safefs.MaxFile); err == nil {
				root, _ = parseYAML(data)
				sources[p.Path] = strings.Split(string(data), "\n")
			}
			roots[p.Path] = root
		}
		if root == nil {
			p.Line, p.Col = 1, 1
			continue
		}
		p.Line, p.Col = locate(root, p.Pointer, "")
		if p.Offset > 0 || isBlock(root, p.Pointer) {
			p.Line, p.Col = textLine(root, p.Pointer, p.Offset)
			p.Col = indentCol(sources[p.Path], p.Line, p.Col) + p.ColOffset
		}
	}
}

// unknownFieldMessage names an unknown key and, when one is close, the
// field the writer probably meant.
func unknownFieldMessage(root *yaml.Node, ptr []string, key string) string {
	msg := fmt.Sprintf("unknown field %q", key)
	if best := closest(key, knownFields(root, ptr)); best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg
}

// knownFields lists the field names a record of this shape may use at ptr.
// It is filled from the Go types at init.
func knownFields(_ *yaml.Node, ptr []string) []string {
	var parts []string
	for _, p := range ptr {
		if !isIndex(p) {
			parts = append(parts, p)
		}
	}
	return fieldNames[strings.Join(parts, ".")]
}

func isIndex(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// closest returns the candidate within edit distance 2 of s, if any.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	sort.Strings(candidates)
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func isBlock(root *yaml.Node, ptr []string) bool {
	n := root
	for _, seg := range ptr {
		if n, _ = child(n, seg); n == nil {
			return false
		}
	}
	return n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
}

// textLine finds the source line of line offset within a text value: block
// scalars (| and >) start on the line after their indicator.
func textLine(root *yaml.Node, ptr []string, offset int) (line, col int) {
	n := root
	for _, seg := range ptr {
		next, _ := child(n, seg)
		if next == nil {
			return n.Line, n.Column
		}
		n = next
	}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line + 1 + offset, n.Column
	}
	return n.Line + offset, n.Column
}

// indentCol returns the column of the first non-blank character of a
// block scalar's line, or col when the line is not known.
func indentCol(lines []string, line, col int) int {
	if line < 1 || line > len(lines) {
		return col
	}
	l := lines[line-1]
	return len(l) - len(strings.TrimLeft(l, " ")) + 1
}
