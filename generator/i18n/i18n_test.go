package i18n

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestCountFollowsCLDR(t *testing.T) {
	fsys := fstest.MapFS{
		"en.toml": {Data: []byte("plain = \"Hi {{ .Name }}\"\n[n]\none = \"{{ .Count }} campaign\"\nother = \"{{ .Count }} campaigns\"\n")},
		"fr.toml": {Data: []byte("[n]\none = \"{{ .Count }} campagne\"\nother = \"{{ .Count }} campagnes\"\n")},
	}
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 campaigns"}, {"en", 1, "1 campaign"}, {"en", 2, "2 campaigns"},
		{"fr", 0, "0 campagne"}, {"fr", 1, "1 campagne"}, {"fr", 2, "2 campagnes"},
	}
	for _, tt := range tests {
		s, err := Load(fsys, tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Count("n", tt.n); got != tt.want {
			t.Errorf("%s Count(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	en, _ := Load(fsys, "en")
	if got := en.Fill("plain", "Name", "you"); got != "Hi you" {
		t.Errorf("Fill = %q", got)
	}
	if got := en.T("nope"); got != "nope" || len(en.Missing()) != 1 {
		t.Errorf("missing key = %q, %v", got, en.Missing())
	}
}

func TestBadFiles(t *testing.T) {
	for name, data := range map[string]string{
		"no other":     "[n]\none = \"x\"\n",
		"bad category": "[n]\nsome = \"x\"\nother = \"y\"\n",
		"not a string": "n = 3\n",
	} {
		if _, err := Load(fstest.MapFS{"en.toml": {Data: []byte(data)}}, "en"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestSiteStrings loads the site's own files: both languages have the
// same keys.
func TestSiteStrings(t *testing.T) {
	en, err := Load(os.DirFS("../../site/i18n"), "en")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := Load(os.DirFS("../../site/i18n"), "fr")
	if err != nil {
		t.Fatal(err)
	}
	for k := range en.msgs {
		if _, ok := fr.msgs[k]; !ok {
			t.Errorf("fr.toml lacks %s", k)
		}
	}
	for k := range fr.msgs {
		if _, ok := en.msgs[k]; !ok {
			t.Errorf("en.toml lacks %s", k)
		}
	}
}

func TestCountFill(t *testing.T) {
	fsys := fstest.MapFS{"fr.toml": {Data: []byte("[a]\none = \"{{ .Count }} source sur {{ .Total }} a une copie\"\nother = \"{{ .Count }} sources sur {{ .Total }} ont une copie\"\n")}}
	fr, err := Load(fsys, "fr")
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{0: "0 source sur 3 a une copie", 1: "1 source sur 3 a une copie", 2: "2 sources sur 3 ont une copie"} {
		if got := fr.CountFill("a", n, "Total", "3"); got != want {
			t.Errorf("CountFill(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestLoadRefusesLink: the strings file is read as safefs allows, never
// through a link.
func TestLoadRefusesLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "en.toml")
	if err := os.WriteFile(target, []byte("a = \"b\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "en.toml")); err != nil {
		t.Skip(err)
	}
	if _, err := Load(os.DirFS(dir), "en"); err == nil {
		t.Error("Load read the strings through a link")
	}
}
