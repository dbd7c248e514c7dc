package sitecheck

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/publish"
)

// repoRoot is the repository, two folders up from this package.
const repoRoot = "../.."

// require reports whether missing tools fail the tests instead of
// skipping them.
func require() bool { return os.Getenv("PORTAL_REQUIRE_CHECKS") == "1" }

// needTool skips (or fails, under PORTAL_REQUIRE_CHECKS=1) when a tool is
// missing.
func needTool(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if require() {
		t.Fatalf("%s is required but missing: %v", what, err)
	}
	t.Skipf("%s not available: %v", what, err)
}

type builtSite struct {
	dir string
	srv *httptest.Server
}

var (
	sitesMu sync.Mutex
	sites   = map[string]*builtSite{}
)

// mustSite builds the project made of dataDir's data and the real site/
// and content/ once per test binary, and serves it on loopback.
func mustSite(t *testing.T, name, dataDir string) *builtSite {
	t.Helper()
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if s, ok := sites[name]; ok {
		return s
	}
	root, err := os.MkdirTemp("", "sitecheck-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ src, dst string }{{dataDir, "data"}, {filepath.Join(repoRoot, "site"), "site"}, {filepath.Join(repoRoot, "content"), "content"}} {
		if err := os.CopyFS(filepath.Join(root, c.dst), os.DirFS(c.src)); err != nil {
			t.Fatal(err)
		}
	}
	// The server must exist first: its address is the site's base URL.
	out := filepath.Join(root, "public")
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	if _, err := publish.Build(publish.Config{Root: root, Out: out, BaseURL: srv.URL + "/"}); err != nil {
		srv.Close()
		t.Fatalf("build %s: %v", name, err)
	}
	handler = publish.Handler(out)
	s := &builtSite{dir: out, srv: srv}
	sites[name] = s
	return s
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range sites {
		s.srv.Close()
		os.RemoveAll(filepath.Dir(s.dir))
	}
	os.Exit(code)
}

// TestNuHTMLChecker runs the W3C Nu HTML checker over every page of the
// seed site: no error allowed.
func TestNuHTMLChecker(t *testing.T) {
	jar := filepath.Join(repoRoot, ".ci", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	_, err := os.Stat(jar)
	needTool(t, "vnu.jar (npm ci --prefix .ci)", err)
	_, err = exec.LookPath("java")
	needTool(t, "java", err)
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	runCheck(t, "java", "-jar", jar, "--skip-non-html", "--errors-only", s.dir)
}

// TestHTMLTest runs htmltest over the seed site: no broken internal
// link, image or anchor.
func TestHTMLTest(t *testing.T) {
	_, err := exec.LookPath("go")
	needTool(t, "go", err)
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	cfg := filepath.Join(t.TempDir(), "htmltest.yml")
	if err := os.WriteFile(cfg, []byte("CheckExternal: false\nCheckInternalHash: true\nIgnoreDirectoryMissingTrailingSlash: true\nOutputDir: "+t.TempDir()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(repoRoot)
	runCheckIn(t, abs, "go", "tool", "htmltest", "-c", cfg, s.dir)
}

func runCheck(t *testing.T, name string, args ...string) {
	t.Helper()
	runCheckIn(t, "", name, args...)
}

func runCheckIn(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("%s reports problems:\n%s", name, out.String())
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out.String())
	}
}
