package scrape

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestPublisherAliasCycleIsAProblem checks that a definition whose YAML
// aliases refer to themselves is reported, not expanded forever.
func TestPublisherAliasCycleIsAProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"data/publishers/loop.yaml": {Data: []byte("name: &a [*a]\nurl: https://example.org/feed\n")},
	}
	defs, err := LoadPublishers(fsys, "data")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range defs.Problems {
		if p.Path == "data/publishers/loop.yaml" && (strings.Contains(p.Message, "nests or repeats") || strings.Contains(p.Message, "YAML")) {
			found = true
		}
	}
	if !found {
		t.Errorf("no problem reported: %v", defs.Problems)
	}
}

// TestPublisherSyntaxErrorIsLocated checks a broken definition is reported
// at the line of the mistake, as records are.
func TestPublisherSyntaxErrorIsLocated(t *testing.T) {
	fsys := fstest.MapFS{
		"data/publishers/broken.yaml": {Data: []byte("name: x\nkeywords: [a\nurl: https://example.org/\n")},
	}
	defs, err := LoadPublishers(fsys, "data")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs.Problems) == 0 || defs.Problems[0].Line < 2 || !strings.Contains(defs.Problems[0].Message, "not valid YAML") {
		t.Errorf("problems = %v", defs.Problems)
	}
}
