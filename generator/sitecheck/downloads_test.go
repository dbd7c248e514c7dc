package sitecheck

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDownloadsLinkedAndReadable checks the built seed site's downloads:
// the data page links every file under /data/ in both languages, every
// CSV reads back with encoding/csv with as many cells in each row as in
// its header, every JSON file parses, and every Atom feed is well-formed.
func TestDownloadsLinkedAndReadable(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	files, err := os.ReadDir(filepath.Join(s.dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, p := range []string{"data/index.html", "fr/data/index.html"} {
		b, err := os.ReadFile(filepath.Join(s.dir, p))
		if err != nil {
			t.Fatal(err)
		}
		pages[p] = string(b)
	}
	n := 0
	for _, f := range files {
		name := f.Name()
		if f.IsDir() || name == "index.html" {
			continue
		}
		n++
		for p, page := range pages {
			if !strings.Contains(page, `href="/data/`+name+`"`) {
				t.Errorf("%s does not link /data/%s", p, name)
			}
		}
		data, err := os.ReadFile(filepath.Join(s.dir, "data", name))
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(name) {
		case ".csv":
			if !strings.HasPrefix(string(data), "\ufeff") || !strings.HasSuffix(string(data), "\r\n") {
				t.Errorf("%s: want a UTF-8 byte-order mark and CRLF line ends", name)
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Errorf("%s: %d rows, %v", name, len(rows), err)
			}
		case ".json":
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		default:
			t.Errorf("unexpected download %s: document it on the data page and check it here", name)
		}
	}
	if n < 10 {
		t.Errorf("only %d downloads under /data/", n)
	}
	feeds := 0
	_ = filepath.WalkDir(s.dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.Name() != "atom.xml" {
			return err
		}
		feeds++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Title   string   `xml:"title"`
		}
		if err := xml.Unmarshal(data, &feed); err != nil || feed.Title == "" {
			t.Errorf("%s: not an Atom feed: %v", p, err)
		}
		return nil
	})
	if feeds == 0 {
		t.Error("no Atom feed in the site")
	}
}

// TestSitemapsListExistingPages checks the seed site's sitemaps: every URL
// they list is a page of the build, in both languages, and robots.txt
// points to the index.
func TestSitemapsListExistingPages(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	robots, err := os.ReadFile(filepath.Join(s.dir, "robots.txt"))
	if err != nil || !strings.Contains(string(robots), "Sitemap: "+s.srv.URL+"/sitemap.xml") {
		t.Errorf("robots.txt = %q, %v", robots, err)
	}
	n := 0
	for _, name := range []string{"en/sitemap.xml", "fr/sitemap.xml"} {
		data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		var us struct {
			Locs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(data, &us); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, loc := range us.Locs {
			rel := strings.TrimPrefix(loc, s.srv.URL+"/")
			if _, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel), "index.html")); err != nil {
				t.Errorf("%s lists %s, which the build does not have", name, loc)
			}
			n++
		}
	}
	if n < 200 {
		t.Errorf("the sitemaps list only %d pages", n)
	}
}
