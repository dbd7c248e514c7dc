package sitecheck

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/i18n"
	"github.com/interference-watch/portal/generator/schema"
)

// TestFrenchSiteIsFrench reads every French page of the built seed site
// (the generated bodies, Hugo's frame, the hand-written pages, the 404)
// and fails on an English UI string or a raw data value a French reader
// would see outside an element marked with another language, as
// i18n.LeakChecker defines them; generator/render's
// TestFrenchPagesShowNoEnglish does the same over every enum value.
func TestFrenchSiteIsFrench(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	strs := os.DirFS(filepath.Join(repoRoot, "site", "i18n"))
	en, err := i18n.Load(strs, "en")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := i18n.Load(strs, "fr")
	if err != nil {
		t.Fatal(err)
	}
	enums, err := schema.Enums()
	if err != nil {
		t.Fatal(err)
	}
	raw := []string{"en", "fr", "de", "it", "nl", "ro", "ru", "uk", "pl", "websites", "email"}
	for _, vs := range enums {
		raw = append(raw, vs...)
	}
	check := i18n.NewLeakChecker(fr, en, raw)
	dir := filepath.Join(s.dir, "fr")
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		leaks, err := check.Page(bytes.NewReader(b))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.dir, p)
		for _, l := range leaks {
			t.Errorf("%s: %s", rel, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d French pages", n)
	}
	// Hugo's own title for the 404 page is English; ours is not.
	b, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<title>" + fr.T("not_found_title") + " · "; !bytes.Contains(b, []byte(want)) {
		t.Errorf("fr/404.html has no %s", want)
	}
}
