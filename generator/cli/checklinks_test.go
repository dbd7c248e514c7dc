package cli

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/fixture"
	"github.com/spf13/cobra"
)

// linkSite answers /ok with a page, /moved with a redirect to /ok and
// anything else with 404. Its Wayback API holds a copy of every URL.
func linkSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			fmt.Fprint(w, "<html>ok</html>")
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/wayback/available":
			u := r.URL.Query().Get("url")
			fmt.Fprintf(w, `{"archived_snapshots": {"closest": {"available": true, "status": "200", "url": "http://web.archive.org/web/2024/%s"}}}`, u)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// mustLinkProject writes a project whose sources cite the given paths of
// site, each with an archive_url unless its path ends in "!".
func mustLinkProject(t *testing.T, site string, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{"data/organizations/pub.yaml": "name: Pub\nkind: media\nurl: https://pub.example/\n"}
	for i, p := range paths {
		archive := "archive_url: https://web.archive.org/web/2020/x\n"
		if q, ok := strings.CutSuffix(p, "!"); ok {
			p, archive = q, ""
		}
		files[fmt.Sprintf("data/sources/src-%d.yaml", i)] = fmt.Sprintf(
			"url: %s%s\ntitle: T\npublisher: pub\nkind: news\n%sstatus: reviewed\n", site, p, archive)
	}
	fixture.WriteFiles(t, root, files)
	return root
}

func TestCheckLinks(t *testing.T) {
	site := linkSite(t)
	mk := func(e *env) *cobra.Command {
		return newCheckLinksCmd(e, linkDeps{newGetter: loopbackGetter, wayback: site.URL + "/wayback/available"})
	}
	for _, tc := range []struct {
		name       string
		paths      []string
		wantDead   bool
		wantRows   [][]string
		wantReport []string
	}{
		{"live links pass", []string{"/ok", "/moved"}, false,
			[][]string{{"live", "1"}, {"redirected", "1"}, {"dead", "0"}},
			[]string{"## Dead links (0)", "| `src-1` | data/sources/src-1.yaml | " + site.URL + "/moved | " + site.URL + "/ok |"}},
		{"dead link fails", []string{"/ok", "/gone"}, true,
			[][]string{{"live", "1"}, {"dead", "1"}},
			[]string{"## Dead links (1)", "| `src-1` | data/sources/src-1.yaml | " + site.URL + "/gone | status 404"}},
		{"archive suggested", []string{"/gone!"}, true,
			[][]string{{"dead", "1"}, {"archive suggestions", "1"}},
			[]string{"## Archive suggestions (1)", "https://web.archive.org/web/2024/" + site.URL + "/gone |"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := mustLinkProject(t, site.URL, tc.paths...)
			before := mustSnapshot(t, filepath.Join(root, "data"))
			report := filepath.Join(t.TempDir(), "report.md")
			stdout, stderr, err := runCommand(t, root, mk, "--report", report)
			if tc.wantDead != errors.Is(err, ErrProblems) || (err != nil && !errors.Is(err, ErrProblems)) {
				t.Fatalf("err = %v, want dead %v\n%s", err, tc.wantDead, stderr)
			}
			for _, row := range tc.wantRows {
				if !tableRow(row...).MatchString(stdout) {
					t.Errorf("no row %q in:\n%s", row, stdout)
				}
			}
			text := mustRead(t, report)
			for _, want := range tc.wantReport {
				if !strings.Contains(text, want) {
					t.Errorf("report lacks %q:\n%s", want, text)
				}
			}
			if tc.wantDead && !strings.Contains(stderr, "data/sources/src-") {
				t.Errorf("stderr does not name the dead source's file:\n%s", stderr)
			}
			if _, err := os.Stat(filepath.Join(root, ".cache", "link-status.json")); err != nil {
				t.Errorf("state file: %v", err)
			}
			if after := mustSnapshot(t, filepath.Join(root, "data")); after != before {
				t.Error("check-links changed data files")
			}
		})
	}
}

// mustSnapshot concatenates every file under dir with its name.
func mustSnapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "\n" + string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
