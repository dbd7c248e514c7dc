package dataset

import (
	"strings"
	"testing"
)

// TestOneDocumentPerFile: a second YAML document in a record file is a
// problem located at its ---, never silently dropped; a leading ---, a
// closing ... and an empty trailing document drop nothing and are fine.
func TestOneDocumentPerFile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"name: x\n---\nname: y\n", "2:1: a second YAML document starts here"},
		{"name: x\n...\n---\nname: y\n", "3:1: a second YAML document starts here"},
		{"name: x\n---\n---\n- y\n", "3:1: a second YAML document starts here"},
		{"name: x\n---\n[unclosed\n", "not valid YAML"},
		{"---\nname: x\n", ""},
		{"name: x\n...\n", ""},
		{"name: x\n---\n", ""},
		{"name: x\n---\n# only a comment\n", ""},
	}
	for _, tt := range tests {
		_, p := ParseMapping([]byte(tt.in), "f.yaml")
		got := ""
		if p != nil {
			got = p.String()
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%q: problem %q, want %q", tt.in, got, tt.want)
		}
	}
}
