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
			"url: %s%s\ntitle: T\npublisher: pub\nkind: news\n%sstatus: unreviewed\n", site, p, archive)
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
			[]string{"## Dead links (0)", "| `src-1` | `data/sources/src-1.yaml` | `" + site.URL + "/moved` | `" + site.URL + "/ok` |"}},
		{"missing link is not yet dead", []string{"/ok", "/gone"}, false,
			[][]string{{"live", "1"}, {"dead", "0"}, {"missing once", "1"}},
			[]string{"## Missing once (1)", "| `src-1` | `data/sources/src-1.yaml` | `" + site.URL + "/gone` | status 404"}},
		{"archive suggested", []string{"/gone!"}, false,
			[][]string{{"missing once", "1"}, {"archive suggestions", "1"}},
			[]string{"## Archive suggestions (1)", "`https://web.archive.org/web/2024/" + site.URL + "/gone` |"}},
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

// TestCheckLinksWriteArchives: --write-archives adds the suggested
// snapshot as archive_url (one line, the rest of the file unchanged), never
// a snapshot off the archive's host; --save-missing asks for a save of a
// source the archive lacks.
func TestCheckLinksWriteArchives(t *testing.T) {
	var saves []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/wayback/available":
			u := r.URL.Query().Get("url")
			switch {
			case strings.HasSuffix(u, "/nosnap"):
				fmt.Fprint(w, `{"archived_snapshots": {}}`)
			case strings.HasSuffix(u, "/evil"):
				fmt.Fprint(w, `{"archived_snapshots": {"closest": {"available": true, "status": "200", "url": "https://evil.example/phish"}}}`)
			default:
				fmt.Fprintf(w, `{"archived_snapshots": {"closest": {"available": true, "status": "200", "url": "http://web.archive.org/web/2024/%s"}}}`, u)
			}
		case strings.HasPrefix(r.URL.Path, "/save/"):
			saves = append(saves, strings.TrimPrefix(r.URL.RequestURI(), "/save/"))
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		default:
			fmt.Fprint(w, "<html>ok</html>")
		}
	}))
	t.Cleanup(srv.Close)
	mk := func(e *env) *cobra.Command {
		return newCheckLinksCmd(e, linkDeps{newGetter: loopbackGetter, wayback: srv.URL + "/wayback/available", save: srv.URL + "/save/"})
	}
	root := mustLinkProject(t, srv.URL, "/page!", "/nosnap!", "/evil!", "/kept")
	file := func(i int) string { return filepath.Join(root, "data", "sources", fmt.Sprintf("src-%d.yaml", i)) }
	before := []string{mustRead(t, file(0)), mustRead(t, file(1)), mustRead(t, file(2)), mustRead(t, file(3))}
	report := filepath.Join(t.TempDir(), "report.md")
	if _, stderr, err := runCommand(t, root, mk, "--report", report, "--write-archives", "--save-missing"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	want0 := strings.Replace(before[0], "status: unreviewed", "archive_url: \"https://web.archive.org/web/2024/"+srv.URL+"/page\"\nstatus: unreviewed", 1)
	if got := mustRead(t, file(0)); got != want0 {
		t.Errorf("src-0 =\n%s\nwant\n%s", got, want0)
	}
	for i := 1; i <= 3; i++ {
		if got := mustRead(t, file(i)); got != before[i] {
			t.Errorf("src-%d changed:\n%s", i, got)
		}
	}
	if len(saves) != 1 || !strings.HasSuffix(saves[0], "/nosnap") {
		t.Errorf("save requests = %q, want one for /nosnap", saves)
	}
	text := mustRead(t, report)
	for _, w := range []string{"## Archived copies proposed (3)", "save requested", "not on the archive's own host"} {
		if !strings.Contains(text, w) {
			t.Errorf("report lacks %q:\n%s", w, text)
		}
	}
	if out, _, err := mustRun(t, "validate", "-C", root); err != nil {
		t.Errorf("edited sources do not validate:\n%s", out)
	}
}

// TestCheckLinksDeadOnSecondRun: a 404 is dead only when a later run sees
// it again; then the command fails and names the file.
func TestCheckLinksDeadOnSecondRun(t *testing.T) {
	site := linkSite(t)
	mk := func(e *env) *cobra.Command {
		return newCheckLinksCmd(e, linkDeps{newGetter: loopbackGetter, wayback: site.URL + "/wayback/available"})
	}
	root := mustLinkProject(t, site.URL, "/ok", "/gone")
	if _, stderr, err := runCommand(t, root, mk); err != nil {
		t.Fatalf("first run: %v\n%s", err, stderr)
	}
	report := filepath.Join(t.TempDir(), "report.md")
	_, stderr, err := runCommand(t, root, mk, "--report", report)
	if !errors.Is(err, ErrProblems) || !strings.Contains(stderr, "data/sources/src-1.yaml") {
		t.Fatalf("second run: err %v, want dead link\n%s", err, stderr)
	}
	if text := mustRead(t, report); !strings.Contains(text, "## Dead links (1)") {
		t.Errorf("report:\n%s", text)
	}
}

// TestCheckLinksNetworkDown: when no link can be reached at all, the
// command says the network is unreachable, exits 2, writes no report and
// keeps the state as it was: nothing is marked dead.
func TestCheckLinksNetworkDown(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	mk := func(e *env) *cobra.Command {
		return newCheckLinksCmd(e, linkDeps{newGetter: loopbackGetter, wayback: down.URL + "/wayback/available"})
	}
	root := mustLinkProject(t, down.URL, "/a", "/b!")
	report := filepath.Join(t.TempDir(), "report.md")
	_, stderr, err := runCommand(t, root, mk, "--report", report)
	if !errors.Is(err, ErrNetworkDown) || ExitCode(err) != 2 {
		t.Fatalf("err = %v (exit %d), want ErrNetworkDown, exit 2\n%s", err, ExitCode(err), stderr)
	}
	if strings.Count(stderr, down.URL) > 1 || !strings.Contains(stderr, "network") {
		t.Errorf("stderr should say network once per URL:\n%s", stderr)
	}
	if _, err := os.Stat(report); err == nil {
		t.Error("a report was written")
	}
	if _, err := os.Stat(filepath.Join(root, ".cache", "link-status.json")); err == nil {
		t.Error("the state was saved")
	}
}
