package dataset

import (
	"strings"
	"testing"
	"testing/fstest"
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

// TestLoadReportsStrayEntries: records in a subfolder, or in a file whose
// name ends in .YAML, would be left out without a word; they are
// problems. A README is no record and no problem.
func TestLoadReportsStrayEntries(t *testing.T) {
	schemas, err := NewSchemas()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"data/places/FR.yaml":            {Data: []byte("name: France\nkind: country\n")},
		"data/places/GP.YAML":            {Data: []byte("name: Guadeloupe\nkind: territory\n")},
		"data/places/README.md":          {Data: []byte("not a record")},
		"data/places/.MQ.yaml.swp":       {Data: []byte("editor file")},
		"data/places/overseas/RE.yaml":   {Data: []byte("name: Réunion\nkind: territory\n")},
		"data/places/.hidden/NC.yaml":    {Data: []byte("name: New Caledonia\nkind: territory\n")},
		"data/organizations/agency.yaml": {Data: []byte("name: Agency\nkind: government\n")},
	}
	_, probs := Loader{FS: fsys, Root: "data", Schemas: schemas}.Load()
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		"data/places/GP.YAML:1:1: this file is not read: only names ending in .yaml or .yml are",
		"data/places/overseas:1:1: records are not read from subfolders: move the files of overseas/ up into its folder",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
