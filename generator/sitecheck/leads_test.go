package sitecheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/validate"
)

// TestLeadsNeverPublished builds the fixture (one lead and one draft
// campaign with marker text)
// and the project's own data (the DISARM leads), and looks in every file
// of each built site (pages, feeds, exports, search index, sitemaps) for
// any lead's id, name or summary.
func TestLeadsNeverPublished(t *testing.T) {
	for _, c := range []struct{ name, data string }{{"fixture", filepath.Join("testdata", "data")}, {"seed", filepath.Join(repoRoot, "data")}} {
		t.Run(c.name, func(t *testing.T) {
			d, _, err := validate.Run(os.DirFS(filepath.Dir(c.data)), filepath.Base(c.data), validate.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Leads) == 0 {
				t.Fatal("no leads to look for")
			}
			var needles []string
			for _, l := range d.Leads {
				needles = append(needles, "leads/"+l.ID, l.ID+".yaml")
				if len(l.Summary) >= 40 && !strings.ContainsAny(l.Summary[:40], "<>&\"'") {
					needles = append(needles, l.Summary[:40])
				}
			}
			if c.name == "fixture" {
				needles = append(needles, "Leadmarker", "leadmarker", "I09999", "Draftmarker", "draftop")
			}
			s := mustSite(t, c.name, c.data)
			err = filepath.WalkDir(s.dir, func(p string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				if rel, _ := filepath.Rel(s.dir, p); (strings.Contains("/"+filepath.ToSlash(rel), "/leads/") || strings.HasPrefix(filepath.Base(p), "disarm-i")) &&
					!strings.HasSuffix(p, "lead.schema.json") {
					t.Errorf("%s: a lead's file", p)
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				for _, n := range needles {
					if strings.Contains(string(b), n) {
						t.Errorf("%s holds %q, from a lead", p, n)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// Counts: the record counts the site shows leave leads out.
			if got := d.Counts(); got[dataset.KindLead] != 0 {
				t.Errorf("leads counted: %v", got)
			}
		})
	}
}
