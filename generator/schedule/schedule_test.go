package schedule

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fixture"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/interference-watch/portal/generator/publish"
)

// mustProject makes a project folder from the valid data fixture and the
// real site/ and content/.
func mustProject(t *testing.T) string {
	t.Helper()
	return fixture.Project(t, "../..", "../validate/testdata/valid/data")
}

// mustConfig returns a config over a fresh project whose log is shown
// when the test fails.
func mustConfig(t *testing.T) (Config, *fixture.Buffer) {
	t.Helper()
	logs := &fixture.Buffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log("logs:\n" + logs.String())
		}
	})
	return Config{
		Spec:     "17 6 * * *",
		Build:    publish.Config{Root: mustProject(t)},
		StateDir: filepath.Join(t.TempDir(), "state"),
		Log:      slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Grace:    50 * time.Millisecond,
	}, logs
}

func mustNew(t *testing.T, cfg Config) *Scheduler {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// mustGet fetches url and returns its status code and body.
func mustGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

func assertGet(t *testing.T, url string, code int, want string) {
	t.Helper()
	got, body := mustGet(t, url)
	if got != code || !strings.Contains(body, want) {
		t.Errorf("GET %s = %d, want %d with %q; body:\n%.600s", url, got, code, want, body)
	}
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sites lists the built folders on disk.
func sites(t *testing.T, s *Scheduler) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(s.session, "site-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRunOnceServesAndKeepsLastGoodSite(t *testing.T) {
	cfg, _ := mustConfig(t)
	s := mustNew(t, cfg)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	assertGet(t, srv.URL+"/healthz", http.StatusServiceUnavailable, "no good build")
	assertGet(t, srv.URL+"/", http.StatusServiceUnavailable, "being built")
	assertGet(t, srv.URL+"/_status", http.StatusOK, "no good build yet")

	ctx := context.Background()
	if err := s.RunOnce(ctx, true); err != nil {
		t.Fatalf("first run: %v", err)
	}
	assertGet(t, srv.URL+"/healthz", http.StatusOK, "ok")
	assertGet(t, srv.URL+"/campaigns/op/", http.StatusOK, "Operation")
	assertGet(t, srv.URL+"/no/such/page/", http.StatusNotFound, "")
	assertGet(t, srv.URL+"/_status", http.StatusOK, "ok, ")

	campaign := filepath.Join(cfg.Build.Root, "data", "campaigns", "op.yaml")
	good, _ := os.ReadFile(campaign)
	mustWrite(t, campaign, strings.NewReplacer("name: Operation", "name: Renamed Operation", "status: ended", "status: bogus").Replace(string(good)))
	err := s.RunOnce(ctx, true)
	if !errors.Is(err, publish.ErrInvalid) {
		t.Fatalf("run over bad data: err = %v, want ErrInvalid", err)
	}
	assertGet(t, srv.URL+"/campaigns/op/", http.StatusOK, "<h1>Operation")
	assertGet(t, srv.URL+"/healthz", http.StatusOK, "ok")
	assertGet(t, srv.URL+"/_status", http.StatusOK, "data/campaigns/op.yaml:")
	if st := s.Status(); !st.Serving || st.Last.Err == nil || len(st.Last.Problems) == 0 {
		t.Errorf("status after a failed run = %+v", st)
	}
	if n := len(sites(t, s)); n != 1 {
		t.Errorf("%d site folders after a failed run, want 1", n)
	}

	mustWrite(t, campaign, strings.Replace(string(good), "name: Operation", "name: Renamed Operation", 1))
	if err := s.RunOnce(ctx, true); err != nil {
		t.Fatalf("run after the fix: %v", err)
	}
	assertGet(t, srv.URL+"/campaigns/op/", http.StatusOK, "Renamed Operation")
	deadline := time.Now().Add(5 * time.Second)
	for len(sites(t, s)) != 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(sites(t, s)); n != 1 {
		t.Errorf("%d site folders after the grace period, want 1", n)
	}
}

func TestStatusPageEscapes(t *testing.T) {
	cfg, logs := mustConfig(t)
	cfg.Scrape = func(context.Context) error { return errors.New(`<script>alert("x")</script>`) }
	s := mustNew(t, cfg)
	if err := s.RunOnce(context.Background(), true); err == nil || !strings.HasPrefix(err.Error(), "scrape: ") {
		t.Fatalf("err = %v, want the scrape error", err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/_status", nil))
	page := rec.Body.String()
	for _, want := range []string{"failed: scrape: &lt;script&gt;", "<dt>Duration</dt>", "<dt>Next run</dt>", "17 6 * * *"} {
		if !strings.Contains(page, want) {
			t.Errorf("status page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Errorf("status page not escaped:\n%s", page)
	}
	if !strings.Contains(logs.String(), "run failed; still serving the last good site") {
		t.Error("failure not logged")
	}
}

func TestNewRejectsBadCron(t *testing.T) {
	for _, tc := range []struct {
		name, spec string
		seconds    bool
	}{
		{"empty", "", false},
		{"minute out of range", "61 * * * *", false},
		{"too few fields", "17 6 * *", false},
		{"seconds without the option", "0 17 6 * * *", false},
		{"words", "every day at six", false},
		{"five fields with seconds on", "17 6 * * *", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _ := mustConfig(t)
			cfg.Spec, cfg.Seconds = tc.spec, tc.seconds
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), `cron expression "`+tc.spec+`"`) || !strings.Contains(err.Error(), "want ") {
				t.Fatalf("err = %v, want a clear cron error", err)
			}
			if _, err := os.Stat(cfg.StateDir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("state folder created despite the error")
			}
		})
	}
}

func TestNewRejectsUnwritableStateDir(t *testing.T) {
	cfg, _ := mustConfig(t)
	blocker := filepath.Join(t.TempDir(), "a-file")
	mustWrite(t, blocker, "not a folder")
	cfg.StateDir = filepath.Join(blocker, "state")
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "state folder "+cfg.StateDir) {
		t.Fatalf("err = %v, want a state folder error", err)
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(t.TempDir(), "read-only")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		cfg.StateDir = ro
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "is not writable") {
			t.Fatalf("err = %v, want a not-writable error", err)
		}
	}
}

func TestServeRejectsPortInUse(t *testing.T) {
	cfg, _ := mustConfig(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = Serve(context.Background(), cfg, ln.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "cannot listen on "+ln.Addr().String()) || !strings.Contains(err.Error(), "already in use") {
		t.Fatalf("err = %v, want a clear address-in-use error", err)
	}
	if left := leftIn(cfg.StateDir); len(left) != 0 {
		t.Errorf("state folder not cleaned up: %v", left)
	}
}

// leftIn lists what is in the state folder besides its marker.
func leftIn(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		if e.Name() != outdir.StateMarker {
			left = append(left, e.Name())
		}
	}
	return left
}

// TestNewRefusesStateFolderInProject: a state folder that is, holds or
// lies inside the project's own folders, or holds files portal did not
// put there, is refused with outdir.ErrRefused and nothing is written.
func TestNewRefusesStateFolderInProject(t *testing.T) {
	cfg, _ := mustConfig(t)
	root := cfg.Build.Root
	before := fixture.HashTree(t, root)
	fixture.WriteFiles(t, root, map[string]string{"notes/todo.txt": "mine"})
	for _, dir := range []string{"data", "data/sources", "site", "content/en", ".", "..", "notes"} {
		cfg.StateDir = filepath.Join(root, dir)
		if _, err := New(cfg); !errors.Is(err, outdir.ErrRefused) {
			t.Errorf("state folder %s: err = %v, want outdir.ErrRefused", dir, err)
		}
	}
	if err := os.Remove(filepath.Join(root, "notes", "todo.txt")); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(filepath.Join(root, "notes"))
	if after := fixture.HashTree(t, root); after != before {
		t.Error("the project changed")
	}
}

// TestNewRemovesStaleRunFolders: a schedule killed with SIGKILL leaves
// its folder and its per-run builds under the state folder; the next
// start removes them, and leaves a running schedule's folder alone.
func TestNewRemovesStaleRunFolders(t *testing.T) {
	cfg, logs := mustConfig(t)
	live := mustNew(t, cfg)
	stale := filepath.Join(cfg.StateDir, "portal-schedule-123")
	fixture.WriteFiles(t, stale, map[string]string{"site-456/index.html": "half a build"})
	s := mustNew(t, cfg)
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale run folder still there: %v", err)
	}
	for _, dir := range []string{live.session, s.session} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("a live schedule's folder went: %v", err)
		}
	}
	if !strings.Contains(logs.String(), "portal-schedule-123") {
		t.Error("removal not logged")
	}
}
