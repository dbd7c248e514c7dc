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
