package dataset

import (
	"bytes"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzStructureBoundsNodes checks the claim that bounds the parser's
// memory before it runs: a YAML document whose structure countStructure
// counts as n has at most 2n+2 nodes, so a file that passes countStructure
// cannot make the parser build more than about 2 × maxStructure nodes.
func FuzzStructureBoundsNodes(f *testing.F) {
	for _, s := range []string{
		"a", "a: b\nc: d\n", "{a, b, c}", "[a, [b, {c: d}]]", "? a\n? b\n?\n", "- - - a\n", "-\n-\n-", "{?, ?}",
		"a:\n  b:\n    c: [1, 2]\n", "&a x", "[*a, *a]", "a: |\n  text, with: - punctuation\n",
		"{" + strings.Repeat("a,", 100) + "}", strings.Repeat("?\n", 100), "!!map {}", "--- a\n...\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		shape := countStructure(data)
		if shape.problem != nil {
			return
		}
		n := shape.n
		var doc yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
			return
		}
		if nodes := countNodes(&doc) - 1; nodes > 2*n+2 { // the document node is not a value
			t.Fatalf("%d nodes for structure %d in %q", nodes, n, data)
		}
	})
}

// countNodes counts the nodes of a tree without following aliases.
func countNodes(n *yaml.Node) int {
	total := 0
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n, stack = stack[len(stack)-1], stack[:len(stack)-1]
		total++
		stack = append(stack, n.Content...)
	}
	return total
}
