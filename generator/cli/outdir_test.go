package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fixture"
	"github.com/interference-watch/portal/generator/outdir"
)

// unsafeProject is a valid project with a .git/ folder, a symlink to
// data/ and a folder of someone's files, and the project's fingerprint.
func unsafeProject(t *testing.T) (root, hash string) {
	t.Helper()
	root = mustProject(t, "../validate/testdata/valid")
	fixture.WriteFiles(t, root, map[string]string{".git/HEAD": "ref: refs/heads/main\n", "notes/todo.txt": "mine"})
	if err := os.Symlink("data", filepath.Join(root, "records")); err != nil {
		t.Fatal(err)
	}
	return root, projectHash(t, root)
}

// projectHash fingerprints the project's folders.
func projectHash(t *testing.T, root string) string {
	t.Helper()
	var h []string
	for _, d := range []string{"data", "content", "site", ".git", "notes"} {
		h = append(h, fixture.HashTree(t, filepath.Join(root, d)))
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		h = append(h, e.Name())
	}
	return strings.Join(h, " ")
}

// unsafeOuts are --out values that name the project or its folders, or a
// folder no build wrote; relative ones are taken from the project root.
func unsafeOuts(root string) []string {
	return []string{"data", "content", "site", ".git", "data/sources", "content/en/new", ".", "..",
		filepath.Dir(root), "public/../data", "./site/", "records", "records/campaigns", "notes", root}
}

// TestBuildRefusesTheProjectAsOutput: build --out data (and content,
// site, .git, the root, a parent, a path through .. or a symlink, a
// folder no build wrote) fails with exit status 2, says why, and deletes
// or writes nothing.
func TestBuildRefusesTheProjectAsOutput(t *testing.T) {
	root, before := unsafeProject(t)
	for _, out := range unsafeOuts(root) {
		_, stderr, err := mustRun(t, "build", "-C", root, "--out", out)
		if code := ExitCode(err); code != 2 || !errors.Is(err, outdir.ErrRefused) {
			t.Errorf("build --out %s: exit status %d, err %v; want 2", out, code, err)
			continue
		}
		if !strings.Contains(err.Error(), "refusing output folder") || !strings.Contains(err.Error(), "nothing was written or deleted") {
			t.Errorf("build --out %s: unclear error %q", out, err)
		}
		if stderr != "" {
			t.Errorf("build --out %s: printed %q", out, stderr)
		}
		if after := projectHash(t, root); after != before {
			t.Fatalf("build --out %s changed the project", out)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(root)); len(entries) != 1 {
		t.Errorf("something was made beside the project: %v", entries)
	}
}

// TestServeAndScheduleRefuseTheProject: serve --out and schedule
// --state-dir are refused on the same grounds, with exit status 2.
func TestServeAndScheduleRefuseTheProject(t *testing.T) {
	root, before := unsafeProject(t)
	for _, out := range unsafeOuts(root) {
		_, _, err := mustRun(t, "serve", "-C", root, "--out", out, "--addr", "127.0.0.1:0", "--watch=false")
		if code := ExitCode(err); code != 2 || !strings.Contains(err.Error(), "refusing output folder") {
			t.Errorf("serve --out %s: exit status %d, err %v; want 2", out, code, err)
		}
		state := out
		if !filepath.IsAbs(state) {
			state = filepath.Join(root, out)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err = runSchedule(ctx, root, &fixture.Buffer{}, "--state-dir", state, "--serve", "127.0.0.1:0")
		cancel()
		if code := ExitCode(err); code != 2 || !strings.Contains(err.Error(), "refusing state folder") {
			t.Errorf("schedule --state-dir %s: exit status %d, err %v; want 2", out, code, err)
		}
		if after := projectHash(t, root); after != before {
			t.Fatalf("serve or schedule with %s changed the project", out)
		}
	}
}

// TestBuildReplacesItsOwnOutputAndSweepsDebris: a build leaves the marker
// in what it publishes, so the next build may replace it; what builds
// killed with SIGKILL left beside the output (a half-built
// .public.new-N, a parked public.old-…) is gone after the next build.
func TestBuildReplacesItsOwnOutputAndSweepsDebris(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site twice")
	}
	root := mustProject(t, "../validate/testdata/valid")
	if _, stderr, err := mustRun(t, "build", "-C", root); err != nil {
		t.Fatalf("first build: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "public", outdir.Marker)); err != nil {
		t.Fatalf("no marker in the published site: %v", err)
	}
	fixture.WriteFiles(t, root, map[string]string{
		".public.new-123/index.html":              "half built",
		"public.old-.public.new-456/index.html":   "parked",
		"public.old-.public.new-456/a/index.html": "parked",
	})
	if _, stderr, err := mustRun(t, "build", "-C", root); err != nil {
		t.Fatalf("second build: %v\n%s", err, stderr)
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.Contains(e.Name(), "public") && e.Name() != "public" {
			t.Errorf("left beside the site: %s", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(root, "public", "campaigns", "op", "index.html")); err != nil {
		t.Errorf("second build did not publish: %v", err)
	}
}

// TestCommandsRemoveTempFilesLeftInData: a write into data/ killed
// half-way leaves a hidden temporary file (".ID.yaml.N.tmp") that a later
// "git add data" would commit; any command's start removes it.
func TestCommandsRemoveTempFilesLeftInData(t *testing.T) {
	root := mustProject(t, "../validate/testdata/valid")
	tmp := filepath.Join(root, "data", "sources", ".new-report.yaml.2718281828.tmp")
	fixture.WriteFiles(t, root, map[string]string{"data/sources/.new-report.yaml.2718281828.tmp": "id: new-rep"})
	_, stderr, err := mustRun(t, "validate", "-C", root)
	if err != nil {
		t.Fatalf("validate: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file still in data/: %v", err)
	}
	if !strings.Contains(stderr, ".new-report.yaml.2718281828.tmp") {
		t.Errorf("removal not reported: %q", stderr)
	}
}

// TestServeOutPublishesEachBuild: serve --out publishes every good build
// there, marker included, and serves it from there.
func TestServeOutPublishesEachBuild(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	root := mustProject(t, "../validate/testdata/valid")
	out := filepath.Join(root, "public")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr fixture.Buffer
	errc := make(chan error, 1)
	go func() {
		e := &env{ctx: ctx, stdout: &bytes.Buffer{}, stderr: &stderr, root: root, now: time.Now}
		errc <- e.serve(ctx, buildFlags{out: "public", baseURL: "http://" + addr + "/"}, addr, false)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(stderr.String(), "serving http://") {
		if time.Now().After(deadline) {
			t.Fatalf("not serving in time:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	res, err := http.Get("http://" + addr + "/campaigns/op/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /campaigns/op/ = %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(out, outdir.Marker)); err != nil {
		t.Errorf("not published into --out: %v", err)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
}

// TestServeShowsProblemsAndReloads: serve starts even with invalid data
// and shows the problems in the browser; each rebuild wakes the pages'
// live-reload stream; a failed rebuild shows its problems over the last
// good page.
func TestServeShowsProblemsAndReloads(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	root := mustProject(t, "../validate/testdata/valid")
	op := filepath.Join(root, "data", "campaigns", "op.yaml")
	good := mustRead(t, op)
	broken := strings.Replace(good, "status: ended", "status: finished", 1)
	if err := os.WriteFile(op, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr fixture.Buffer
	errc := make(chan error, 1)
	go func() {
		e := &env{ctx: ctx, stdout: &bytes.Buffer{}, stderr: &stderr, root: root, now: time.Now}
		errc <- e.serve(ctx, buildFlags{baseURL: "http://" + addr + "/"}, addr, true)
	}()
	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not in time\n%s", what, stderr.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("serving", func() bool { return strings.Contains(stderr.String(), "serving http://") })
	code, page := get("/")
	if code != http.StatusServiceUnavailable || !strings.Contains(page, "data/campaigns/op.yaml:") || !strings.Contains(page, `not &#34;finished&#34;`) || !strings.Contains(page, "/_portal/live.js") {
		t.Fatalf("before a good build: %d\n%s", code, page)
	}
	if code, js := get("/_portal/live.js"); code != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("live.js: %d %s", code, js)
	}
	if err := os.WriteFile(op, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("good rebuild", func() bool { c, _ := get("/campaigns/op/"); return c == 200 })
	_, page = get("/campaigns/op/")
	if strings.Contains(page, "portal-problems") || !strings.Contains(page, `src="/_portal/live.js"`) {
		t.Errorf("good page: overlay or no reload script:\n%s", page)
	}
	if !strings.Contains(stderr.String(), "changed: data/campaigns/op.yaml\n") || !strings.Contains(stderr.String(), "rebuilt in ") {
		t.Errorf("rebuild not named or timed:\n%s", stderr.String())
	}
	if err := os.WriteFile(op, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("failed rebuild shown", func() bool { _, p := get("/campaigns/op/"); return strings.Contains(p, "portal-problems") })
	if code, page := get("/campaigns/op/"); code != 200 || !strings.Contains(page, "last good page") {
		t.Errorf("after a failed rebuild: %d\n%s", code, page)
	}
	// The fix, with a new name, is an update in place of the last good
	// build, not a full build.
	if err := os.WriteFile(op, []byte(strings.Replace(good, "name: Operation", "name: Operation renamed", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the renamed page, without the problems", func() bool {
		_, p := get("/campaigns/op/")
		return strings.Contains(p, "Operation renamed") && !strings.Contains(p, "portal-problems")
	})
	// It is previewed first (the record's own pages), then the rest of
	// the site is updated in place.
	waitFor("the edit previewed", func() bool { return strings.Contains(stderr.String(), "previewed 2 pages in ") })
	waitFor("the rest of the site", func() bool { return strings.Contains(stderr.String(), "the rest of the site rebuilt in ") })
	if !strings.Contains(stderr.String(), "updated in place") || strings.Contains(stderr.String(), "building in full") {
		t.Errorf("the edit was not an update in place:\n%s", stderr.String())
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
}

// TestServeBusyPortFailsAtOnce: a busy port is said before any build.
func TestServeBusyPortFailsAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	root := mustProject(t, "../validate/testdata/valid")
	start := time.Now()
	_, stderr, err := mustRun(t, "serve", "-C", root, "--addr", ln.Addr().String(), "--watch=false")
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("err = %v\n%s", err, stderr)
	}
	if strings.Contains(stderr, "built ") || time.Since(start) > 5*time.Second {
		t.Errorf("built before finding the port busy:\n%s", stderr)
	}
}
