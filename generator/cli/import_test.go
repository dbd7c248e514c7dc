package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fetch"
	"github.com/spf13/cobra"
)

const disarmFixture = "../importer/testdata/mini-disarm.json"

// loopbackGetter makes fetch clients that may reach httptest servers and
// whose politeness and retry waits cost no time.
func loopbackGetter(maxBody int64) (getter, error) {
	return fetch.New(fetch.Config{
		Version: "test", SiteURL: "https://interference.watch", AllowLoopback: true, MaxBody: maxBody,
		MinDelay: time.Millisecond, Timeout: 5 * time.Second, ConnectTimeout: time.Second,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
}

// runCommand runs the command mk builds for a project at root, in-process.
func runCommand(t *testing.T, root string, mk func(*env) *cobra.Command, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, root: root,
		now: func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }}
	c := mk(e)
	c.SetArgs(args)
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	c.SilenceUsage, c.SilenceErrors = true, true
	err = c.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

// tableRow matches a row of a tablewriter table with the given cells.
func tableRow(cells ...string) *regexp.Regexp {
	for i, c := range cells {
		cells[i] = regexp.QuoteMeta(c)
	}
	return regexp.MustCompile(`(?m)^\W*` + strings.Join(cells, `\s*\W\s*`) + `\s*\W*$`)
}

func TestImportDisarmTwice(t *testing.T) {
	root := t.TempDir()
	for _, run := range []struct {
		name       string
		wantRows   [][]string
		wantStderr string
	}{
		{"first import", [][]string{{"created", "3"}, {"unchanged", "0"}, {"skipped: revoked", "1"}, {"skipped: no technique id", "2"}},
			"created data/techniques/T0002.001.yaml"},
		{"second import writes nothing", [][]string{{"created", "0"}, {"updated", "0"}, {"unchanged", "3"}}, ""},
	} {
		t.Run(run.name, func(t *testing.T) {
			stdout, stderr, err := runCommand(t, root, importCmd, "disarm", "--from", disarmFixture)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			for _, row := range run.wantRows {
				if !tableRow(row...).MatchString(stdout) {
					t.Errorf("no row %q in:\n%s", row, stdout)
				}
			}
			if !strings.Contains(stderr, run.wantStderr) || (run.wantStderr == "") != (stderr == "") {
				t.Errorf("stderr = %q, want %q", stderr, run.wantStderr)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(root, "data", "techniques", "*.yaml"))
	if len(files) != 3 {
		t.Errorf("%d technique files, want 3", len(files))
	}
}

func TestImportDisarmFromURL(t *testing.T) {
	bundle, err := os.ReadFile(disarmFixture)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/DISARM.json" {
			http.NotFound(w, r)
			return
		}
		w.Write(bundle)
	}))
	defer srv.Close()
	mk := func(e *env) *cobra.Command { return importDisarmCmd(e, loopbackGetter) }
	for _, tc := range []struct {
		name, from, wantErr string
	}{
		{"bundle", srv.URL + "/DISARM.json", ""},
		{"missing bundle", srv.URL + "/gone.json", "status 404"},
		{"missing file", filepath.Join(t.TempDir(), "none.json"), "no such file"},
		{"not a bundle", "../../go.mod", "read STIX bundle"},
		{"no --from", "", `required flag(s) "from" not set`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			args := []string{}
			if tc.from != "" {
				args = append(args, "--from", tc.from)
			}
			_, _, err := runCommand(t, root, mk, args...)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := os.Stat(filepath.Join(root, "data", "techniques", "T0001.yaml")); err != nil {
					t.Error(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}
