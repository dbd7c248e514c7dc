package sitecheck

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHeadTagsAlike checks that the head tags of generated and
// hand-written pages, which come from one component (component.Head)
// through their front matter, agree with what Hugo says of the page:
// canonical address, alternates in each language at the same path, and
// the same Open Graph properties (a description when the page has one).
func TestHeadTagsAlike(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	og := regexp.MustCompile(`<meta property="(og:[a-z_:]+)" content="([^"]*)">`)
	alt := regexp.MustCompile(`<link rel="alternate" hreflang="([a-z]+)" href="([^"]*)">`)
	canon := regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	base := s.srv.URL + "/"
	for _, c := range []struct{ file, path, lang string }{
		{"about/index.html", "about/", "en"}, {"fr/about/index.html", "about/", "fr"},
		{"campaigns/big-french-overseas-territories/index.html", "campaigns/big-french-overseas-territories/", "en"},
		{"fr/places/nc/index.html", "places/nc/", "fr"}, {"campaigns/index.html", "campaigns/", "en"},
	} {
		b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(c.file)))
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(b), "</head>")
		props := map[string]string{}
		var names []string
		for _, m := range og.FindAllStringSubmatch(head, -1) {
			props[m[1]] = m[2]
			names = append(names, m[1])
		}
		names = slices.DeleteFunc(names, func(n string) bool { return n == "og:description" }) // only pages with a description
		slices.Sort(names)
		want := []string{"og:image", "og:image:alt", "og:image:height", "og:image:type", "og:image:width", "og:locale", "og:site_name", "og:title", "og:type", "og:url"}
		if !slices.Equal(names, want) {
			t.Errorf("%s: Open Graph properties %v, want %v", c.file, names, want)
		}
		if props["og:image"] != base+"og.png" {
			t.Errorf("%s: og:image %q, want the site image %s", c.file, props["og:image"], base+"og.png")
		}
		self := base + c.path
		if c.lang == "fr" {
			self = base + "fr/" + c.path
		}
		if m := canon.FindStringSubmatch(head); m == nil || m[1] != self || props["og:url"] != self || props["og:locale"] != c.lang {
			t.Errorf("%s: canonical %v, og:url %q, og:locale %q; want %s", c.file, m, props["og:url"], props["og:locale"], self)
		}
		alts := map[string]string{}
		for _, m := range alt.FindAllStringSubmatch(head, -1) {
			alts[m[1]] = m[2]
		}
		if alts["en"] != base+c.path || alts["fr"] != base+"fr/"+c.path || len(alts) != 2 {
			t.Errorf("%s: alternates %v", c.file, alts)
		}
	}
}
